package dev.descent.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A dense numeric dataset in the layout every part of descent shares: float32, row-major, one row per example,
 * each row its {@code features} values followed by its target ({@code stride = features + 1}).
 * The CSV reader writes this layout, the dataset store keeps it on disk and the engine reads it without re-parsing.
 */
public final class TrainingData {

    private final FloatBuffer values;
    private final int rows;
    private final int features;

    private TrainingData(FloatBuffer values, int rows, int features) {
        if (rows < 1) {
            throw new IllegalArgumentException("a dataset needs at least one row, got " + rows);
        }
        if (features < 1) {
            throw new IllegalArgumentException("a dataset needs at least one feature, got " + features);
        }
        long expected = (long) rows * (features + 1);
        if (values.remaining() != expected) {
            throw new IllegalArgumentException("expected " + expected + " values for " + rows + " rows of "
                    + features + " features and a target, got " + values.remaining());
        }
        this.values = values.slice();
        this.rows = rows;
        this.features = features;
    }

    /** Wraps little-endian float32 values in the shared layout; the buffer is not copied. */
    public static TrainingData wrap(ByteBuffer littleEndianFloats, int rows, int features) {
        return new TrainingData(littleEndianFloats.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer(), rows, features);
    }

    /** Copies rows and targets into the shared layout (off-heap, so that native code can read it in place). */
    public static TrainingData of(double[][] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("expected " + x.length + " targets, one per row, got " + y.length);
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("a dataset needs at least one row, got 0");
        }
        int features = x[0].length;
        int stride = features + 1;
        ByteBuffer bytes = ByteBuffer.allocateDirect(Math.multiplyExact(Math.multiplyExact(x.length, stride), Float.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer values = bytes.asFloatBuffer();
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != features) {
                throw new IllegalArgumentException("row " + r + ": expected " + features + " features, got " + x[r].length);
            }
            for (int c = 0; c < features; c++) {
                values.put(r * stride + c, (float) x[r][c]);
            }
            values.put(r * stride + features, (float) y[r]);
        }
        return new TrainingData(values, x.length, features);
    }

    public int rows() {
        return rows;
    }

    public int features() {
        return features;
    }

    /** Floats per row: the features and the target. */
    public int stride() {
        return features + 1;
    }

    public float feature(int row, int column) {
        return values.get(row * stride() + column);
    }

    public float target(int row) {
        return values.get(row * stride() + features);
    }

    /** A read-only view of all values in the shared layout, positioned at 0. */
    public FloatBuffer values() {
        return values.asReadOnlyBuffer();
    }
}
