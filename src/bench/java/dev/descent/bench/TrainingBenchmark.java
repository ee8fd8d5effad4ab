package dev.descent.bench;

import dev.descent.engine.CancellationSignal;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.optimiser.Optimisers;
import dev.descent.engine.Initialization;
import dev.descent.engine.Metrics;
import dev.descent.engine.ModelType;
import dev.descent.engine.ShuffleMode;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingResult;
import dev.descent.engine.nd4j.Nd4jMiniBatchTrainer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Times epochs of the engine on reproducible float32 logistic data beside the time this machine needs to read the
 * same bytes once from memory, measured in the same run. Not a test: it prints numbers and never fails on them.
 *
 * <p>System properties: {@code bench.rows} (1000000), {@code bench.features} (100), {@code bench.epochs} (6; the
 * first is not counted), {@code bench.batches} (32,256,4096), {@code bench.seed} (42). Settings that Maven does not
 * pass on are read from the environment ({@code bench/run} exports them from {@code -D…}): {@code BENCH_SIZES}
 * (0.5,1,2,4,8,16,32,64,128: copies in MiB at which shuffled rows and blocks are compared, to place {@link ShuffleMode#AUTO}'s
 * threshold; "none" skips), {@code BENCH_PEERS} (true: run {@code bench/peers.py}, numpy and scikit-learn, on the same
 * data), {@code BENCH_PYTHON} (/usr/bin/python3), {@code BENCH_PEER_THREADS} (1, as descent runs one thread a job),
 * {@code BENCH_CONCURRENT} (true: two jobs at once against one alone), {@code BENCH_OPTIMIZERS}
 * (momentum,rmsprop,adam,adamw: each against plain SGD; "none" skips).
 */
public final class TrainingBenchmark {

    public static void main(String[] args) {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        int features = Integer.getInteger("bench.features", 100);
        int epochs = Integer.getInteger("bench.epochs", 6);
        long seed = Long.getLong("bench.seed", 42);
        int[] batches = Arrays.stream(System.getProperty("bench.batches", "32,256,4096").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();

        System.out.println("load average before: " + loadAverage());
        Nd4jMiniBatchTrainer.warmUp();
        long start = System.nanoTime();
        ByteBuffer bytes = logisticBytes(rows, features, seed);
        TrainingData data = TrainingData.wrap(bytes, rows, features);
        System.out.printf(Locale.ROOT, "data: %,d × %d float32 logistic rows (seed %d), generated in %.1f s%n",
                rows, features, seed, seconds(System.nanoTime() - start));
        double featureBytes = (double) rows * features * Float.BYTES;

        MemoryFloor floor = MemoryFloor.measure(data);
        System.out.printf(Locale.ROOT, "memory floor, reading %.0f MB once: sum of longs %.1f ms (%.1f GB/s), "
                        + "memcpy into a cached buffer %.1f ms (%.1f GB/s)%n",
                featureBytes / 1e6, floor.sumSeconds * 1e3 * featureBytes / floor.bytes, floor.bytes / floor.sumSeconds / 1e9,
                floor.copySeconds * 1e3 * featureBytes / floor.bytes, floor.bytes / floor.copySeconds / 1e9);
        double floorSeconds = Math.min(floor.sumSeconds, floor.copySeconds) * featureBytes / floor.bytes;

        System.out.println();
        System.out.println("| batch | order | s/epoch | rows/s | GB/s features | floor ms, just before | × floor | setup s | final loss |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        int curveBatch = Arrays.stream(batches).filter(b -> b == 256).findFirst().orElse(batches[0]);
        Map<Order, Run> atCurveBatch = new LinkedHashMap<>();
        String kernels = "";
        for (int batch : batches) {
            for (Order order : Order.values()) {
                // the machine's load changes within minutes: each row is compared with a floor measured right before it
                double near = MemoryFloor.again(3) * featureBytes / floor.bytes;
                Run run = Run.of(data, order.settings(0.01, epochs, batch, seed));
                if (batch == curveBatch) {
                    atCurveBatch.put(order, run);
                    kernels += (kernels.isEmpty() ? "" : ", ") + run.result.kernel();
                }
                System.out.printf(Locale.ROOT, "| %d | %s | %.3f | %,.0f | %.1f | %.1f | %.2f | %.2f | %.5f |%n", batch, order.label,
                        run.perEpoch, rows / run.perEpoch, featureBytes / run.perEpoch / 1e9, near * 1e3, run.perEpoch / near,
                        run.setup, run.result.lossHistory().get(run.result.lossHistory().size() - 1));
            }
        }
        System.out.printf(Locale.ROOT, "%n× floor = s/epoch ÷ the floor measured just before the row (the faster of the two reads, best of 3); "
                + "at the start it was %.1f ms for %.0f MB (best of 7); kernels at batch %d: %s%n",
                floorSeconds * 1e3, featureBytes / 1e6, curveBatch, kernels);

        System.out.printf(Locale.ROOT, "%nTraining loss per epoch, batch %d, learning rate 0.01, for three shuffle seeds:%n%n", curveBatch);
        StringBuilder header = new StringBuilder("| seed | order |");
        StringBuilder rule = new StringBuilder("|---:|---|");
        for (int e = 1; e <= epochs; e++) {
            header.append(" epoch ").append(e).append(" |");
            rule.append("---:|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (long shuffleSeed = 1; shuffleSeed <= 3; shuffleSeed++) {
            for (Order order : new Order[] {Order.ROWS, Order.BLOCKS}) {
                Run run = Run.of(data, order.settings(0.01, epochs, curveBatch, shuffleSeed));
                StringBuilder line = new StringBuilder("| " + shuffleSeed + " | " + order.label + " |");
                for (double loss : run.result.lossHistory()) {
                    line.append(String.format(Locale.ROOT, " %.5f |", loss));
                }
                System.out.println(line);
            }
        }

        String optimizers = setting("BENCH_OPTIMIZERS", "momentum,rmsprop,adam,adamw");
        if (!optimizers.equals("none")) {
            compareOptimizers(data, epochs, curveBatch, seed, optimizers);
        }
        if (Boolean.parseBoolean(setting("BENCH_CONCURRENT", "true"))) {
            compareConcurrent(data, epochs, curveBatch, seed);
        }
        String sizes = setting("BENCH_SIZES", "0.5,1,2,4,8,16,32,64,128");
        if (!sizes.equals("none")) {
            compareBySize(bytes, rows, features, curveBatch, seed, sizes);
        }
        if (Boolean.parseBoolean(setting("BENCH_PEERS", "true"))) {
            comparePeers(bytes, rows, features, epochs, curveBatch, seed, atCurveBatch);
        }
        System.out.println();
        System.out.println("load average after: " + loadAverage());
    }

    /**
     * Two jobs training at once, one per core, against one alone, in shuffled blocks (what {@code auto} picks at this
     * size): the cores share the memory bus, so this is the throughput a job keeps when another job runs beside it.
     * Each job has its own copy of the data, as in the service. Three rounds of solo, pair, solo; the best solo epoch
     * and the best round's slower job are compared, so that a burst of other load on the machine counts less.
     */
    private static void compareConcurrent(TrainingData data, int epochs, int batch, long seed) {
        int rounds = 3;
        int runEpochs = Math.max(epochs, 4);
        int rows = data.rows();
        System.out.printf(Locale.ROOT, "%nTwo jobs at once on the %d cores (batch %d, shuffled blocks, %d epochs each, median epoch "
                + "after the first; %d rounds):%n%n", Runtime.getRuntime().availableProcessors(), batch, runEpochs, rounds);
        System.out.println("| round | solo s/epoch | job 1 s/epoch, together | job 2 s/epoch, together | solo after |");
        System.out.println("|---:|---:|---:|---:|---:|");
        double bestSolo = Double.MAX_VALUE;
        double bestPairSlower = Double.MAX_VALUE;
        double bestPairTotal = 0;
        for (int round = 1; round <= rounds; round++) {
            double solo = Run.of(data, Order.BLOCKS.settings(0.01, runEpochs, batch, seed)).perEpoch;
            Run[] together = new Run[2];
            if (!inTwoThreads("bench-job-", job ->
                    together[job] = Run.of(data, Order.BLOCKS.settings(0.01, runEpochs, batch, seed + 1 + job)))) {
                return;
            }
            double soloAfter = Run.of(data, Order.BLOCKS.settings(0.01, runEpochs, batch, seed)).perEpoch;
            System.out.printf(Locale.ROOT, "| %d | %.3f | %.3f | %.3f | %.3f |%n", round, solo, together[0].perEpoch,
                    together[1].perEpoch, soloAfter);
            bestSolo = Math.min(bestSolo, Math.min(solo, soloAfter));
            double slower = Math.max(together[0].perEpoch, together[1].perEpoch);
            if (slower < bestPairSlower) {
                bestPairSlower = slower;
                bestPairTotal = rows / together[0].perEpoch + rows / together[1].perEpoch;
            }
        }
        System.out.printf(Locale.ROOT, "%nconcurrency ratio: %.2f — each of two jobs keeps at least that share of one job's solo "
                        + "throughput (best solo epoch %.3f s ÷ the slower job's epoch in the best round, %.3f s); the two "
                        + "together %.2f× one job alone (goal: ≥ 0.80 each)%n",
                bestSolo / bestPairSlower, bestSolo, bestPairSlower, bestPairTotal / (rows / bestSolo));
        // What the machine gives two threads at all: the same memcpy floor read by one thread, then by two at once.
        double alone = MemoryFloor.again(3);
        double[] pair = new double[2];
        if (!inTwoThreads("bench-reader-", reader -> pair[reader] = MemoryFloor.copyAlone(3))) {
            return;
        }
        System.out.printf(Locale.ROOT, "reading the 404 MB once, for comparison: one thread %.1f ms; two threads at once %.1f and %.1f ms "
                        + "each (best of 3), so each keeps %.2f of one reader's speed; load average now %s%n",
                alone * 1e3, pair[0] * 1e3, pair[1] * 1e3, alone / Math.max(pair[0], pair[1]), loadAverage());
    }

    /**
     * Runs {@code work(0)} and {@code work(1)} on two threads released at the same moment, and waits for both.
     *
     * @return false when this thread was interrupted while waiting
     */
    private static boolean inTwoThreads(String name, IntConsumer work) {
        CyclicBarrier start = new CyclicBarrier(2);
        Thread[] threads = new Thread[2];
        for (int k = 0; k < 2; k++) {
            int index = k;
            threads[k] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException | BrokenBarrierException e) {
                    throw new IllegalStateException(e);
                }
                work.accept(index);
            }, name + (k + 1));
            threads[k].start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** An environment variable, or its default; bench/run exports them from -Dbench.… arguments. */
    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /**
     * Shuffled rows against shuffled blocks on prefixes of the data whose run copies are the given sizes: the row
     * gather is cheap while the copy stays in cache, and {@link ShuffleMode#AUTO} shuffles rows up to
     * {@link Nd4jMiniBatchTrainer#AUTO_ROWS_MAX_BYTES}. Enough epochs that each run takes a fraction of a second.
     */
    private static void compareBySize(ByteBuffer bytes, int maxRows, int features, int batch, long seed, String sizes) {
        int stride = features + 1;
        System.out.printf(Locale.ROOT, "%nRows against blocks by the size of the run's copy (batch %d, %d features); auto shuffles "
                + "rows up to %.0f MiB:%n%n", batch, features, Nd4jMiniBatchTrainer.AUTO_ROWS_MAX_BYTES / 1048576.0);
        System.out.println("| copy MiB | rows | epochs | rows s/epoch | blocks s/epoch | file s/epoch | rows ÷ blocks | auto |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---|");
        for (String size : sizes.split(",")) {
            double mib = Double.parseDouble(size.trim());
            int rows = (int) Math.min(maxRows, Math.floor(mib * 1048576 / (stride * Float.BYTES)));
            TrainingData data = TrainingData.wrap(bytes.duplicate().limit(rows * stride * Float.BYTES), rows, features);
            int epochs = (int) Math.max(6, Math.min(400, 1e7 / rows));
            double[] perEpoch = new double[Order.values().length];
            for (Order order : Order.values()) {
                perEpoch[order.ordinal()] = Run.of(data, order.settings(0.01, epochs, batch, seed)).perEpoch;
            }
            String auto = Run.of(data, new Hyperparameters(0.01, 1, batch, 0, seed, true, Initialization.ZEROS, true,
                    ShuffleMode.AUTO)).result.kernel();
            System.out.printf(Locale.ROOT, "| %.1f | %,d | %d | %.6f | %.6f | %.6f | %.2f | %s |%n", rows * (double) stride * Float.BYTES / 1048576,
                    rows, epochs, perEpoch[0], perEpoch[1], perEpoch[2], perEpoch[0] / perEpoch[1], auto.substring(auto.lastIndexOf('+') + 1));
        }
    }

    /**
     * Runs bench/peers.py (numpy's mini-batch loop, scikit-learn's SGDClassifier and L-BFGS) on the same rows, written
     * once to a raw float32 file, and prints their figures beside descent's at the same batch size. The peers' BLAS
     * gets the thread count of a descent job, and neither of this machine's OpenBLAS overrides (which slow a current
     * numpy; see .library's OpenBLAS note), in its own environment only.
     */
    private static void comparePeers(ByteBuffer bytes, int rows, int features, int epochs, int batch, long seed, Map<Order, Run> descent) {
        System.out.printf(Locale.ROOT, "%nPeers on the same %,d × %d rows (seed %d), %d epochs, batch %d, learning rate 0.01, standardized:%n%n",
                rows, features, seed, epochs, batch);
        String python = setting("BENCH_PYTHON", "/usr/bin/python3");
        if (!Files.isExecutable(Path.of(python))) {
            System.out.println("peers skipped: " + python + " not found; install numpy and scikit-learn for it with "
                    + "`sudo apt-get install -y python3-sklearn` (Debian/Ubuntu)");
            return;
        }
        Path file = null;
        try {
            file = Files.createTempFile("descent-bench-", ".f32");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ByteBuffer all = bytes.duplicate().clear();
                while (all.hasRemaining()) {
                    channel.write(all);
                }
            }
            String threads = setting("BENCH_PEER_THREADS", "1");
            ProcessBuilder builder = new ProcessBuilder(python, "bench/peers.py", file.toString(), String.valueOf(rows),
                    String.valueOf(features), String.valueOf(epochs), String.valueOf(batch), "0.01", String.valueOf(seed))
                    .redirectErrorStream(true);
            builder.environment().remove("OPENBLAS_CORETYPE");
            builder.environment().remove("OPENBLAS_L2_SIZE");
            builder.environment().put("OPENBLAS_NUM_THREADS", threads);
            builder.environment().put("OMP_NUM_THREADS", threads);
            builder.environment().put("MKL_NUM_THREADS", threads);
            Process process = builder.start();
            Map<String, double[]> peers = new LinkedHashMap<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("RESULT ")) {
                        String[] f = line.split("\\s+");
                        peers.put(f[1], new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                                Double.parseDouble(f[4]), Double.parseDouble(f[5])});
                    } else {
                        System.out.println("  " + line);
                        if (line.startsWith("SKIP")) {
                            System.out.println("  (peers need numpy and scikit-learn for " + python
                                    + ": `sudo apt-get install -y python3-sklearn` on Debian/Ubuntu)");
                        }
                    }
                }
            }
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            // timed again at once, so that a change in the machine's load between the two shows in the table
            Map<String, Run> runs = new LinkedHashMap<>();
            for (Map.Entry<Order, Run> entry : descent.entrySet()) {
                runs.put("descent " + entry.getKey().label, entry.getValue());
            }
            TrainingData data = TrainingData.wrap(bytes, rows, features);
            for (Order order : descent.keySet()) {
                runs.put("descent " + order.label + ", again after the peers", Run.of(data, order.settings(0.01, epochs, batch, seed)));
            }
            printPeerTable(runs, peers, epochs);
        } catch (IOException e) {
            System.out.println("peers skipped: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file; the OS cleans /tmp
                }
            }
        }
    }

    private static void printPeerTable(Map<String, Run> descent, Map<String, double[]> peers, int epochs) {
        if (peers.isEmpty()) {
            return;
        }
        System.out.println();
        StringBuilder header = new StringBuilder("| run | s/epoch | s total | epochs | final log-loss |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|---:|---:|");
        for (String peer : peers.keySet()) {
            header.append(" ÷ ").append(peer).append(byTotal(peer) ? " s total |" : " s/epoch |");
            rule.append("---:|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (Map.Entry<String, Run> entry : descent.entrySet()) {
            Run run = entry.getValue();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %.3f | %.2f | %d | %.5f |",
                    entry.getKey(), run.perEpoch, run.perEpoch * epochs, epochs, run.result.metrics().get(Metrics.LOSS)));
            for (Map.Entry<String, double[]> peer : peers.entrySet()) {
                double ratio = byTotal(peer.getKey()) ? run.perEpoch * epochs / peer.getValue()[2] : run.perEpoch / peer.getValue()[0];
                line.append(String.format(Locale.ROOT, " %.2f |", ratio));
            }
            System.out.println(line);
        }
        for (Map.Entry<String, double[]> entry : peers.entrySet()) {
            double[] p = entry.getValue();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %.3f | %.2f | %d | %.5f |",
                    entry.getKey(), p[0], p[2], (int) p[3], p[1]));
            line.append(" |".repeat(peers.size()));
            System.out.println(line);
        }
        System.out.println("\ns/epoch: descent and numpy the median epoch after the first; scikit-learn's fit time ÷ its epochs "
                + "(SGD) or iterations (L-BFGS). L-BFGS runs to its own convergence (default C = 1), so its ratio compares "
                + "descent's whole run with its whole fit. Final log-loss: one full pass with the final model.");
    }

    /** L-BFGS iterates to convergence: its cost is the whole fit, not an epoch. */
    private static boolean byTotal(String peer) {
        return peer.contains("lbfgs");
    }

    /** Other processes on the machine skew every number here; the 1-, 5- and 15-minute load says how much. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2] + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * Each optimiser's epoch against plain SGD's (the fused step) at the same batch, shuffled blocks: an SGD run
     * right before each, so that the ratio compares runs minutes apart at most.
     */
    static void compareOptimizers(TrainingData data, int epochs, int batch, long seed, String names) {
        System.out.printf(Locale.ROOT, "%nOptimisers at batch %d, shuffled blocks, learning rate 0.01 (each beside a plain SGD run just before it):%n%n", batch);
        System.out.println("| optimiser | s/epoch | plain SGD s/epoch | × SGD | final loss | kernel |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        Hyperparameters sgd = Order.BLOCKS.settings(0.01, epochs, batch, seed);
        for (String name : names.split(",")) {
            Run plain = Run.of(data, sgd);
            Run other = Run.of(data, sgd.toBuilder().optimizer(Optimisers.defaults(name.trim())).build());
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.2f | %.5f | %s |%n", name.trim(), other.perEpoch,
                    plain.perEpoch, other.perEpoch / plain.perEpoch,
                    other.result.lossHistory().get(other.result.lossHistory().size() - 1), other.result.kernel());
        }
        // a tenth held out: the epoch trains on 90% of the rows, then one pass measures the other 10%
        Run plain = Run.of(data, sgd);
        Run validated = Run.of(data, sgd.toBuilder().validationFraction(0.1).build());
        double pass = validated.perEpoch - 0.9 * plain.perEpoch;
        System.out.printf(Locale.ROOT, "%nvalidationFraction 0.1: %.3f s/epoch against %.3f without; the validation pass "
                + "(the epoch less 90%% of a plain one) %.1f ms, %.0f%% of a plain epoch%n", validated.perEpoch,
                plain.perEpoch, pass * 1e3, 100 * pass / plain.perEpoch);
    }

    /** The orders an epoch can visit the rows in, as hyperparameters. */
    enum Order {
        ROWS("shuffled rows"), BLOCKS("shuffled blocks"), FILE("file order");

        final String label;

        Order(String label) {
            this.label = label;
        }

        Hyperparameters settings(double learningRate, int epochs, int batch, long seed) {
            return new Hyperparameters(learningRate, epochs, batch, 0, seed, this != FILE, Initialization.ZEROS, true,
                    this == BLOCKS ? ShuffleMode.BLOCKS : ShuffleMode.ROWS);
        }
    }

    /** One timed run: the median epoch after the first, and the time before the first epoch less one epoch. */
    record Run(TrainingResult result, double perEpoch, double setup) {

        private static final Nd4jMiniBatchTrainer TRAINER = new Nd4jMiniBatchTrainer();

        static Run of(TrainingData data, Hyperparameters settings) {
            List<Long> ends = new ArrayList<>();
            long t0 = System.nanoTime();
            TrainingResult result = TRAINER.train(ModelType.LOGISTIC_REGRESSION, data, settings,
                    (epoch, total, loss) -> ends.add(System.nanoTime()), CancellationSignal.NEVER);
            if (ends.size() < 2) {
                return new Run(result, seconds(ends.get(0) - t0), 0);
            }
            double[] epochSeconds = new double[ends.size() - 1];
            for (int e = 1; e < ends.size(); e++) {
                epochSeconds[e - 1] = seconds(ends.get(e) - ends.get(e - 1));
            }
            double perEpoch = median(epochSeconds);
            return new Run(result, perEpoch, seconds(ends.get(0) - t0) - perEpoch);
        }
    }

    /** X ~ N(0, 1); y ~ Bernoulli(σ(X·w + b)) for w_j ~ N(0, 9/features), b = 0.5. */
    public static TrainingData logisticData(int rows, int features, long seed) {
        return TrainingData.wrap(logisticBytes(rows, features, seed), rows, features);
    }

    /** The rows of {@link #logisticData} as little-endian float32 bytes in the shared layout. */
    static ByteBuffer logisticBytes(int rows, int features, long seed) {
        int stride = features + 1;
        ByteBuffer bytes = ByteBuffer.allocateDirect(Math.multiplyExact(Math.multiplyExact(rows, stride), Float.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer values = bytes.asFloatBuffer();
        SplittableRandom random = new SplittableRandom(seed);
        double[] w = new double[features];
        for (int j = 0; j < features; j++) {
            w[j] = random.nextGaussian() * 3 / Math.sqrt(features);
        }
        float[] row = new float[stride];
        for (int r = 0; r < rows; r++) {
            double z = 0.5;
            for (int j = 0; j < features; j++) {
                row[j] = (float) random.nextGaussian();
                z += w[j] * row[j];
            }
            row[features] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1f : 0f;
            values.put(r * stride, row);
        }
        return bytes;
    }

    /**
     * The best of seven timed reads of the dataset's bytes, two ways: a sum of longs with four accumulators, and a
     * bulk copy of 256 KiB chunks into one small buffer that stays in cache (memcpy: the bytes are read from memory
     * once and written to cache only).
     */
    record MemoryFloor(double bytes, double sumSeconds, double copySeconds) {

        static long sink;
        private static ByteBuffer source;
        private static ByteBuffer chunk;

        static MemoryFloor measure(TrainingData data) {
            FloatBuffer floats = data.values();
            source = ByteBuffer.allocateDirect(floats.capacity() * Float.BYTES).order(ByteOrder.nativeOrder());
            source.asFloatBuffer().put(floats);
            chunk = ByteBuffer.allocateDirect(256 * 1024).order(ByteOrder.nativeOrder());
            return reads(7);
        }

        /** The faster of the two reads, best of {@code times}, on the buffer {@link #measure} made: seconds for its bytes. */
        static double again(int times) {
            MemoryFloor floor = reads(times);
            return Math.min(floor.sumSeconds, floor.copySeconds);
        }

        /** A memcpy read of the buffer in 256 KiB chunks into a chunk of this thread's own, best of {@code times}. */
        static double copyAlone(int times) {
            ByteBuffer own = ByteBuffer.allocateDirect(chunk.capacity()).order(ByteOrder.nativeOrder());
            double best = Double.MAX_VALUE;
            long check = 0;
            for (int i = 0; i < times; i++) {
                long t0 = System.nanoTime();
                check += copyInChunks(source, own);
                best = Math.min(best, seconds(System.nanoTime() - t0));
            }
            synchronized (MemoryFloor.class) {
                sink += check;
            }
            return best;
        }

        private static MemoryFloor reads(int times) {
            double sum = Double.MAX_VALUE;
            double copy = Double.MAX_VALUE;
            for (int i = 0; i < times; i++) {
                long t0 = System.nanoTime();
                sink += sumLongs(source.asLongBuffer());
                sum = Math.min(sum, seconds(System.nanoTime() - t0));
                t0 = System.nanoTime();
                sink += copyInChunks(source, chunk);
                copy = Math.min(copy, seconds(System.nanoTime() - t0));
            }
            return new MemoryFloor(source.capacity(), sum, copy);
        }

        private static long sumLongs(LongBuffer longs) {
            long a = 0;
            long b = 0;
            long c = 0;
            long d = 0;
            int n = longs.capacity() & ~3;
            for (int i = 0; i < n; i += 4) {
                a += longs.get(i);
                b += longs.get(i + 1);
                c += longs.get(i + 2);
                d += longs.get(i + 3);
            }
            return a ^ b ^ c ^ d;
        }

        private static long copyInChunks(ByteBuffer source, ByteBuffer chunk) {
            long check = 0;
            for (int offset = 0; offset < source.capacity(); offset += chunk.capacity()) {
                int length = Math.min(chunk.capacity(), source.capacity() - offset);
                chunk.put(0, source, offset, length);
                check += chunk.get(0);
            }
            return check;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
