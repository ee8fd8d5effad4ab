package dev.descent.engine.nd4j;

import dev.descent.engine.CancellationSignal;
import dev.descent.engine.EarlyStopping;
import dev.descent.engine.EpochReport;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.Initialization;
import dev.descent.engine.KernelChoice;
import dev.descent.engine.LinearModel;
import dev.descent.engine.Metrics;
import dev.descent.engine.ModelType;
import dev.descent.engine.ProgressListener;
import dev.descent.engine.Regularization;
import dev.descent.engine.ShuffleMode;
import dev.descent.engine.Trainer;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingDivergedException;
import dev.descent.engine.TrainingResult;
import dev.descent.engine.ThresholdPolicy;
import dev.descent.engine.TrainingStoppedException;
import dev.descent.engine.optimiser.Optimiser;
import dev.descent.engine.optimiser.Sgd;
import dev.descent.engine.schedule.LearningRateSchedule;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mini-batch gradient descent with the data in a per-run ND4J float32 array and each step run as two calls into
 * ND4J's bundled OpenBLAS ({@link SgemvKernel}). Each epoch visits every row once: in a fresh seeded permutation of
 * the rows (gathered into an L2-sized buffer), of batch-sized blocks of a copy permuted once, or in file order, as
 * the run's {@link ShuffleMode} and {@code shuffle} say. Runs share nothing mutable, so one instance serves
 * concurrent jobs.
 */
public final class Nd4jMiniBatchTrainer implements Trainer {

    static {
        NativeEnvironment.prepare();
    }

    /**
     * The step's name; {@link TrainingResult#kernel()} reports it with the row order, as in "openblas-sgemv+rows".
     * Linear regression always runs it, and logistic regression where the Vector API is not available.
     */
    public static final String KERNEL = "openblas-sgemv";

    /**
     * The logistic step with its per-row loop on the Vector API ({@link VectorResiduals}), as in
     * "openblas-sgemv+vector-residuals+blocks": chosen whenever the JVM runs with
     * {@code --add-modules jdk.incubator.vector} on x86-64.
     */
    public static final String VECTOR_KERNEL = KERNEL + "+vector-residuals";

    /** The reference step of {@code kernel: "nd4j"}: the loss and gradient as ND4J array operations ({@link ReferenceStep}). */
    public static final String REFERENCE_KERNEL = "nd4j-reference";

    private static final Logger log = LoggerFactory.getLogger(Nd4jMiniBatchTrainer.class);
    /** Standard deviation of the random initial weights. */
    private static final double INITIAL_WEIGHT_SCALE = 0.01;

    /**
     * The largest copy of the data (rows × (features + 1) × 4 bytes) for which {@link ShuffleMode#AUTO} shuffles rows.
     * Measured (bench/README.md, "Choosing the order"): up to 4 MiB the gather reads from cache and a row-shuffled
     * epoch costs 1.4–1.9× a block-shuffled one, half a millisecond at most; from 8 MiB on it is 2–2.9×, the
     * memory-bound ratio of large data. Small data is also where fixed block members would matter most.
     */
    public static final long AUTO_ROWS_MAX_BYTES = 4L << 20;

    /** The order an epoch visits the rows in, as {@link TrainingResult#kernel()} names it. */
    enum Order {
        /** {@code shuffle: false}. */
        FILE_ORDER("file-order"),
        /** A fresh permutation of the rows every epoch; each batch is gathered row by row. */
        ROWS("rows"),
        /** The rows permuted once, into the run's copy; then a fresh permutation of its batch-sized blocks every epoch. */
        BLOCKS("blocks");

        final String label;

        Order(String label) {
            this.label = label;
        }
    }

    private final int blockBytes;
    private final long autoRowsMaxBytes;
    private final boolean vectorResiduals;

    static {
        if (!VectorApi.AVAILABLE) {
            log.info("The Vector API is not available (start the JVM with --add-modules jdk.incubator.vector on x86-64): "
                    + "logistic regression runs its per-row loop in scalar Java, about 2x slower per epoch");
        }
    }

