package dev.descent.bench;

import dev.descent.dataset.Dataset;
import dev.descent.dataset.DatasetProperties;
import dev.descent.dataset.FileSystemDatasets;
import dev.descent.engine.TrainingData;
import dev.descent.storage.StorageLayout;
import dev.descent.storage.StorageProperties;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Times CSV ingest in-process ({@code createFromCsv} from a file stream) and the reload of the stored dataset
 * ({@code load}, which maps the file, and a first read of every value), on a CSV of {@code bench.rows} ×
 * {@code bench.features} floats and a 0/1 target that it writes once to {@code bench.csv} and reuses. Prints numbers; asserts nothing. The HTTP and pandas figures come from
 * {@code bench/ingest}.
 */
public final class IngestBenchmark {

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        int features = Integer.getInteger("bench.features", 100);
        int repeats = Integer.getInteger("bench.repeats", 3);
        Path csv = Path.of(System.getProperty("bench.csv", "/tmp/descent-ingest-" + rows + "x" + features + ".csv"));
        if (!Files.exists(csv)) {
            generate(csv, rows, features, Long.getLong("bench.seed", 42));
        }
        long size = Files.size(csv);
        System.out.printf("csv %s: %.1f MB, %d cores, max heap %d MB%n", csv, size / 1e6,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        Path store = Files.createTempDirectory("descent-ingest-bench");
        // the service's dataset pools (DatasetExecutors), made here without a Spring context
        ThreadPoolTaskExecutor parse = new ThreadPoolTaskExecutor();
        int threads = Math.min(8, Runtime.getRuntime().availableProcessors());
        parse.setCorePoolSize(threads);
        parse.setMaxPoolSize(threads);
        parse.setThreadNamePrefix("csv-parse-");
        parse.setDaemon(true);
        parse.initialize();
        ThreadPoolTaskExecutor writeback = new ThreadPoolTaskExecutor();
        writeback.setThreadNamePrefix("dataset-writeback-");
        writeback.setDaemon(true);
        writeback.initialize();
        FileSystemDatasets datasets = new FileSystemDatasets(new StorageLayout(new StorageProperties(store)),
                DatasetProperties.defaults(), parse, writeback);
        String id = null;
        for (int i = 0; i < repeats; i++) {
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            Dataset dataset;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(csv), 1 << 16)) {
                dataset = datasets.createFromCsv("bench", "y", in);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            System.out.printf("createFromCsv: %.2f s, %.0f MB/s; cpu %.2f s, %.0f MB per cpu-s, %.2f cores busy "
                    + "(%d rows, heap used after %d MB)%n", seconds, size / 1e6 / seconds, cpuSeconds,
                    size / 1e6 / cpuSeconds, cpuSeconds / seconds, dataset.rows(), usedHeapMb());
            if (id != null) {
                datasets.delete(id);
            }
            id = dataset.id();
        }
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            TrainingData data = datasets.load(id);
            double mapped = (System.nanoTime() - start) / 1e9;
            // load maps the file: the time to have the data is that of a first read of every value, as a job's copy does
            double sum = readEveryValue(data);
            double seconds = (System.nanoTime() - start) / 1e9;
            long bytes = (long) data.rows() * data.stride() * Float.BYTES;
            System.out.printf("load and read every value: %.3f s (load %.3f), %.2f GB/s (%d MB, sum %.1f)%n", seconds,
                    mapped, bytes / 1e9 / seconds, bytes >> 20, sum);
        }
        datasets.delete(id);
        Files.deleteIfExists(store.resolve("datasets"));
        Files.deleteIfExists(store);
    }

    /**
     * The CPU time of all this JVM's threads: on a machine shared with other builds the wall time says more about
     * their load than about the reader, while MB per cpu-second and the cores kept busy do not depend on it as much.
     */
    private static double readEveryValue(TrainingData data) {
        java.nio.FloatBuffer values = data.values();
        float[] chunk = new float[1 << 16];
        double sum = 0;
        while (values.hasRemaining()) {
            int n = Math.min(chunk.length, values.remaining());
            values.get(chunk, 0, n);
            float partial = 0;
            for (int i = 0; i < n; i++) {
                partial += chunk[i];
            }
            sum += partial;
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long usedHeapMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    /** Gaussian features printed as Java prints floats (about 10 characters each), a 0/1 target from a logistic model. */
    static void generate(Path csv, int rows, int features, long seed) throws IOException {
        Random random = new Random(seed);
        double[] weights = new double[features];
        for (int c = 0; c < features; c++) {
            weights[c] = random.nextGaussian() / Math.sqrt(features);
        }
        Path temp = csv.resolveSibling(csv.getFileName() + ".tmp");
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.US_ASCII), 1 << 20)) {
            StringBuilder line = new StringBuilder(features * 12);
            for (int c = 0; c < features; c++) {
                line.append('x').append(c).append(',');
            }
            out.append(line).append("y\n");
            for (int r = 0; r < rows; r++) {
                line.setLength(0);
                double z = 0;
                for (int c = 0; c < features; c++) {
                    float x = (float) random.nextGaussian();
                    z += weights[c] * x;
                    line.append(x).append(',');
                }
                line.append(random.nextDouble() < 1 / (1 + Math.exp(-z)) ? '1' : '0').append('\n');
                out.append(line);
            }
        }
        Files.move(temp, csv);
    }
}
