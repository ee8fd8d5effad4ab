package dev.descent.training.web;

import dev.descent.engine.Hyperparameters;
import dev.descent.engine.Initialization;
import dev.descent.engine.InvalidHyperparameterException;
import dev.descent.engine.ShuffleMode;
import dev.descent.system.InvalidInputException;
import java.util.function.LongSupplier;

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
        ShuffleMode shuffleMode) {

    static final HyperparametersRequest DEFAULTS = new HyperparametersRequest(null, null, null, null, null, null, null, null, null);

    /** The effective hyperparameters; a missing seed is drawn at random and recorded. */
    Hyperparameters resolve(LongSupplier randomSeed) {
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
                    shuffleMode != null ? shuffleMode : ShuffleMode.AUTO);
        } catch (InvalidHyperparameterException e) {
            throw InvalidInputException.forField("hyperparameters." + e.field(), e.reason());
        }
    }
}
