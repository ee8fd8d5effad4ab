package dev.descent.engine;

import java.util.List;
import java.util.Map;

/**
 * What a finished run produced.
 *
 * @param model       weights and bias over raw features
 * @param lossHistory the training loss of each epoch run, in order
 * @param converged   true when early stopping ended the run before its last epoch
 * @param metrics     measured in one full pass over the training rows with the final model
 *                    (loss, plus accuracy/precision/recall/f1 or mse/rmse/mae/r2)
 * @param kernel      which mini-batch step implementation ran, for reports and benchmarks
 * @param validationMetrics the same metrics on the held-out rows; empty when the run held none out
 * @param bestEpoch   the epoch whose weights the model has: the last, or the best one early stopping restored
 * @param threshold   the probability at and above which a logistic model predicts class 1; null for linear models
 */
public record TrainingResult(LinearModel model, List<Double> lossHistory, boolean converged,
                             Map<String, Double> metrics, String kernel, Map<String, Double> validationMetrics,
                             int bestEpoch, Double threshold) {

    public TrainingResult {
        lossHistory = List.copyOf(lossHistory);
        metrics = Map.copyOf(metrics);
        validationMetrics = Map.copyOf(validationMetrics);
    }

    /** A run that held no rows out and kept its last epoch's weights. */
    public TrainingResult(LinearModel model, List<Double> lossHistory, boolean converged, Map<String, Double> metrics,
                          String kernel) {
        this(model, lossHistory, converged, metrics, kernel, Map.of(), lossHistory.size(),
                model.type() == ModelType.LOGISTIC_REGRESSION ? ThresholdPolicy.DEFAULT_THRESHOLD : null);
    }

    public int epochsRun() {
        return lossHistory.size();
    }
}
