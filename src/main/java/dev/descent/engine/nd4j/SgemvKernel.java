package dev.descent.engine.nd4j;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas.cblas_sgemv;
import static org.bytedeco.openblas.global.openblas.cblas_sscal;

import dev.descent.engine.ModelType;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One job's mini-batch step, run as two calls into ND4J's bundled OpenBLAS on rows in the shared layout
 * (features then target, {@code stride} floats a row), with the weights, decisions and the gather buffer held
 * in ND4J arrays made once per job. A step over m rows:
 * <pre>
 *   z ← X_b·w                       (sgemv, no transpose)
 *   z ← r = ∂loss/∂z per row        (Java loop: p − y or ŷ − y, and the loss; for logistic regression a
 *                                    Vector-API loop in float32 when {@link VectorApi#AVAILABLE})
 *   w ← w − (η/m)·X_bᵀ·r            (sgemv, transposed, with β = 1: the update folded into the product)
 *   b ← b − η·mean(r)
 * </pre>
 * Batches larger than {@code blockRows} are done in blocks that fit the L2 cache: each block's rows are read once
 * for z and once, still cached, for the gradient, which is summed into {@code g} and applied with one saxpy.
 * Shuffled batches are first gathered block by block into a contiguous buffer. Nothing is allocated per step.
 * Not thread-safe: one instance belongs to one run.
 */
final class SgemvKernel implements AutoCloseable {

    static {
        Nd4jRuntime.load();
    }

    /** Bytes of rows per block: well inside a core's L2 (1.25 MiB here), so that the second sgemv reads from cache. */
    static final int DEFAULT_BLOCK_BYTES = 256 * 1024;

    private final ModelType type;
    private final int features;
    private final int stride;
    private final int blockRows;
    /** Null: the scalar loop in double. */
    private final VectorResiduals vector;
    /** The decisions, then residuals, of a block of rows, on the heap for {@link #vector}. */
    private final float[] zHeap;
    /** The targets of a block of rows, copied from {@link #targetValues}. */
    private final float[] yHeap;

    private final FloatPointer data;
    private final FloatBuffer dataValues;
    /** The run's targets, contiguous: a block's are one bulk copy instead of a strided read per row. */
    private final FloatBuffer targetValues;

    private final INDArray weightsArray;
    private final INDArray decisionsArray;
    private final INDArray gradientArray;
    private final INDArray blockArray;
    private final FloatPointer w;
    private final FloatBuffer wValues;
    private final FloatPointer z;
    private final FloatBuffer zValues;
    private final FloatPointer g;
    private final FloatBuffer gValues;
    private final FloatPointer block;
    private final FloatBuffer blockValues;

    private double bias;
    /** The rows of the last {@link #residuals} call: the gather buffer, or the data positioned at their first row. */
    private FloatPointer source;
    /** Σ r over the rows of the last {@link #residuals} call. */
    private double residualSum;

    /**
     * @param data       the run's rows; read, never written
     * @param maxBatch   the most rows a step takes
     * @param blockBytes rows per block = blockBytes / (stride · 4), at least 8
     */
    SgemvKernel(ModelType type, JobData data, int maxBatch, int blockBytes) {
        this(type, data, maxBatch, blockBytes, VectorApi.AVAILABLE);
    }

    /**
     * @param vectorResiduals run the logistic loop with {@link VectorResiduals} (ignored for linear regression);
     *                        needs {@link VectorApi#AVAILABLE}
     */
    SgemvKernel(ModelType type, JobData data, int maxBatch, int blockBytes, boolean vectorResiduals) {
        if (vectorResiduals && !VectorApi.AVAILABLE) {
            throw new IllegalStateException("the Vector API is not available: start the JVM with --add-modules jdk.incubator.vector");
        }
        this.type = type;
        this.features = data.features();
        this.stride = data.stride();
        this.blockRows = Math.max(8, blockBytes / (stride * Float.BYTES));
        this.data = data.pointer();
        this.dataValues = data.values();
        this.targetValues = data.targets();
        int decisions = Math.min(blockRows, Math.max(maxBatch, data.rows()));
        int blockFloats = Math.min(maxBatch, blockRows) * stride;
        boolean vectorLoop = vectorResiduals && type == ModelType.LOGISTIC_REGRESSION;
        this.vector = vectorLoop ? new VectorResiduals() : null;
        this.zHeap = vectorLoop ? new float[decisions] : null;
        this.yHeap = new float[decisions];
        INDArray wa = null;
        INDArray za = null;
        INDArray ga = null;
        INDArray ba = null;
        try {
            wa = vector(features);
            za = vector(decisions);
            ga = vector(features);
            ba = vector(blockFloats);
        } catch (RuntimeException | Error e) {
            closeAll(wa, za, ga, ba);
            throw e;
        }
        this.weightsArray = wa;
        this.decisionsArray = za;
        this.gradientArray = ga;
        this.blockArray = ba;
        this.w = pointer(wa);
        this.wValues = w.asBuffer();
        this.z = pointer(za);
        this.zValues = z.asBuffer();
        this.g = pointer(ga);
        this.gValues = g.asBuffer();
        this.block = pointer(ba);
        this.blockValues = block.asBuffer();
        for (int j = 0; j < features; j++) {
            wValues.put(j, 0f);
        }
    }

    int blockRows() {
        return blockRows;
    }

    /** True when the per-row loop runs on {@link VectorResiduals}. */
    boolean vectorResiduals() {
        return vector != null;
    }

    /** L1's proximal step on the weights (not the bias): w ← sign(w)·max(|w| − threshold, 0). */
    void softThreshold(double threshold) {
        for (int j = 0; j < features; j++) {
            float v = wValues.get(j);
            float shrunk = (float) Math.max(Math.abs(v) - threshold, 0);
            wValues.put(j, Math.copySign(shrunk, v));
        }
    }

    /** Sets the model from parameters kept in double by an optimiser: the weights, then the bias. No allocation. */
    void setParameters(double[] parameters) {
        for (int j = 0; j < features; j++) {
            wValues.put(j, (float) parameters[j]);
        }
        this.bias = parameters[features];
    }

    void setWeights(float[] weights, double bias) {
        if (weights.length != features) {
            throw new IllegalArgumentException("expected " + features + " weights, got " + weights.length);
        }
        wValues.put(0, weights);
        this.bias = bias;
    }

    float[] weights() {
        float[] copy = new float[features];
        wValues.get(0, copy);
        return copy;
    }

    double bias() {
        return bias;
    }

    /**
     * One gradient-descent step over m rows: those at {@code order[from..from+m)}, or rows {@code from..from+m)}
     * in place when order is null.
     *
     * @return the mean loss over the m rows, measured with the weights before the step
     */
    double step(int[] order, int from, int m, double learningRate) {
        return step(order, from, m, learningRate, 0);
    }

    /**
     * A step with an L2 penalty ½λ₂‖w‖² in the gradient: w ← (1 − η·λ₂)·w − (η/m)·X_bᵀ·r, the decay applied after z
     * was computed from the old w, so that it is the gradient's at that w.
     */
    double step(int[] order, int from, int m, double learningRate, double l2) {
        double lossSum;
        double rSum;
        float decay = (float) (1 - learningRate * l2);
        if (m <= blockRows) {
            lossSum = residuals(order, from, m);
            rSum = residualSum;
            if (l2 != 0) {
                cblas_sscal(features, decay, w, 1);
            }
            // w ← w − (η/m)·X_bᵀ·r, one call
            cblas_sgemv(CblasRowMajor, CblasTrans, m, features, (float) (-learningRate / m), source, stride, z, 1, 1f, w, 1);
        } else {
            lossSum = 0;
            rSum = 0;
            for (int start = 0; start < m; start += blockRows) {
                int rows = Math.min(blockRows, m - start);
                lossSum += residuals(order, from + start, rows);
                rSum += residualSum;
                float beta = start == 0 ? 0f : 1f; // the first block overwrites g, the others add to it
                cblas_sgemv(CblasRowMajor, CblasTrans, rows, features, 1f, source, stride, z, 1, beta, g, 1);
            }
            if (l2 != 0) {
                cblas_sscal(features, decay, w, 1);
            }
            cblas_saxpy(features, (float) (-learningRate / m), g, 1, w, 1);
        }
        bias -= learningRate * rSum / m;
        return lossSum / m;
    }

    /**
     * The mean loss over m rows (as in {@link #step}) and its gradient, without changing the model: the same
     * residuals and sgemv as a step, with the product written to {@code gradient} instead of folded into w.
     *
     * @param gradient receives ∇w; its last element receives ∇b (length features + 1)
     */
    double lossAndGradient(int[] order, int from, int m, double[] gradient) {
        double lossSum = 0;
        double rSum = 0;
        for (int start = 0; start < m; start += blockRows) {
            int rows = Math.min(blockRows, m - start);
            lossSum += residuals(order, from + start, rows);
            rSum += residualSum;
            float beta = start == 0 ? 0f : 1f;
            cblas_sgemv(CblasRowMajor, CblasTrans, rows, features, (float) (1.0 / m), source, stride, z, 1, beta, g, 1);
        }
        for (int j = 0; j < features; j++) {
            gradient[j] = gValues.get(j);
        }
        gradient[features] = rSum / m;
        return lossSum / m;
    }

    /**
     * X·w (without the bias) for the rows from..from+m) in place, m at most {@link #decisionCapacity()}: one sgemv,
     * for a full pass with the final model.
     */
    FloatBuffer decisions(int from, int m) {
        data.position((long) from * stride);
        cblas_sgemv(CblasRowMajor, CblasNoTrans, m, features, 1f, data, stride, w, 1, 0f, z, 1);
        return zValues;
    }

    int decisionCapacity() {
        return (int) decisionsArray.length();
    }

    /**
     * For at most blockRows rows: gathers them when an order is given, computes z = X·w + b, replaces z by the
     * residuals r and returns Σ loss (Σ r goes to {@link #residualSum}).
     */
    private double residuals(int[] order, int from, int m) {
        if (order != null) {
            for (int i = 0; i < m; i++) {
                blockValues.put(i * stride, dataValues, order[from + i] * stride, stride);
                yHeap[i] = targetValues.get(order[from + i]);
            }
            source = block;
        } else {
            source = data.position((long) from * stride);
            targetValues.get(from, yHeap, 0, m);
        }
        // z ← X_b·w
        cblas_sgemv(CblasRowMajor, CblasNoTrans, m, features, 1f, source, stride, w, 1, 0f, z, 1);
        if (vector != null) {
            return vectorCrossEntropyResiduals(m);
        }
        return type == ModelType.LOGISTIC_REGRESSION ? crossEntropyResiduals(m) : squaredErrorResiduals(m);
    }

    /** r = σ(z) − y; loss = log1p(e^−|z|) + max(z, 0) − y·z, which never takes log(0). */
    private double crossEntropyResiduals(int m) {
        double b = bias;
        double lossSum = 0;
        double rSum = 0;
        for (int i = 0; i < m; i++) {
            double zi = zValues.get(i) + b;
            double y = yHeap[i];
            double e = Math.exp(-Math.abs(zi));
            double p = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
            lossSum += log1pUnit(e) + Math.max(zi, 0) - y * zi;
            double r = p - y;
            rSum += r;
            zValues.put(i, (float) r);
        }
        residualSum = rSum;
        return lossSum;
    }

    /** As {@link #crossEntropyResiduals}, on the heap with {@link VectorResiduals}: bulk copies of z in and r out. */
    private double vectorCrossEntropyResiduals(int m) {
        zValues.get(0, zHeap, 0, m);
        double lossSum = vector.crossEntropy(zHeap, yHeap, m, bias);
        zValues.put(0, zHeap, 0, m);
        residualSum = vector.residualSum();
        return lossSum;
    }

    /** r = ŷ − y; loss = r² (the objective is half of it, so that its gradient is r). */
    private double squaredErrorResiduals(int m) {
        double b = bias;
        double lossSum = 0;
        double rSum = 0;
        for (int i = 0; i < m; i++) {
            double r = zValues.get(i) + b - yHeap[i];
            lossSum += r * r;
            rSum += r;
            zValues.put(i, (float) r);
        }
        residualSum = rSum;
        return lossSum;
    }

    /**
     * log1p(e) for e in [0, 1], as 2·atanh(s) with s = e / (2 + e) ≤ 1/3: a series in s² that reaches a relative
     * error below 2e-13 after twelve terms, about three times faster than {@link Math#log1p} on JDK 17 — the hot loop
     * calls it once per row.
     */
    static double log1pUnit(double e) {
        double s = e / (2 + e);
        double u = s * s;
        double p = 1.0 / 23;
        p = Math.fma(p, u, 1.0 / 21);
        p = Math.fma(p, u, 1.0 / 19);
        p = Math.fma(p, u, 1.0 / 17);
        p = Math.fma(p, u, 1.0 / 15);
        p = Math.fma(p, u, 1.0 / 13);
        p = Math.fma(p, u, 1.0 / 11);
        p = Math.fma(p, u, 1.0 / 9);
        p = Math.fma(p, u, 1.0 / 7);
        p = Math.fma(p, u, 1.0 / 5);
        p = Math.fma(p, u, 1.0 / 3);
        p = Math.fma(p, u, 1.0);
        return 2 * s * p;
    }

    @Override
    public void close() {
        closeAll(weightsArray, decisionsArray, gradientArray, blockArray);
    }

    private static INDArray vector(long length) {
        return Nd4j.createUninitializedDetached(DataType.FLOAT, Math.max(1, length));
    }

    /** A pointer of its own onto the array's memory, so that moving its position never touches ND4J's. */
    static FloatPointer pointer(INDArray array) {
        Pointer address = array.data().addressPointer();
        if (array.isView() || address.position() != 0 || !(address instanceof FloatPointer)) {
            throw new IllegalStateException("expected a float32 array of its own, got " + array.shapeInfoToString());
        }
        long length = array.length();
        return new FloatPointer(address).capacity(length);
    }

    static void closeAll(INDArray... arrays) {
        for (INDArray array : arrays) {
            if (array != null && !array.wasClosed()) {
                array.close();
            }
        }
    }
}
