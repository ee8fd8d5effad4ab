package dev.descent.training.web;

import dev.descent.engine.EarlyStopping;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.Initialization;
import dev.descent.engine.InvalidHyperparameterException;
import dev.descent.engine.KernelChoice;
import dev.descent.engine.Regularization;
import dev.descent.engine.ShuffleMode;
import dev.descent.engine.ThresholdPolicy;
import dev.descent.system.InvalidInputException;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.descent.engine.optimiser.Optimiser;
import dev.descent.engine.schedule.LearningRateSchedule;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Hyperparameters as a client sends them: every one optional, defaults as in seed notebook 000. */
public record HyperparametersRequest(
        Double learningRate,
        Integer epochs,
        Integer batchSize,
        Double tolerance,
        Long seed,
        Boolean shuffle,
        Initialization initialization,
        Boolean standardize,
        ShuffleMode shuffleMode,
        OptimizerRequest optimizer,
        LearningRateScheduleRequest learningRateSchedule,
        RegularizationRequest regularization,
        Double validationFraction,
        EarlyStoppingRequest earlyStopping,
        @Schema(description = "A stored model to continue from (a warm start): the same modelType and features, in the "
                + "same order; its weights replace initialization, and the new model names it as parentModelId")
        String initialModelId,
        @Schema(description = "logistic models: how the decision threshold is chosen, fixed (0.5, the default) or max-f1 "
                + "(the highest F1 on the held-out rows, the training rows without validationFraction); a prediction "
                + "request's threshold overrides it")
        ThresholdPolicy thresholdPolicy,
        @Schema(description = "auto (default): the fused fast step; nd4j: the reference step, the loss and gradient "
                + "as ND4J array operations, the same math (tested equal), slower")
        KernelChoice kernel) {

    static final HyperparametersRequest DEFAULTS = new HyperparametersRequest(null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null);

    /** The effective hyperparameters; a missing seed is drawn at random and recorded. */
    Hyperparameters resolve(LongSupplier randomSeed) {
        Optimiser update = resolve("optimizer", optimizer == null ? null : optimizer::resolve);
        LearningRateSchedule schedule = resolve("learningRateSchedule",
                learningRateSchedule == null ? null : learningRateSchedule::resolve);
        Regularization penalty = resolve("regularization", regularization == null ? null : regularization::resolve);
        EarlyStopping stopping = resolve("earlyStopping", earlyStopping == null ? null : earlyStopping::resolve);
        try {
            return new Hyperparameters(
                    learningRate != null ? learningRate : Hyperparameters.DEFAULT_LEARNING_RATE,
                    epochs != null ? epochs : Hyperparameters.DEFAULT_EPOCHS,
                    batchSize != null ? batchSize : Hyperparameters.DEFAULT_BATCH_SIZE,
                    tolerance != null ? tolerance : Hyperparameters.DEFAULT_TOLERANCE,
                    seed != null ? seed : randomSeed.getAsLong(),
                    shuffle == null || shuffle,
                    initialization != null ? initialization : Initialization.ZEROS,
                    standardize == null || standardize,
                    shuffleMode != null ? shuffleMode : ShuffleMode.AUTO,
                    update,
                    schedule,
                    penalty,
                    validationFraction != null ? validationFraction : 0,
                    stopping,
                    thresholdPolicy,
                    kernel);
        } catch (InvalidHyperparameterException e) {
            String group = e.field().equals("minLearningRate") ? "learningRateSchedule." : "";
            throw InvalidInputException.forField("hyperparameters." + group + e.field(), e.reason());
        }
    }

    /** An option group resolved into the engine's type, its errors named under the group. */
    private static <T> T resolve(String group, Supplier<T> option) {
        if (option == null) {
            return null;
        }
        try {
            return option.get();
        } catch (InvalidHyperparameterException e) {
            throw InvalidInputException.forField("hyperparameters." + group + "." + e.field(), e.reason());
        }
    }
}