    /**
     * Orders rows as each run's {@link Hyperparameters#shuffle()} and {@link Hyperparameters#shuffleMode()} say, and
     * runs the fastest step this JVM has ({@link #VECTOR_KERNEL} for logistic regression where it can).
     */
    public Nd4jMiniBatchTrainer() {
        this(SgemvKernel.DEFAULT_BLOCK_BYTES, AUTO_ROWS_MAX_BYTES);
    }

    /**
     * @param blockBytes       the size of the row blocks large batches are processed in (tests make it tiny)
     * @param autoRowsMaxBytes the largest copy of the data that {@link ShuffleMode#AUTO} shuffles by rows
     */
    Nd4jMiniBatchTrainer(int blockBytes, long autoRowsMaxBytes) {
        this(blockBytes, autoRowsMaxBytes, VectorApi.AVAILABLE);
    }

    /**
     * @param vectorResiduals whether logistic regression runs {@link #VECTOR_KERNEL}; false forces {@link #KERNEL}
     */
    Nd4jMiniBatchTrainer(int blockBytes, long autoRowsMaxBytes, boolean vectorResiduals) {
        this.blockBytes = blockBytes;
        this.autoRowsMaxBytes = autoRowsMaxBytes;
        this.vectorResiduals = vectorResiduals;
    }

    /** The order a run with these settings visits its rows in. */
    Order order(Hyperparameters hyperparameters, TrainingData data) {
        if (!hyperparameters.shuffle()) {
            return Order.FILE_ORDER;
        }
        return switch (hyperparameters.shuffleMode()) {
            case ROWS -> Order.ROWS;
            case BLOCKS -> Order.BLOCKS;
            case AUTO -> (long) data.rows() * data.stride() * Float.BYTES <= autoRowsMaxBytes ? Order.ROWS : Order.BLOCKS;
        };
    }

