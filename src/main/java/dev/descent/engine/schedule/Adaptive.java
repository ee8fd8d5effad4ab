package dev.descent.engine.schedule;

import dev.descent.engine.InvalidHyperparameterException;

/**
 * A rate kept at η₀ while the monitored loss improves and divided by 5 each time it stops improving,
 * after scikit-learn's 'adaptive'.
 *
 * <p>An epoch <em>improves</em> when its loss is below the best loss so far minus the tolerance:
 * {@code loss < best − tolerance}. The best loss is the lowest seen, even when it was lower by less than the
 * tolerance (scikit-learn's {@code best_loss_}); a finite first loss always improves on best = +∞, and a NaN
 * loss never improves. After {@code patience} epochs in a row without improvement the rate is divided and the
 * count starts again from 0, so the next division needs another {@code patience} epochs without improvement.
 * A division at the end of epoch t applies from epoch t + 1.
 *
 * <p>Where scikit-learn differs: it divides after n_iter_no_change + 1 such epochs (11 by default) and stops
 * training once the rate falls below 1e-6, where here the count is {@code patience} and stopping is the stopping
 * rule's business; and it counts a failure as {@code loss > best − tol}, so a loss of exactly best − tol, or NaN,
 * improves there and does not here.
 *
 * @param patience  the epochs in a row without improvement that divide the rate, at least 1; the default 5 is the
 *                  engine's early-stopping patience
 * @param tolerance how far below the best loss an epoch's loss must fall to improve, a finite number of at least
 *                  0; the default 1e-4 is scikit-learn's tol
 */
public record Adaptive(int patience, double tolerance) implements LearningRateSchedule {

    public static final String NAME = "adaptive";
    public static final int DEFAULT_PATIENCE = 5;
    public static final double DEFAULT_TOLERANCE = 1e-4;
    /** scikit-learn's, fixed. */
    public static final double DIVISOR = 5;

    public Adaptive {
        if (patience < 1) {
            throw new InvalidHyperparameterException("patience", "must be at least 1, got " + patience);
        }
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new InvalidHyperparameterException("tolerance", "must be a finite number of at least 0, got " + tolerance);
        }
    }

    public static Adaptive defaults() {
        return new Adaptive(DEFAULT_PATIENCE, DEFAULT_TOLERANCE);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run start(double initialRate, int epochs) {
        return new AdaptiveRun(new Horizon(initialRate, epochs), patience, tolerance);
    }

    private static final class AdaptiveRun implements Run {

        private final Horizon horizon;
        private final int patience;
        private final double tolerance;
        private double rate;
        private double best = Double.POSITIVE_INFINITY;
        /** The epochs in a row without improvement since the last improvement or division. */
        private int withoutImprovement;

        AdaptiveRun(Horizon horizon, int patience, double tolerance) {
            this.horizon = horizon;
            this.patience = patience;
            this.tolerance = tolerance;
            this.rate = horizon.initialRate();
        }

        @Override
        public double rate(int epoch) {
            horizon.check(epoch);
            return rate;
        }

        @Override
        public void epochEnded(double loss) {
            // improves: loss < best − tolerance
            if (loss < best - tolerance) {
                withoutImprovement = 0;
            } else if (++withoutImprovement == patience) {
                // η ← η / 5
                rate /= DIVISOR;
                withoutImprovement = 0;
            }
            if (loss < best) {
                best = loss;
            }
        }
    }
}
