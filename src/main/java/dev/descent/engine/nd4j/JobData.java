package dev.descent.engine.nd4j;

import dev.descent.engine.ModelType;
import dev.descent.engine.TrainingData;
import java.nio.FloatBuffer;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A run's own copy of the training data in an ND4J float32 array (rows × stride, c order, the shared layout),
 * standardized when asked, and its targets again in a contiguous array, so that a step reads a batch's targets in
 * one bulk copy (a strided read per row was 12–15% of a 256 × 100 step). The caller's buffer may be a shared or
 * memory-mapped dataset, so it is only read. Closing releases the off-heap memory at once.
 */
final class JobData implements AutoCloseable {

    static {
        Nd4jRuntime.load();
    }

    private final INDArray array;
    private final INDArray targets;
    private final int rows;
    private final int features;
    private final Scaling scaling;

    private JobData(INDArray array, INDArray targets, int rows, int features, Scaling scaling) {
        this.array = array;
        this.targets = targets;
        this.rows = rows;
        this.features = features;
        this.scaling = scaling;
    }

    /**
     * Copies the data into a fresh array: a bulk copy, or, when standardizing, one pass for the column statistics
     * over the caller's buffer and one that writes the scaled rows.
     *
     * @throws IllegalArgumentException when logistic regression meets targets other than 0 and 1, or linear
     *                                  regression targets that are not finite numbers
     */
    static JobData copyOf(TrainingData source, ModelType type, boolean standardize) {
        return copyOf(source, type, standardize, null);
    }

    /**
     * @param order row r of the copy is row {@code order[r]} of the source; null keeps the source's order
     */
    static JobData copyOf(TrainingData source, ModelType type, boolean standardize, int[] order) {
        int rows = source.rows();
        int features = source.features();
        FloatBuffer from = source.values();
        requireValidTargets(type, from, rows, features);
        Scaling scaling = standardize ? Scaling.of(from, rows, features) : Scaling.identity(features);
        INDArray array = Nd4j.createUninitializedDetached(DataType.FLOAT, 'c', rows, source.stride());
        INDArray targets = null;
        try {
            targets = Nd4j.createUninitializedDetached(DataType.FLOAT, Math.max(1, rows));
            FloatBuffer to = SgemvKernel.pointer(array).asBuffer();
            if (standardize || order != null) {
                scaling.apply(from, to, rows, order);
            } else {
                to.put(0, from, 0, rows * source.stride());
            }
            FloatBuffer y = SgemvKernel.pointer(targets).asBuffer();
            for (int r = 0; r < rows; r++) {
                y.put(r, to.get(r * source.stride() + features));
            }
            return new JobData(array, targets, rows, features, scaling);
        } catch (RuntimeException | Error e) {
            SgemvKernel.closeAll(array, targets);
            throw e;
        }
    }

    /** Bytes of native memory a run's data takes: the copy and the targets. */
    static long bytes(long rows, int features) {
        return rows * (features + 2L) * Float.BYTES;
    }

    int rows() {
        return rows;
    }

    int features() {
        return features;
    }

    int stride() {
        return features + 1;
    }

    INDArray array() {
        return array;
    }

    /** A view of this run's values, of its own position. */
    FloatBuffer values() {
        return pointer().asBuffer();
    }

    /** A view of this run's targets, in the copy's row order, of its own position. */
    FloatBuffer targets() {
        return SgemvKernel.pointer(targets).asBuffer();
    }

    /** A pointer of its own onto this run's values, at row 0. */
    FloatPointer pointer() {
        return SgemvKernel.pointer(array);
    }

    /** How the features were scaled; identity when not standardized. */
    Scaling scaling() {
        return scaling;
    }

    @Override
    public void close() {
        SgemvKernel.closeAll(array, targets);
    }

    private static void requireValidTargets(ModelType type, FloatBuffer values, int rows, int features) {
        boolean logistic = type == ModelType.LOGISTIC_REGRESSION;
        int stride = features + 1;
        Set<Float> found = new LinkedHashSet<>();
        int firstRow = -1;
        long count = 0;
        for (int r = 0; r < rows; r++) {
            float y = values.get(r * stride + features);
            if (logistic ? y != 0f && y != 1f : !Float.isFinite(y)) {
                if (firstRow < 0) {
                    firstRow = r;
                }
                count++;
                if (found.size() < 5) {
                    found.add(y);
                }
            }
        }
        if (count > 0) {
            String shown = found.stream().map(String::valueOf).collect(Collectors.joining(", "));
            String need = logistic ? "logistic regression needs targets 0 or 1" : "linear regression needs finite targets";
            throw new IllegalArgumentException(need + ", found " + shown
                    + (count > found.size() ? ", …" : "") + " in " + count + " row(s), the first at row " + firstRow);
        }
    }
}
