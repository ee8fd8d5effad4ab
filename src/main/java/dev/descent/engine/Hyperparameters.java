package dev.descent.engine;

import dev.descent.engine.optimiser.Optimiser;
import dev.descent.engine.optimiser.Sgd;
import dev.descent.engine.schedule.Constant;
import dev.descent.engine.schedule.LearningRateSchedule;

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
 * @param optimizer    the update rule; null (a record stored before the field existed) means plain SGD
 * @param learningRateSchedule the learning rate of each epoch from {@code learningRate}; null means constant
 * @param regularization the L1 and L2 penalties on the weights; null means none
 * @param validationFraction the share of rows held out, seeded (stratified by class for logistic regression), to
 *                     measure a validation loss after every epoch; 0 holds none out
 * @param earlyStopping when to stop on the monitored loss, and whether to restore the best epoch's weights; null
 *                     stops only on {@code tolerance} and {@code epochs}
 * @param thresholdPolicy how a logistic model picks its decision threshold; null means fixed (0.5)
 * @param kernel       the fused fast step ({@code auto}) or the ND4J reference step ({@code nd4j}); null means auto
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
        ShuffleMode shuffleMode,
        Optimiser optimizer,
        LearningRateSchedule learningRateSchedule,
        Regularization regularization,
        double validationFraction,
        EarlyStopping earlyStopping,
        ThresholdPolicy thresholdPolicy,
        KernelChoice kernel) {

    public static final double DEFAULT_LEARNING_RATE = 0.01;
    public static final int DEFAULT_EPOCHS = 1000;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final double DEFAULT_TOLERANCE = 1e-4;
    /** The largest share of rows a run may hold out for validation. */
    public static final double MAX_VALIDATION_FRACTION = 0.5;
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
        if (optimizer == null) {
            optimizer = new Sgd();
        }
        if (learningRateSchedule == null) {
            learningRateSchedule = new Constant();
        }
        if (regularization == null) {
            regularization = Regularization.NONE;
        }
        if (thresholdPolicy == null) {
            thresholdPolicy = ThresholdPolicy.FIXED;
        }
        if (kernel == null) {
            kernel = KernelChoice.AUTO;
        }
        if (!(validationFraction >= 0 && validationFraction <= MAX_VALIDATION_FRACTION)) {
            throw new InvalidHyperparameterException("validationFraction", "must be from 0 to " + MAX_VALIDATION_FRACTION
                    + ", got " + validationFraction);
        }
        // a schedule may bound itself by the initial rate (cosine's minimum): check it as a run would start
        learningRateSchedule.start(learningRate, epochs);
    }

    /** The settings with plain SGD at a constant rate, as before optimisers and schedules existed. */
    public Hyperparameters(double learningRate, int epochs, int batchSize, double tolerance, long seed, boolean shuffle,
                           Initialization initialization, boolean standardize, ShuffleMode shuffleMode) {
        this(learningRate, epochs, batchSize, tolerance, seed, shuffle, initialization, standardize, shuffleMode, null, null,
                null, 0, null, null, null);
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

    /** A builder starting from these settings, so that options are set by name, not by position. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public Hyperparameters withLearningRate(double value) {
        return toBuilder().learningRate(value).build();
    }

    public Hyperparameters withEpochs(int value) {
        return toBuilder().epochs(value).build();
    }

    public Hyperparameters withBatchSize(int value) {
        return toBuilder().batchSize(value).build();
    }

    public Hyperparameters withTolerance(double value) {
        return toBuilder().tolerance(value).build();
    }

    public Hyperparameters withShuffle(boolean value) {
        return toBuilder().shuffle(value).build();
    }

    public Hyperparameters withInitialization(Initialization value) {
        return toBuilder().initialization(value).build();
    }

    public Hyperparameters withStandardize(boolean value) {
        return toBuilder().standardize(value).build();
    }

    public Hyperparameters withShuffleMode(ShuffleMode value) {
        return toBuilder().shuffleMode(value).build();
    }

    /** Sets options by name; {@link #build} validates them together. */
    public static final class Builder {
        private double learningRate;
        private int epochs;
        private int batchSize;
        private double tolerance;
        private long seed;
        private boolean shuffle;
        private Initialization initialization;
        private boolean standardize;
        private ShuffleMode shuffleMode;
        private Optimiser optimizer;
        private LearningRateSchedule learningRateSchedule;
        private Regularization regularization;
        private double validationFraction;
        private EarlyStopping earlyStopping;
        private ThresholdPolicy thresholdPolicy;
        private KernelChoice kernel;

        private Builder(Hyperparameters from) {
            learningRate = from.learningRate;
            epochs = from.epochs;
            batchSize = from.batchSize;
            tolerance = from.tolerance;
            seed = from.seed;
            shuffle = from.shuffle;
            initialization = from.initialization;
            standardize = from.standardize;
            shuffleMode = from.shuffleMode;
            optimizer = from.optimizer;
            learningRateSchedule = from.learningRateSchedule;
            regularization = from.regularization;
            validationFraction = from.validationFraction;
            earlyStopping = from.earlyStopping;
            thresholdPolicy = from.thresholdPolicy;
            kernel = from.kernel;
        }

        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder tolerance(double value) {
            tolerance = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder shuffle(boolean value) {
            shuffle = value;
            return this;
        }

        public Builder initialization(Initialization value) {
            initialization = value;
            return this;
        }

        public Builder standardize(boolean value) {
            standardize = value;
            return this;
        }

        public Builder shuffleMode(ShuffleMode value) {
            shuffleMode = value;
            return this;
        }

        public Builder optimizer(Optimiser value) {
            optimizer = value;
            return this;
        }

        public Builder learningRateSchedule(LearningRateSchedule value) {
            learningRateSchedule = value;
            return this;
        }

        public Builder regularization(Regularization value) {
            regularization = value;
            return this;
        }

        public Builder validationFraction(double value) {
            validationFraction = value;
            return this;
        }

        public Builder earlyStopping(EarlyStopping value) {
            earlyStopping = value;
            return this;
        }

        public Builder thresholdPolicy(ThresholdPolicy value) {
            thresholdPolicy = value;
            return this;
        }

        public Builder kernel(KernelChoice value) {
            kernel = value;
            return this;
        }

        public Hyperparameters build() {
            return new Hyperparameters(learningRate, epochs, batchSize, tolerance, seed, shuffle, initialization,
                    standardize, shuffleMode, optimizer, learningRateSchedule, regularization, validationFraction,
                    earlyStopping, thresholdPolicy, kernel);
        }
    }
}
