package dev.descent.engine.nd4j;

import dev.descent.engine.LinearModel;
import dev.descent.engine.ModelType;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The per-column affine map training used, x' = (x − μ)·(1/σ), and its inverse on fitted weights:
 * v·x' + b = (v/σ)·x + (b − Σ v_j μ_j / σ_j), so w_raw = v / σ and b_raw = b − Σ v_j μ_j / σ_j.
 * μ and σ are computed in double; the map is applied in float32 (four times faster than in double here, and the
 * data is float32 anyway) with μ and 1/σ rounded to float, and {@link #toRaw} inverts exactly those rounded values.
 */
final class Scaling {

    /** Rows whose column sums {@link #of} adds in float before it adds them to its double sums. */
    private static final int CHUNK = 32;

    private final double[] mean;
    private final double[] scale;
    private final float[] appliedMean;
    private final float[] appliedInverse;

    private Scaling(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
        this.appliedMean = new float[mean.length];
        this.appliedInverse = new float[mean.length];
        for (int j = 0; j < mean.length; j++) {
            appliedMean[j] = (float) mean[j];
            appliedInverse[j] = (float) (1 / scale[j]);
        }
    }

    static Scaling identity(int features) {
        double[] ones = new double[features];
        Arrays.fill(ones, 1);
        return new Scaling(new double[features], ones);
    }

    /**
     * μ and σ (population) of each feature column, computed in double over the rows in the shared layout, shifted by
     * the first row's values so that the variance does not cancel and a constant column gets σ = 0 exactly. A constant
     * column is centred but not scaled (σ taken as 1): it becomes 0, its weight keeps its initial value, and the
     * raw-space bias absorbs it.
     *
     * @throws IllegalArgumentException when a column holds a value that is not a finite number
     */
    static Scaling of(FloatBuffer values, int rows, int features) {
        int stride = features + 1;
        float[] row = new float[features];
        float[] shift = new float[features];
        float[] chunkSum = new float[features];
        float[] chunkSumOfSquares = new float[features];
        double[] sum = new double[features];
        double[] sumOfSquares = new double[features];
        values.get(0, shift);
        // Sums over CHUNK rows in float (a loop the JIT vectorizes; 4-8x faster than in double here), added up in
        // double: the float sums of at most CHUNK terms are good to about 1e-6, far below what standardizing needs,
        // and a constant column still sums exact zeros.
        for (int start = 0; start < rows; start += CHUNK) {
            int end = Math.min(rows, start + CHUNK);
            for (int r = start; r < end; r++) {
                values.get(r * stride, row);
                for (int j = 0; j < features; j++) {
                    float d = row[j] - shift[j];
                    chunkSum[j] += d;
                    chunkSumOfSquares[j] += d * d;
                }
            }
            for (int j = 0; j < features; j++) {
                sum[j] += chunkSum[j];
                sumOfSquares[j] += chunkSumOfSquares[j];
                chunkSum[j] = 0;
                chunkSumOfSquares[j] = 0;
            }
        }
        for (int j = 0; j < features; j++) {
            if (!Double.isFinite(sum[j]) || !Double.isFinite(sumOfSquares[j])) {
                // a non-finite value, or squares beyond float's range (|x| > 1e19): sum in double, which tells which
                return inDouble(values, rows, features);
            }
        }
        return fromSums(shift, sum, sumOfSquares, rows);
    }

    /** As {@link #of}, every sum in double. */
    static Scaling inDouble(FloatBuffer values, int rows, int features) {
        int stride = features + 1;
        float[] row = new float[features];
        float[] shift = new float[features];
        double[] sum = new double[features];
        double[] sumOfSquares = new double[features];
        values.get(0, shift);
        for (int r = 0; r < rows; r++) {
            values.get(r * stride, row);
            for (int j = 0; j < features; j++) {
                double d = (double) row[j] - shift[j];
                sum[j] += d;
                sumOfSquares[j] += d * d;
            }
        }
        return fromSums(shift, sum, sumOfSquares, rows);
    }

    private static Scaling fromSums(float[] shift, double[] sum, double[] sumOfSquares, int rows) {
        int features = shift.length;
        double[] mean = new double[features];
        double[] scale = new double[features];
        for (int j = 0; j < features; j++) {
            double meanShifted = sum[j] / rows;
            double variance = Math.max(0, sumOfSquares[j] / rows - meanShifted * meanShifted);
            if (!Double.isFinite(meanShifted) || !Double.isFinite(variance)) {
                throw new IllegalArgumentException("feature column " + j + " holds a value that is not a finite number");
            }
            mean[j] = shift[j] + meanShifted;
            double sigma = Math.sqrt(variance);
            scale[j] = sigma > 0 ? sigma : 1;
        }
        return new Scaling(mean, scale);
    }

    /** μ per column. */
    double[] mean() {
        return mean.clone();
    }

    /** σ per column, 1 for a constant one. */
    double[] scale() {
        return scale.clone();
    }

    /**
     * Writes the rows with their features mapped to (x − μ)·(1/σ); targets as they are.
     *
     * @param order row r of {@code to} is row {@code order[r]} of {@code from}; null keeps the order
     */
    void apply(FloatBuffer from, FloatBuffer to, int rows, int[] order) {
        int features = mean.length;
        int stride = features + 1;
        float[] row = new float[stride];
        for (int r = 0; r < rows; r++) {
            from.get((order == null ? r : order[r]) * stride, row);
            for (int j = 0; j < features; j++) {
                row[j] = (row[j] - appliedMean[j]) * appliedInverse[j];
            }
            to.put(r * stride, row);
        }
    }

    /** The model over raw features equivalent to weights v and bias b over the scaled features. */
    /**
     * The inverse of {@link #toRaw}: a raw-space model's weights in this scaling (v = w / (1/σ)), with its bias in
     * the last element (b = b_raw + Σ w·μ). Exact for the identity scaling; to float rounding otherwise.
     */
    double[] fromRaw(LinearModel raw) {
        double[] w = raw.weights();
        double[] parameters = new double[w.length + 1];
        double bias = raw.bias();
        for (int j = 0; j < w.length; j++) {
            parameters[j] = (float) (w[j] / appliedInverse[j]);
            bias += w[j] * appliedMean[j];
        }
        parameters[w.length] = bias;
        return parameters;
    }

    LinearModel toRaw(ModelType type, float[] v, double b) {
        double[] w = new double[v.length];
        double bias = b;
        for (int j = 0; j < v.length; j++) {
            w[j] = (double) v[j] * appliedInverse[j];
            bias -= w[j] * appliedMean[j];
        }
        return new LinearModel(type, w, bias);
    }
}
