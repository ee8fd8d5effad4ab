package dev.descent.dataset;

import dev.descent.system.PayloadTooLargeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.core.task.AsyncTaskExecutor;

/**
 * Writes rows in the shared float32 layout to a data file through one reusable buffer, and computes on the way the
 * per-column statistics ({@link ColumnStatistics}), the target's class counts and the SHA-256 of the values.
 * Callers fill a row slot by slot with {@link #put} and close it with {@link #endRow}; memory use is bounded by
 * the buffer, whatever the number of rows.
 */
final class DataFileWriter {

    private static final int BUFFER_BYTES = 1 << 20;
    /**
     * How many bytes are written between two background writebacks. The kernel starts writing a file's dirty pages
     * only past a share of the machine's memory (10% of it by default), so a dataset of a few hundred MB would all be
     * written by the commit's fsync, while the CPU waits (0.2 s for 385 MB here); a {@code force} in the background
     * every so often lets the disk work while the CSV is still being parsed.
     */
    static final long WRITEBACK_BYTES = 32L << 20;
    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private final FileChannel channel;
    private final AsyncTaskExecutor writebackPool;
    private final int features;
    private final int stride;
    private final int rowBytes;
    private final long maxRows;
    private final ByteBuffer buffer;
    private final MessageDigest sha256;
    private final ColumnStatistics statistics;

    private long zeros;
    private long ones;
    private final float[] distinct = new float[TargetSummary.MAX_DISTINCT_VALUES];
    private int distinctCount;
    private boolean moreDistinct;

    private long rows;
    private int rowStart;
    private long written;
    private long writtenBack;
    private Future<Void> writeback;

    /** What was written: enough to describe the dataset without reading the file again. */
    record Summary(long rows, int features, double[] min, double[] max, double[] mean, double[] std,
                   long zeros, long ones, List<Double> distinctValues, boolean moreDistinctValues,
                   String sha256, long sizeBytes) {

        ColumnSummary column(int slot, String name) {
            return new ColumnSummary(name, min[slot], max[slot], mean[slot], std[slot]);
        }

        TargetSummary target(String name) {
            return new TargetSummary(name, min[features], max[features], mean[features], std[features], zeros, ones,
                    distinctValues, moreDistinctValues);
        }

        List<ColumnSummary> columns(List<String> featureNames) {
            List<ColumnSummary> columns = new ArrayList<>(features);
            for (int slot = 0; slot < features; slot++) {
                columns.add(column(slot, featureNames.get(slot)));
            }
            return columns;
        }
    }

    /**
     * @param maxRows       the configured row limit; rows beyond it, or beyond what one buffer can hold when loaded,
     *                      end the write with a {@link PayloadTooLargeException}
     * @param writebackPool where the background writebacks run, shared by all uploads ({@link DatasetExecutors})
     */
    DataFileWriter(FileChannel channel, int features, long maxRows, AsyncTaskExecutor writebackPool) throws IOException {
        this.channel = channel;
        this.writebackPool = writebackPool;
        this.features = features;
        this.stride = features + 1;
        this.rowBytes = stride * Float.BYTES;
        this.maxRows = Math.min(maxRows, DataFile.MAX_PAYLOAD_BYTES / rowBytes);
        this.buffer = ByteBuffer.allocate(Math.max(BUFFER_BYTES, rowBytes)).order(ByteOrder.LITTLE_ENDIAN);
        this.sha256 = sha256();
        this.statistics = new ColumnStatistics(stride);
        channel.position(DataFile.HEADER_BYTES);
    }

    /** Sets one value of the current row: slots {@code 0..features-1} are the features, slot {@code features} the target. */
    void put(int slot, float value) {
        buffer.putFloat(rowStart + (slot << 2), value);
    }

