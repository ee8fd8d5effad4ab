package dev.descent.model;

import dev.descent.engine.Hyperparameters;
import dev.descent.engine.LinearModel;
import dev.descent.engine.ModelType;
import dev.descent.engine.ThresholdPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A trained model as kept in the repository: raw-space weights and bias, where it came from, how well it fit.
 * Immutable once written.
 *
 * @param target  the name of the column the model predicts
 * @param epochs  epochs actually run (fewer than asked when early stopping ended the run)
 * @param kernel  the engine path that trained it
 * @param validationMetrics the metrics on the rows the job held out; null when it held none out (and in records
 *                          stored before validation existed)
 * @param bestEpoch the epoch whose weights these are: {@code epochs}, or an earlier one early stopping restored;
 *                  0 in records stored before it existed
 * @param parentModelId the model this one's training started from (a warm start); null when it started afresh
 * @param manifest what the run depended on, to repeat it; null in records stored before it existed
 * @param threshold the probability at and above which a logistic model predicts class 1, its hyperparameters'
 *                  {@code thresholdPolicy}'s; 0.5 in records stored before it existed; null for linear models
 */
public record TrainedModel(
        String id,
        ModelType modelType,
        List<String> featureNames,
        String target,
        List<Double> weights,
        double bias,
        String datasetId,
        String trainingJobId,
        Hyperparameters hyperparameters,
        Map<String, Double> metrics,
        int epochs,
        String kernel,
        Instant createdAt,
        Map<String, Double> validationMetrics,
        int bestEpoch,
        String parentModelId,
        ModelManifest manifest,
        Double threshold) {

    public TrainedModel {
        featureNames = List.copyOf(featureNames);
        weights = List.copyOf(weights);
        metrics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metrics));
        if (validationMetrics != null) {
            validationMetrics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(validationMetrics));
        }
        if (bestEpoch == 0) {
            bestEpoch = epochs;
        }
        if (threshold == null && modelType == ModelType.LOGISTIC_REGRESSION) {
            threshold = ThresholdPolicy.DEFAULT_THRESHOLD;
        }
        if (weights.size() != featureNames.size()) {
            throw new IllegalArgumentException("expected " + featureNames.size() + " weights, got " + weights.size());
        }
    }

    /** The engine's scoring form of this model. */
    public LinearModel linearModel() {
        return new LinearModel(modelType, weights.stream().mapToDouble(Double::doubleValue).toArray(), bias);
    }
}
