package dev.descent.training.web;

import dev.descent.engine.ModelType;

/** {@code {"datasetId"} or {"dataset": {...}}, "modelType", "hyperparameters"}. */
public record TrainingJobRequest(String datasetId, InlineDatasetRequest dataset, ModelType modelType,
                                 HyperparametersRequest hyperparameters) {
}
