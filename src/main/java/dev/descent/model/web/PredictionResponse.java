package dev.descent.model.web;

import dev.descent.model.Prediction;
import java.util.List;

/** {@code {"modelId", "predictions": [...]}}, one prediction per row, in request order. */
public record PredictionResponse(String modelId, List<Prediction> predictions) {
}