    /**
     * Loads ND4J and OpenBLAS and runs two tiny trainings, so that the first real job does not pay seconds of
     * native loading, and has the JIT compile the Vector-API loop. Call once at start-up; safe to call again.
     */
    public static void warmUp() {
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(20240601L);
        int rows = 600;
        double[][] x = new double[rows][8];
        double[] label = new double[rows];
        double[] value = new double[rows];
        for (int r = 0; r < rows; r++) {
            double z = 0;
            for (int j = 0; j < 8; j++) {
                x[r][j] = random.nextGaussian();
                z += (j - 3.5) * x[r][j];
            }
            label[r] = z > 0 ? 1 : 0;
            value[r] = z + 0.1 * random.nextGaussian();
        }
        Nd4jMiniBatchTrainer trainer = new Nd4jMiniBatchTrainer();
        Hyperparameters settings = Hyperparameters.defaults(1).withEpochs(3).withTolerance(0);
        trainer.train(ModelType.LOGISTIC_REGRESSION, TrainingData.of(x, label), settings,
                ProgressListener.NONE, CancellationSignal.NEVER);
        trainer.train(ModelType.LINEAR_REGRESSION, TrainingData.of(x, value), settings.withBatchSize(rows).withShuffle(false),
                ProgressListener.NONE, CancellationSignal.NEVER);
        log.info("ND4J and OpenBLAS warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
        if (VectorApi.AVAILABLE) {
            long vectorStart = System.nanoTime();
            int calls = VectorResiduals.warmUp(20_000);
            log.info("The Vector-API loop compiled after {} calls, {} ms", calls, (System.nanoTime() - vectorStart) / 1_000_000);
        }
    }

    /** A run's copy of the data and its targets ({@link JobData#bytes}); the step's buffers add a few hundred KiB. */
    /** ND4J's version, OpenBLAS's version and core type, whether the Vector-API loop runs, the CPU architecture. */
    @Override
    public Map<String, String> environment() {
        return Nd4jEnvironment.describe();
    }

    /** What JavaCPP's resident-memory cap and the machine's (or container's) memory leave beside the heap. */
    @Override
    public long memoryBudget() {
        return NativeMemory.budget();
    }

    @Override
    public long memoryNeeded(long rows, int features) {
        return JobData.bytes(rows, features);
    }

    @Override
    public TrainingResult train(ModelType type, TrainingData data, Hyperparameters hyperparameters,
                                ProgressListener listener, CancellationSignal cancellation) {
        return train(type, data, hyperparameters, null, listener, cancellation);
    }

    @Override
    public TrainingResult train(ModelType type, TrainingData data, Hyperparameters hyperparameters, LinearModel initialModel,
                                ProgressListener listener, CancellationSignal cancellation) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(hyperparameters, "hyperparameters");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
        int allRows = data.rows();
        Order order = order(hyperparameters, data);
        boolean shuffleRows = order == Order.ROWS;
        boolean shuffleBlocks = order == Order.BLOCKS;
        // One generator per run, split so that the initial weights and the shuffles draw independent streams.
        SplittableRandom random = new SplittableRandom(hyperparameters.seed());
        SplittableRandom initialRandom = random.split();
        SplittableRandom shuffleRandom = random.split();
        // The held-out rows go to the end of the job's copy; a third stream, drawn only when asked, picks them, so
        // that a run without validation draws exactly what it drew before validation existed.
        int[] copyOrder = null;
        int rows = allRows;
        if (hyperparameters.validationFraction() > 0) {
            Split split = validationSplit(type, data, hyperparameters.validationFraction(), random.split());
            copyOrder = split.order();
            rows = allRows - split.heldOut();
        }
        if (shuffleBlocks) {
            if (copyOrder == null) {
                copyOrder = identity(allRows);
            }
            shuffle(copyOrder, rows, shuffleRandom);
        }
        int batchSize = Math.min(hyperparameters.batchSize(), rows);
        int batchCount = (rows + batchSize - 1) / batchSize;
        try (JobData job = JobData.copyOf(data, type, hyperparameters.standardize(), copyOrder);
             SgemvKernel kernel = new SgemvKernel(type, job, batchSize, blockBytes, vectorResiduals)) {
            float[] initial = initialWeights(data.features(), hyperparameters.initialization(), initialRandom);
            double initialBias = 0;
            if (initialModel != null) {
                if (initialModel.type() != type || initialModel.features() != data.features()) {
                    throw new IllegalArgumentException("the initial model is a " + initialModel.type().wireName() + " of "
                            + initialModel.features() + " features; expected a " + type.wireName() + " of "
                            + data.features());
                }
                double[] start = job.scaling().fromRaw(initialModel);
                for (int j = 0; j < initial.length; j++) {
                    initial[j] = (float) start[j];
                }
                initialBias = start[initial.length];
            }
            kernel.setWeights(initial, initialBias);
            // Plain SGD folds its update into the step's second sgemv; every other optimiser takes the gradient
            // and updates parameters it keeps in double.
            ReferenceStep reference = hyperparameters.kernel() == KernelChoice.ND4J ? new ReferenceStep(type, job) : null;
            boolean fused = reference == null && hyperparameters.optimizer() instanceof Sgd;
            int d = data.features();
            Optimiser.Run optimiser = fused ? null : hyperparameters.optimizer().start(d + 1, 1);
            double[] parameters = new double[d + 1];
            for (int j = 0; j < d; j++) {
                parameters[j] = initial[j];
            }
            parameters[d] = initialBias;
            double[] gradient = new double[d + 1];
            Regularization penalty = hyperparameters.regularization();
            LearningRateSchedule.Run schedule = hyperparameters.learningRateSchedule()
                    .start(hyperparameters.learningRate(), hyperparameters.epochs());
            boolean validating = rows < allRows;
            EarlyStopping early = hyperparameters.earlyStopping();
            double best = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            int sinceBest = 0;
            float[] bestWeights = null;
            double bestBias = 0;

            int[] rowOrder = shuffleRows ? identity(rows) : null;
            int[] batchOrder = identity(batchCount);
            double learningRate = hyperparameters.learningRate();
            int epochs = hyperparameters.epochs();
            List<Double> history = new ArrayList<>();
            boolean converged = false;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                if (shuffleRows) {
                    shuffle(rowOrder, rows, shuffleRandom);
                } else if (shuffleBlocks) {
                    shuffle(batchOrder, batchCount, shuffleRandom);
                }
                learningRate = schedule.rate(epoch);
                double lossSum = 0;
                for (int k = 0; k < batchCount; k++) {
                    String reason = cancellation.stopReason();
                    if (reason != null) {
                        throw new TrainingStoppedException(reason);
                    }
                    int from = batchOrder[k] * batchSize;
                    int m = Math.min(batchSize, rows - from);
                    double loss;
                    if (fused) {
                        loss = kernel.step(rowOrder, from, m, learningRate, penalty.l2());
                        if (penalty.l1() != 0) {
                            kernel.softThreshold(learningRate * penalty.l1());
                        }
                    } else {
                        loss = reference != null ? reference.lossAndGradient(rowOrder, from, m, parameters, gradient)
                                : kernel.lossAndGradient(rowOrder, from, m, gradient);
                        for (int j = 0; j < d; j++) {
                            gradient[j] += penalty.l2() * parameters[j];
                        }
                        optimiser.step(parameters, gradient, learningRate);
                        for (int j = 0; penalty.l1() != 0 && j < d; j++) {
                            double shrunk = Math.max(Math.abs(parameters[j]) - learningRate * penalty.l1(), 0);
                            parameters[j] = Math.copySign(shrunk, parameters[j]);
                        }
                        kernel.setParameters(parameters);
                    }
                    if (!Double.isFinite(loss)) {
                        throw diverged(loss, epoch, learningRate);
                    }
                    lossSum += loss;
                }
                double epochLoss = lossSum / batchCount;
                double validationLoss = validating ? measure(new Metrics(type), job, kernel, rows, allRows).values().get(Metrics.LOSS)
                        : Double.NaN;
                history.add(epochLoss);
                double monitored = validating ? validationLoss : epochLoss;
                schedule.epochEnded(monitored);
                listener.epochFinished(new EpochReport(epoch, epochs, epochLoss, learningRate, validationLoss));
                if (early != null) {
                    if (monitored < best - early.minDelta()) {
                        best = monitored;
                        bestEpoch = epoch;
                        sinceBest = 0;
                        if (early.restoreBestWeights()) {
                            bestWeights = kernel.weights();
                            bestBias = kernel.bias();
                        }
                    } else if (++sinceBest >= early.patience() && epoch < epochs) {
                        converged = true;
                        break;
                    }
                }
                if (stopsEarly(history, hyperparameters.tolerance()) && epoch < epochs) {
                    converged = true;
                    break;
                }
            }
            int kept = history.size();
            if (bestWeights != null && bestEpoch < history.size()) {
                kernel.setWeights(bestWeights, bestBias);
                kept = bestEpoch;
            }
            float[] weights = kernel.weights();
            if (!allFinite(weights) || !Double.isFinite(kernel.bias())) {
                throw diverged(Double.NaN, history.size(), learningRate);
            }
            Metrics metrics = measure(Metrics.withRanking(type), job, kernel, 0, rows);
            Metrics validationRows = validating ? measure(Metrics.withRanking(type), job, kernel, rows, allRows) : null;
            Map<String, Double> validationMetrics = validating ? validationRows.values() : Map.of();
            Double threshold = null;
            if (type == ModelType.LOGISTIC_REGRESSION) {
                threshold = hyperparameters.thresholdPolicy() == ThresholdPolicy.MAX_F1
                        ? (validating ? validationRows : metrics).bestF1Threshold() : ThresholdPolicy.DEFAULT_THRESHOLD;
            }
            LinearModel model = job.scaling().toRaw(type, weights, kernel.bias());
            String step = reference != null ? REFERENCE_KERNEL : kernel.vectorResiduals() ? VECTOR_KERNEL : KERNEL;
            String update = fused ? "" : "+" + hyperparameters.optimizer().name();
            return new TrainingResult(model, history, converged, metrics.values(), step + update + "+" + order.label,
                    validationMetrics, kept, threshold);
        }
    }

    /**
     * The copy's row order with the held-out rows last, and how many they are.
     *
     * @param order   the training rows, in file order, then the held-out rows
     * @param heldOut the fraction of each class (logistic) or of all rows (linear), at least one row, never all
     */
    record Split(int[] order, int heldOut) {
    }

    /**
     * Holds rows out: for logistic regression each class gives its share (stratified), for linear regression the
     * rows are drawn at random; the training rows keep their file order.
     */
    static Split validationSplit(ModelType type, TrainingData data, double fraction, SplittableRandom random) {
        int rows = data.rows();
        if (rows < 2) {
            throw new IllegalArgumentException("validationFraction needs at least 2 rows to hold some out, got " + rows);
        }
        boolean logistic = type == ModelType.LOGISTIC_REGRESSION;
        int ones = 0;
        for (int r = 0; logistic && r < rows; r++) {
            ones += data.target(r) == 1 ? 1 : 0;
        }
        long wanted = logistic ? Math.round(fraction * ones) + Math.round(fraction * (rows - ones)) : Math.round(fraction * rows);
        int toHold = (int) Math.max(1, Math.min(wanted, rows - 1L));
        int[] shuffled = identity(rows);
        shuffle(shuffled, rows, random);
        boolean[] held = new boolean[rows];
        if (logistic) {
            long heldOnes = Math.min(Math.round(fraction * ones), toHold);
            long heldZeros = toHold - heldOnes;
            for (int r : shuffled) {
                boolean one = data.target(r) == 1;
                if (one && heldOnes > 0) {
                    held[r] = true;
                    heldOnes--;
                } else if (!one && heldZeros > 0) {
                    held[r] = true;
                    heldZeros--;
                }
            }
        } else {
            for (int i = 0; i < toHold; i++) {
                held[shuffled[i]] = true;
            }
        }
        int[] order = new int[rows];
        int next = 0;
        for (int r = 0; r < rows; r++) {
            if (!held[r]) {
                order[next++] = r;
            }
        }
        for (int r = 0; r < rows; r++) {
            if (held[r]) {
                order[next++] = r;
            }
        }
        return new Split(order, toHold);
    }

    /** True when the last epoch's loss is less than {@code tolerance} below the loss {@code PATIENCE} epochs before. */
    static boolean stopsEarly(List<Double> history, double tolerance) {
        int last = history.size() - 1;
        return tolerance > 0 && last >= Hyperparameters.PATIENCE
                && history.get(last - Hyperparameters.PATIENCE) - history.get(last) < tolerance;
    }

    /** One pass over rows from..to with the current model: an sgemv per block of rows, the metrics summed in double. */
    private static Metrics measure(Metrics metrics, JobData job, SgemvKernel kernel, int fromRow, int toRow) {
        FloatBuffer values = job.values();
        int stride = job.stride();
        int features = job.features();
        double bias = kernel.bias();
        int capacity = kernel.decisionCapacity();
        for (int from = fromRow; from < toRow; from += capacity) {
            int m = Math.min(capacity, toRow - from);
            FloatBuffer z = kernel.decisions(from, m);
            for (int i = 0; i < m; i++) {
                metrics.add(z.get(i) + bias, values.get((from + i) * stride + features));
            }
        }
        return metrics;
    }

    private static float[] initialWeights(int features, Initialization initialization, SplittableRandom random) {
        float[] weights = new float[features];
        if (initialization == Initialization.RANDOM) {
            for (int j = 0; j < features; j++) {
                weights[j] = (float) (INITIAL_WEIGHT_SCALE * random.nextGaussian());
            }
        }
        return weights;
    }

    private static int[] identity(int rows) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Fisher–Yates on the first {@code length} entries: every permutation equally likely, the same for the same seed. */
    private static void shuffle(int[] order, int length, SplittableRandom random) {
        for (int i = length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    private static boolean allFinite(float[] values) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    private static TrainingDivergedException diverged(double loss, int epoch, double learningRate) {
        String what = Double.isNaN(loss) ? "NaN" : "infinite";
        return new TrainingDivergedException("The loss became " + what + " at epoch " + epoch
                + "; lower the learningRate (now " + learningRate + ").");
    }
}
