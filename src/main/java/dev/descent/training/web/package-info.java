/** HTTP adapter for training jobs, including their Server-Sent Events stream. */
package dev.descent.training.web;
