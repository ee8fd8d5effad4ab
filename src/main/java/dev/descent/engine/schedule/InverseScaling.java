package dev.descent.engine.schedule;

import dev.descent.engine.InvalidHyperparameterException;

/**
 * A rate that falls as a power of the epoch, like scikit-learn's 'invscaling' (counted here in epochs, not samples).
 *
 * @param power p in η₀ / tᵖ, a finite number of at least 0 (0 is the constant rate); the default 0.5 is
 *              scikit-learn's power_t
 */
public record InverseScaling(double power) implements LearningRateSchedule {

    public static final String NAME = "inverse-scaling";
    public static final double DEFAULT_POWER = 0.5;

    public InverseScaling {
        if (!(power >= 0) || !Double.isFinite(power)) {
            throw new InvalidHyperparameterException("power", "must be a finite number of at least 0, got " + power);
        }
    }

    public static InverseScaling defaults() {
        return new InverseScaling(DEFAULT_POWER);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run start(double initialRate, int epochs) {
        Horizon horizon = new Horizon(initialRate, epochs);
        // η = η₀ / tᵖ
        return epoch -> initialRate / Math.pow(horizon.check(epoch), power);
    }
}
