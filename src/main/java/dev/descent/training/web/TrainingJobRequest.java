package dev.descent.training.web;

import dev.descent.engine.ModelType;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"datasetId"} or {"dataset": {...}}, "modelType", "hyperparameters"}. */
@Schema(example = """
        {"datasetId": "3f2b6c1e-8a4d-4f2e-9b7a-1c2d3e4f5a6b", "modelType": "logistic-regression",
         "hyperparameters": {"learningRate": 0.01, "epochs": 1000, "batchSize": 32, "seed": 42}}""")
public record TrainingJobRequest(
        @Schema(description = "A stored dataset's id; give this or dataset") String datasetId,
        @Schema(description = "Inline data for small jobs; stored as a dataset of source \"inline\"") InlineDatasetRequest dataset,
        @Schema(description = "logistic-regression (0/1 target) or linear-regression", requiredMode = Schema.RequiredMode.REQUIRED) ModelType modelType,
        @Schema(description = "Every hyperparameter is optional; defaults are filled and the seed recorded") HyperparametersRequest hyperparameters) {
}
