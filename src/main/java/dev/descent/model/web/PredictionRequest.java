package dev.descent.model.web;

import java.util.List;
import java.util.Map;

/** Rows to score: either {@code features} (arrays in the model's feature order) or {@code instances} (objects by feature name). */
public record PredictionRequest(List<double[]> features, List<Map<String, Double>> instances) {
}
