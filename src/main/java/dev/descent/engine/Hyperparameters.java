package dev.descent.engine;

/**
 * The settings of one training run, validated on construction.
 *
 * @param learningRate η in θ ← θ − η·∇, finite and positive
 * @param epochs       the most passes over the data
 * @param batchSize    rows per mini-batch (the last batch of an epoch may be shorter)
 * @param tolerance    stop when the epoch loss improved by less than this over the last {@link #PATIENCE} epochs; 0 never stops early
 * @param seed         seeds the shuffle and the random initialization
 * @param shuffle      visit rows in a fresh seeded order each epoch, or in file order
 * @param initialization zeros or small seeded normal values
 * @param standardize  train on features scaled to zero mean and unit variance; the fitted weights are mapped back to raw features
 * @param shuffleMode  how a shuffled run orders its rows: per-epoch row permutation, block permutation, or chosen
 *                     by the size of the data; null (a record stored before the field existed) means auto
 */
public record Hyperparameters(
        double learningRate,
        int epochs,
        int batchSize,
        double tolerance,
        long seed,
        boolean shuffle,
        Initialization initialization,
        boolean standardize,
        ShuffleMode shuffleMode) {

    public static final double DEFAULT_LEARNING_RATE = 0.01;
    public static final int DEFAULT_EPOCHS = 1000;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final double DEFAULT_TOLERANCE = 1e-4;
    /** Epochs over which the loss must improve by at least the tolerance. */
    public static final int PATIENCE = 5;

    public Hyperparameters {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new InvalidHyperparameterException("learningRate", "must be a finite number greater than 0, got " + learningRate);
        }
        if (epochs < 1) {
            throw new InvalidHyperparameterException("epochs", "must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new InvalidHyperparameterException("batchSize", "must be at least 1, got " + batchSize);
        }
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new InvalidHyperparameterException("tolerance", "must be a finite number of at least 0, got " + tolerance);
        }
        if (initialization == null) {
            throw new InvalidHyperparameterException("initialization", "must be zeros or random");
        }
        if (shuffleMode == null) {
            shuffleMode = ShuffleMode.AUTO;
        }
    }

    /** The settings with {@link ShuffleMode#AUTO}, as before the shuffle mode existed. */
    public Hyperparameters(double learningRate, int epochs, int batchSize, double tolerance, long seed, boolean shuffle,
                           Initialization initialization, boolean standardize) {
        this(learningRate, epochs, batchSize, tolerance, seed, shuffle, initialization, standardize, ShuffleMode.AUTO);
    }

    /** The defaults of seed notebook 000 with the given seed. */
    public static Hyperparameters defaults(long seed) {
        return new Hyperparameters(DEFAULT_LEARNING_RATE, DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_TOLERANCE,
                seed, true, Initialization.ZEROS, true, ShuffleMode.AUTO);
    }

    public Hyperparameters withLearningRate(double value) {
        return new Hyperparameters(value, epochs, batchSize, tolerance, seed, shuffle, initialization, standardize, shuffleMode);
    }

    public Hyperparameters withEpochs(int value) {
        return new Hyperparameters(learningRate, value, batchSize, tolerance, seed, shuffle, initialization, standardize, shuffleMode);
    }

    public Hyperparameters withBatchSize(int value) {
        return new Hyperparameters(learningRate, epochs, value, tolerance, seed, shuffle, initialization, standardize, shuffleMode);
    }

    public Hyperparameters withTolerance(double value) {
        return new Hyperparameters(learningRate, epochs, batchSize, value, seed, shuffle, initialization, standardize, shuffleMode);
    }

    public Hyperparameters withShuffle(boolean value) {
        return new Hyperparameters(learningRate, epochs, batchSize, tolerance, seed, value, initialization, standardize, shuffleMode);
    }

    public Hyperparameters withInitialization(Initialization value) {
        return new Hyperparameters(learningRate, epochs, batchSize, tolerance, seed, shuffle, value, standardize, shuffleMode);
    }

    public Hyperparameters withStandardize(boolean value) {
        return new Hyperparameters(learningRate, epochs, batchSize, tolerance, seed, shuffle, initialization, value, shuffleMode);
    }

    public Hyperparameters withShuffleMode(ShuffleMode value) {
        return new Hyperparameters(learningRate, epochs, batchSize, tolerance, seed, shuffle, initialization, standardize, value);
    }
}
