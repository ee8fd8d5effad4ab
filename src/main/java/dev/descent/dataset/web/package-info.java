/** The HTTP adapter of the dataset feature: {@code /api/v1/datasets}. */
package dev.descent.dataset.web;
