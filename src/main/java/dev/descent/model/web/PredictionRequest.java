package dev.descent.model.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** Rows to score: either {@code features} (arrays in the model's feature order) or {@code instances} (objects by feature name). */
@Schema(example = """
        {"features": [[5.0, 3.4, 1.5, 0.2], [6.1, 2.8, 4.7, 1.2]]}""")
public record PredictionRequest(
        @Schema(description = "Rows of feature values in the model's feature order") List<double[]> features,
        @Schema(description = "Rows as objects keyed by feature name", example = "[{\"sepal_length\": 6.1, \"sepal_width\": 2.8, \"petal_length\": 4.7, \"petal_width\": 1.2}]")
        List<Map<String, Double>> instances) {
}
