package dev.descent.engine;

/**
 * Stops a run once the monitored loss — the validation rows' when the run holds some out, the training loss
 * otherwise — has not improved on its best by more than {@code minDelta} for {@code patience} epochs in a row, as
 * Keras' {@code EarlyStopping} does.
 *
 * @param patience           epochs without improvement before the run stops, at least 1
 * @param minDelta           the least fall below the best loss that counts as an improvement, at least 0
 * @param restoreBestWeights end with the weights of the epoch with the best monitored loss instead of the last
 */
public record EarlyStopping(int patience, double minDelta, boolean restoreBestWeights) {

    public static final int DEFAULT_PATIENCE = 5;
    public static final double DEFAULT_MIN_DELTA = 0;

    public EarlyStopping {
        if (patience < 1) {
            throw new InvalidHyperparameterException("patience", "must be at least 1, got " + patience);
        }
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new InvalidHyperparameterException("minDelta", "must be a finite number of at least 0, got " + minDelta);
        }
    }

    public static EarlyStopping defaults() {
        return new EarlyStopping(DEFAULT_PATIENCE, DEFAULT_MIN_DELTA, true);
    }
}
