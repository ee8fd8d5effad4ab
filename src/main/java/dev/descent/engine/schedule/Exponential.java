package dev.descent.engine.schedule;

import dev.descent.engine.InvalidHyperparameterException;

/**
 * A rate multiplied by γ every epoch, like PyTorch's ExponentialLR.
 *
 * @param gamma γ, in (0, 1]; the default 0.95 is ours (ExponentialLR has none)
 */
public record Exponential(double gamma) implements LearningRateSchedule {

    public static final String NAME = "exponential";
    public static final double DEFAULT_GAMMA = 0.95;

    public Exponential {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new InvalidHyperparameterException("gamma", "must be in (0, 1], got " + gamma);
        }
    }

    public static Exponential defaults() {
        return new Exponential(DEFAULT_GAMMA);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run start(double initialRate, int epochs) {
        Horizon horizon = new Horizon(initialRate, epochs);
        // η = η₀·γ^(t−1)
        return epoch -> initialRate * Math.pow(gamma, horizon.check(epoch) - 1);
    }
}
