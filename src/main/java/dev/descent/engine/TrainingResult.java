package dev.descent.engine;

import java.util.List;
import java.util.Map;

/**
 * What a finished run produced.
 *
 * @param model       weights and bias over raw features
 * @param lossHistory the training loss of each epoch run, in order
 * @param converged   true when early stopping ended the run before its last epoch
 * @param metrics     measured in one full pass over the training data with the final model
 *                    (loss, plus accuracy/precision/recall/f1 or mse/rmse/mae/r2)
 * @param kernel      which mini-batch step implementation ran, for reports and benchmarks
 */
public record TrainingResult(LinearModel model, List<Double> lossHistory, boolean converged,
                             Map<String, Double> metrics, String kernel) {

    public TrainingResult {
        lossHistory = List.copyOf(lossHistory);
        metrics = Map.copyOf(metrics);
    }

    public int epochsRun() {
        return lossHistory.size();
    }
}
