package dev.descent.dataset;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The per-column minimum, maximum, mean and population standard deviation of rows in the stored layout
 * (little-endian float32), accumulated as the rows stream through the writer.
 *
 * <p>Rows are summed in blocks of {@link #BLOCK_ROWS}, counted from the first row of the dataset: within a block each
 * column is shifted by its value in the block's first row, so that Σ(x − k) and Σ(x − k)² lose almost nothing to
 * cancellation (k is one of the values, so the error stays within n·ε of the block's own sum of squares); each
 * finished block is merged into the totals with Chan's formula. Because blocks are fixed by row number, the results
 * depend only on the rows, never on how a caller splits them into calls — the parallel and the sequential CSV
 * readers give the same bits. With {@code jdk.incubator.vector} present the sums run several columns per instruction
 * ({@link VectorColumnSums}); every lane does the same IEEE operations in the same order as the scalar loop here, so
 * both give the same bits too. One instance per dataset; not thread-safe.
 */
final class ColumnStatistics {

    static final int BLOCK_ROWS = 1024;

    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    /** Whether new instances use the Vector API: until a {@link #warmUp} finds that the JIT will not compile it. */
    private static volatile boolean vectorByDefault = VECTOR;

    private final int columns;
    private final boolean vector;
    /** The columns that {@link VectorColumnSums} covers; the rest go through the scalar loop. */
    private final int vectorColumns;

    // the running block: its first row (the shift), Σ(x − shift), Σ(x − shift)², and its row count
    private final double[] shift;
    private final double[] sum;
    private final double[] sumOfSquares;
    private int blockRows;

    private final float[] min;
    private final float[] max;
    private final double[] mean;
    private final double[] m2;
    private long count;

    ColumnStatistics(int columns) {
        this(columns, vectorByDefault);
    }

    /** @param vector whether to use the Vector API (tests compare both ways) */
    ColumnStatistics(int columns, boolean vector) {
        this.columns = columns;
        this.vector = vector;
        this.vectorColumns = vector ? VectorColumnSums.coveredColumns(columns) : 0;
        this.shift = new double[columns];
        this.sum = new double[columns];
        this.sumOfSquares = new double[columns];
        this.min = new float[columns];
        this.max = new float[columns];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        this.mean = new double[columns];
        this.m2 = new double[columns];
    }

    /** Adds {@code rows} whole rows that start at {@code offset} in {@code block}. */
    void add(byte[] block, int offset, int rows) {
        int rowBytes = columns * Float.BYTES;
        int at = offset;
        int left = rows;
        while (left > 0) {
            if (blockRows == BLOCK_ROWS) {
                mergeBlock();
            }
            if (blockRows == 0) {
                for (int c = 0; c < columns; c++) {
                    shift[c] = (float) FLOAT_LE.get(block, at + (c << 2));
                }
            }
            int n = Math.min(left, BLOCK_ROWS - blockRows);
            if (vector && vectorColumns > 0) {
                VectorColumnSums.add(block, at, n, columns, vectorColumns, shift, sum, sumOfSquares, min, max);
            }
            addScalar(block, at, n, vectorColumns);
            blockRows += n;
            at += n * rowBytes;
            left -= n;
        }
    }

    /** What a {@link #warmUp} did: how many calls, and whether the Vector-API loop became fast (compiled). */
    record WarmUp(int calls, boolean compiled) {
    }

    /**
     * Runs the Vector-API loop until the JIT has compiled it: until then it runs boxed, tens of times slower than the
     * scalar loop (the first 1 GB upload in a fresh JVM spent about half a second more on it), and that would fall on
     * the first big upload. Stops once a call has become fast, or after {@code maxCalls} calls or {@code maxNanos}.
     * When the loop has not become fast by then (a JVM without C2, such as one started with
     * {@code -XX:TieredStopAtLevel=1}, never compiles it), statistics made afterwards use the scalar loop.
     */
    static WarmUp warmUp(int maxCalls, long maxNanos) {
        if (!VECTOR) {
            return new WarmUp(0, false);
        }
        int columns = 101;
        int rows = 64;
        byte[] block = new byte[rows * columns * Float.BYTES];
        for (int i = 0; i < rows * columns; i++) {
            FLOAT_LE.set(block, i << 2, (float) ((i * 7) % 23 - 11.5));
        }
        ColumnStatistics statistics = new ColumnStatistics(columns, true);
        int calls = 0;
        boolean compiled = false;
        long start = System.nanoTime();
        long last = start;
        while (calls < maxCalls && !compiled && last - start < maxNanos) {
            statistics.add(block, 0, rows);
            if (++calls % 100 == 0) {
                long now = System.nanoTime();
                compiled = now - last < 100 * 10_000L; // under 10 µs a call of 6,464 values
                last = now;
            }
        }
        statistics.finish();
        if (!Double.isFinite(statistics.std()[0])) {
            throw new IllegalStateException("the warm-up's statistics are not finite");
        }
        vectorByDefault = compiled;
        return new WarmUp(calls, compiled);
    }

    /** The columns {@code from..columns-1} of {@code rows} rows, one value at a time. */
    private void addScalar(byte[] block, int offset, int rows, int from) {
        int rowBytes = columns * Float.BYTES;
        for (int r = 0, rowAt = offset; r < rows; r++, rowAt += rowBytes) {
            for (int c = from; c < columns; c++) {
                float x = (float) FLOAT_LE.get(block, rowAt + (c << 2));
                double d = x - shift[c];
                sum[c] += d;
                sumOfSquares[c] += d * d;
                min[c] = Math.min(min[c], x);
                max[c] = Math.max(max[c], x);
            }
        }
    }

    /** Chan et al.: the totals (n_a, mean_a, M2_a) and a block (n_b, mean_b, M2_b) make n, mean and M2 of both. */
    private void mergeBlock() {
        if (blockRows == 0) {
            return;
        }
        double nb = blockRows;
        double na = count;
        double n = na + nb;
        for (int c = 0; c < columns; c++) {
            double blockMean = shift[c] + sum[c] / nb;
            double blockM2 = Math.max(0, sumOfSquares[c] - sum[c] * (sum[c] / nb));
            double delta = blockMean - mean[c];
            mean[c] += delta * (nb / n);
            m2[c] += blockM2 + delta * delta * (na * nb / n);
        }
        count += blockRows;
        blockRows = 0;
        Arrays.fill(sum, 0);
        Arrays.fill(sumOfSquares, 0);
    }

    /** Whether this instance sums on the Vector API. */
    boolean vector() {
        return vector;
    }

    long count() {
        return count + blockRows;
    }

    /** Folds in the running block; call once, after the last row. */
    void finish() {
        mergeBlock();
    }

    double[] min() {
        return widened(min);
    }

    double[] max() {
        return widened(max);
    }

    double[] mean() {
        return mean.clone();
    }

    /** The population standard deviation, √(M2 / n). */
    double[] std() {
        double[] std = new double[columns];
        for (int c = 0; c < columns; c++) {
            std[c] = count == 0 ? 0 : Math.sqrt(Math.max(0, m2[c] / count));
        }
        return std;
    }

    private double[] widened(float[] values) {
        double[] widened = new double[columns];
        for (int c = 0; c < columns; c++) {
            widened[c] = values[c];
        }
        return widened;
    }
}
