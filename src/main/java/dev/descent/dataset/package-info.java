/** Datasets: streaming CSV and JSON ingest into the shared float32 layout, their summaries and their durable store. */
package dev.descent.dataset;
