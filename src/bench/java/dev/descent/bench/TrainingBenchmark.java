package dev.descent.bench;

import dev.descent.engine.CancellationSignal;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.Initialization;
import dev.descent.engine.ModelType;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingResult;
import dev.descent.engine.nd4j.Nd4jMiniBatchTrainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times epochs of the engine on reproducible float32 logistic data beside the time this machine needs to read the
 * same bytes once from memory, measured in the same run. Not a test: it prints numbers and never fails on them.
 *
 * <p>System properties: {@code bench.rows} (1000000), {@code bench.features} (100), {@code bench.epochs} (6; the
 * first is not counted), {@code bench.batches} (32,256,4096), {@code bench.seed} (42).
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
        TrainingData data = logisticData(rows, features, seed);
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
        System.out.println("| batch | order | s/epoch | rows/s | GB/s features | × floor | setup s | final loss |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|");
        for (int batch : batches) {
            for (Order order : Order.values()) {
                Run run = Run.of(order, data, new Hyperparameters(0.01, epochs, batch, 0, seed, order != Order.FILE,
                        Initialization.ZEROS, true));
                System.out.printf(Locale.ROOT, "| %d | %s | %.3f | %,.0f | %.1f | %.1f | %.2f | %.5f |%n", batch, order.label,
                        run.perEpoch, rows / run.perEpoch, featureBytes / run.perEpoch / 1e9, run.perEpoch / floorSeconds,
                        run.setup, run.result.lossHistory().get(run.result.lossHistory().size() - 1));
            }
        }

        int curveBatch = Arrays.stream(batches).filter(b -> b == 256).findFirst().orElse(batches[0]);
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
                Run run = Run.of(order, data, new Hyperparameters(0.01, epochs, curveBatch, 0, shuffleSeed, true, Initialization.ZEROS, true));
                StringBuilder line = new StringBuilder("| " + shuffleSeed + " | " + order.label + " |");
                for (double loss : run.result.lossHistory()) {
                    line.append(String.format(Locale.ROOT, " %.5f |", loss));
                }
                System.out.println(line);
            }
        }
        System.out.printf(Locale.ROOT, "%nfloor = the faster of the two reads above, %.1f ms for %.0f MB; kernel: %s%n",
                floorSeconds * 1e3, featureBytes / 1e6, Nd4jMiniBatchTrainer.KERNEL);
        System.out.println("load average after: " + loadAverage());
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

    /** The orders an epoch can visit the rows in. */
    enum Order {
        ROWS("shuffled rows"), BLOCKS("shuffled blocks"), FILE("file order");

        final String label;

        Order(String label) {
            this.label = label;
        }

        Nd4jMiniBatchTrainer trainer() {
            return this == BLOCKS ? Nd4jMiniBatchTrainer.withBlockShuffle() : new Nd4jMiniBatchTrainer();
        }
    }

    /** One timed run: the median epoch after the first, and the time before the first epoch less one epoch. */
    record Run(TrainingResult result, double perEpoch, double setup) {

        static Run of(Order order, TrainingData data, Hyperparameters settings) {
            List<Long> ends = new ArrayList<>();
            long t0 = System.nanoTime();
            TrainingResult result = order.trainer().train(ModelType.LOGISTIC_REGRESSION, data, settings,
                    (epoch, total, loss) -> ends.add(System.nanoTime()), CancellationSignal.NEVER);
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
        return TrainingData.wrap(bytes, rows, features);
    }

    /**
     * The best of seven timed reads of the dataset's bytes, two ways: a sum of longs with four accumulators, and a
     * bulk copy of 256 KiB chunks into one small buffer that stays in cache (memcpy: the bytes are read from memory
     * once and written to cache only).
     */
    record MemoryFloor(double bytes, double sumSeconds, double copySeconds) {

        static long sink;

        static MemoryFloor measure(TrainingData data) {
            FloatBuffer floats = data.values();
            ByteBuffer source = ByteBuffer.allocateDirect(floats.capacity() * Float.BYTES).order(ByteOrder.nativeOrder());
            source.asFloatBuffer().put(floats);
            ByteBuffer chunk = ByteBuffer.allocateDirect(256 * 1024).order(ByteOrder.nativeOrder());
            double sum = Double.MAX_VALUE;
            double copy = Double.MAX_VALUE;
            for (int i = 0; i < 7; i++) {
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
