package dev.descent.engine.schedule;

import dev.descent.engine.InvalidHyperparameterException;

/**
 * A rate that falls along half a cosine from η₀ at the first epoch to η_min at the last, like PyTorch's
 * CosineAnnealingLR with T_max = E − 1 (no restarts).
 *
 * @param minLearningRate η_min, a finite number of at least 0 and below the run's initial rate
 */
public record Cosine(double minLearningRate) implements LearningRateSchedule {

    public static final String NAME = "cosine";
    public static final double DEFAULT_MIN_LEARNING_RATE = 0;

    public Cosine {
        if (!(minLearningRate >= 0) || !Double.isFinite(minLearningRate)) {
            throw new InvalidHyperparameterException("minLearningRate", "must be a finite number of at least 0, got " + minLearningRate);
        }
    }

    public static Cosine defaults() {
        return new Cosine(DEFAULT_MIN_LEARNING_RATE);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @throws InvalidHyperparameterException if the minimum is not below {@code initialRate}, which would make the rate rise or stand still */
    @Override
    public Run start(double initialRate, int epochs) {
        Horizon horizon = new Horizon(initialRate, epochs);
        if (!(minLearningRate < initialRate)) {
            throw new InvalidHyperparameterException("minLearningRate",
                    "must be below the learningRate (" + initialRate + "), got " + minLearningRate);
        }
        if (epochs == 1) {
            // the one epoch is the first: η₀ (the formula would divide by E − 1 = 0)
            return epoch -> {
                horizon.check(epoch);
                return initialRate;
            };
        }
        double span = epochs - 1;
        // η = η_min + ½(η₀ − η_min)(1 + cos(π(t−1)/(E−1)))
        return epoch -> minLearningRate
                + 0.5 * (initialRate - minLearningRate) * (1 + Math.cos(Math.PI * (horizon.check(epoch) - 1) / span));
    }
}
