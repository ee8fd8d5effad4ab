package dev.descent.engine.schedule;

import dev.descent.engine.InvalidHyperparameterException;

/**
 * A rate multiplied by γ every {@code stepEpochs} epochs, like PyTorch's StepLR.
 *
 * @param stepEpochs the epochs between two multiplications, at least 1; the default 10 is ours (StepLR has none)
 * @param gamma      γ, in (0, 1]; the default 0.5 is ours (StepLR's is 0.1)
 */
public record Step(int stepEpochs, double gamma) implements LearningRateSchedule {

    public static final String NAME = "step";
    public static final int DEFAULT_STEP_EPOCHS = 10;
    public static final double DEFAULT_GAMMA = 0.5;

    public Step {
        if (stepEpochs < 1) {
            throw new InvalidHyperparameterException("stepEpochs", "must be at least 1, got " + stepEpochs);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new InvalidHyperparameterException("gamma", "must be in (0, 1], got " + gamma);
        }
    }

    public static Step defaults() {
        return new Step(DEFAULT_STEP_EPOCHS, DEFAULT_GAMMA);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run start(double initialRate, int epochs) {
        Horizon horizon = new Horizon(initialRate, epochs);
        // η = η₀·γ^⌊(t−1)/stepEpochs⌋
        return epoch -> initialRate * Math.pow(gamma, (horizon.check(epoch) - 1) / stepEpochs);
    }
}
