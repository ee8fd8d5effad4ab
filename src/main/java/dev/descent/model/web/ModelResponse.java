package dev.descent.model.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.ModelType;
import dev.descent.model.ModelManifest;
import dev.descent.model.TrainedModel;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The model view: weights and bias apply to raw features, p = σ(w·x + b) or ŷ = w·x + b. */
public record ModelResponse(
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
        @Schema(description = "The same metrics on the rows the job held out (validationFraction); absent when it held none out")
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> validationMetrics,
        @Schema(description = "The epoch whose weights the model has: epochs, or the best one early stopping restored")
        int bestEpoch,
        @Schema(description = "The model this one's training started from (hyperparameters.initialModelId); null when it started afresh")
        String parentModelId,
        @Schema(description = "What the run depended on, to repeat it bit for bit: the dataset's sha256, the seed, the "
                + "kernel, the engine's libraries and CPU kernels, the JDK and descent's version and commit; with "
                + "these hyperparameters on that dataset the same weights come out. Null for models stored before 0.2")
        ModelManifest manifest,
        @Schema(description = "logistic models: the probability at and above which the label is 1, as the "
                + "thresholdPolicy chose it; a prediction's ?threshold= overrides it. Null for linear models")
        Double threshold) {

    static ModelResponse of(TrainedModel m) {
        return new ModelResponse(m.id(), m.modelType(), m.featureNames(), m.target(), m.weights(), m.bias(),
                m.datasetId(), m.trainingJobId(), m.hyperparameters(), m.metrics(), m.epochs(), m.kernel(), m.createdAt(),
                m.validationMetrics(), m.bestEpoch(), m.parentModelId(), m.manifest(), m.threshold());
    }
}