    /** Closes the current row: its values count in the statistics and it will be written. */
    void endRow() throws IOException {
        if (rows == maxRows) {
            throw tooManyRows();
        }
        rows++;
        countTarget(buffer.getFloat(rowStart + (features << 2)));
        rowStart += rowBytes;
        if (rowStart + rowBytes > buffer.capacity()) {
            flush();
        }
    }

    /**
     * Appends {@code count} whole rows already in the stored layout (little-endian) at the start of {@code block},
     * with the same statistics as {@link #put} and {@link #endRow} would give.
     */
    void appendRows(byte[] block, int count) throws IOException {
        flush();
        int targetAt = features * Float.BYTES;
        for (int r = 0; r < count; r++, targetAt += rowBytes) {
            if (rows == maxRows) {
                throw tooManyRows();
            }
            rows++;
            countTarget((float) FLOAT_LE.get(block, targetAt));
        }
        write(block, count);
    }

    /** Sums, hashes and writes the first {@code count} rows of {@code block}. */
    private void write(byte[] block, int count) throws IOException {
        statistics.add(block, 0, count);
        int length = count * rowBytes;
        sha256.update(block, 0, length);
        ByteBuffer bytes = ByteBuffer.wrap(block, 0, length);
        while (bytes.hasRemaining()) {
            written += channel.write(bytes);
        }
        if (written - writtenBack >= WRITEBACK_BYTES && (writeback == null || writeback.isDone())) {
            startWriteback();
        }
    }

    private void startWriteback() {
        writtenBack = written;
        try {
            writeback = writebackPool.submit(() -> {
                channel.force(false);
                return null;
            });
        } catch (RejectedExecutionException e) {
            // the queue is full or the pool is stopping: this early start is lost, not the data, which the commit's
            // fsync writes; the next try comes after the next WRITEBACK_BYTES
        }
    }

    long rows() {
        return rows;
    }

    /** Writes what is buffered and the header; the caller fsyncs and commits the file. */
    Summary finish() throws IOException {
        flush();
        awaitWriteback();
        ByteBuffer header = DataFile.header(features, rows);
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
        statistics.finish();
        float[] seen = Arrays.copyOf(distinct, distinctCount);
        Arrays.sort(seen);
        List<Double> distinctValues = new ArrayList<>(seen.length);
        for (float value : seen) {
            distinctValues.add((double) value);
        }
        long size = DataFile.HEADER_BYTES + rows * rowBytes;
        return new Summary(rows, features, statistics.min(), statistics.max(), statistics.mean(), statistics.std(),
                zeros, ones, distinctValues, moreDistinct,
                HexFormat.of().formatHex(sha256.digest()), size);
    }

    private void countTarget(float y) {
        if (y == 0f) {
            zeros++;
        } else if (y == 1f) {
            ones++;
        }
        if (moreDistinct) {
            return;
        }
        for (int i = 0; i < distinctCount; i++) {
            if (distinct[i] == y) {
                return;
            }
        }
        if (distinctCount == distinct.length) {
            moreDistinct = true;
        } else {
            distinct[distinctCount++] = y;
        }
    }

    private void flush() throws IOException {
        if (rowStart == 0) {
            return;
        }
        write(buffer.array(), rowStart / rowBytes);
        rowStart = 0;
    }

    private void awaitWriteback() throws IOException {
        if (writeback == null) {
            return;
        }
        try {
            writeback.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the dataset file was written back");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("writing the dataset file back failed", e.getCause());
        }
    }

    private PayloadTooLargeException tooManyRows() {
        if (maxRows == DataFile.MAX_PAYLOAD_BYTES / rowBytes) {
            return new PayloadTooLargeException("The dataset is larger than 2 GiB of float32 values (more than " + maxRows
                    + " rows of " + stride + " columns), which this version cannot hold; use fewer rows or columns.");
        }
        return new PayloadTooLargeException("The dataset has more than " + maxRows + " rows, the configured limit; "
                + "send fewer rows or raise descent.datasets.max-rows.");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
