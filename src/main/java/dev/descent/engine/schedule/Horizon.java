package dev.descent.engine.schedule;

/**
 * The start and length of one scheduled run; refuses epochs outside it.
 *
 * @param initialRate η₀, finite and greater than 0 (the hyperparameters have checked it)
 * @param epochs      E, the most epochs the run lasts, at least 1
 */
record Horizon(double initialRate, int epochs) {

    Horizon {
        if (!(initialRate > 0) || !Double.isFinite(initialRate)) {
            throw new IllegalArgumentException("expected a finite initial rate greater than 0, got " + initialRate);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("expected at least 1 epoch, got " + epochs);
        }
    }

    /** {@code epoch}, if it is one of this run's: 1 to E. */
    int check(int epoch) {
        if (epoch < 1 || epoch > epochs) {
            throw new IllegalArgumentException("expected an epoch from 1 to " + epochs + ", got " + epoch);
        }
        return epoch;
    }
}
