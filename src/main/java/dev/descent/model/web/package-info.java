/** HTTP adapter for the model repository and predictions. */
package dev.descent.model.web;
