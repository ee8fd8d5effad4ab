/** Trained models: immutable, durable, held in memory for predictions. */
package dev.descent.model;
