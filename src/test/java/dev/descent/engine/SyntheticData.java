package dev.descent.engine;

import java.util.Random;

/** The seed notebooks' synthetic problems, reproducible from their seeds. */
public final class SyntheticData {

    /** Seed 000's true weights and bias. */
    public static final double[] TRUE_WEIGHTS = {1, -2, 3, -1, 2};
    public static final double TRUE_BIAS = -0.5;

    private SyntheticData() {
    }

    /** Seed 000: 100 × 5, X ~ N(0, 1), y = 1 where σ(X·w + b) > 0.5 for the true weights. */
    public static TrainingData seed000() {
        return logistic(100, TRUE_WEIGHTS, TRUE_BIAS, 0);
    }

    /** rows × w.length, X ~ N(0, 1), y = 1 where σ(X·w + b) > 0.5. */
    public static TrainingData logistic(int rows, double[] w, double b, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[rows][w.length];
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
                x[r][j] = random.nextGaussian();
                z += w[j] * x[r][j];
            }
            y[r] = LinearModel.sigmoid(z) > 0.5 ? 1 : 0;
        }
        return TrainingData.of(x, y);
    }

    /** rows × w.length, X ~ N(mean, 1), y = X·w + b + N(0, noise²). */
    public static TrainingData linear(int rows, double[] w, double b, double mean, double noise, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[rows][w.length];
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
                x[r][j] = mean + random.nextGaussian();
                z += w[j] * x[r][j];
            }
            y[r] = z + noise * random.nextGaussian();
        }
        return TrainingData.of(x, y);
    }

    /**
     * Seed 002: 8000 draws of a bivariate normal with mean [5, 6] and covariance [[1, 0.95], [0.95, 1.2]];
     * the feature is the first coordinate, the target the second.
     */
    public static TrainingData seed002() {
        Random random = new Random(2);
        int rows = 8000;
        double[][] x = new double[rows][1];
        double[] y = new double[rows];
        double c = Math.sqrt(1.2 - 0.95 * 0.95);
        for (int r = 0; r < rows; r++) {
            double z1 = random.nextGaussian();
            double z2 = random.nextGaussian();
            x[r][0] = 5 + z1;
            y[r] = 6 + 0.95 * z1 + c * z2;
        }
        return TrainingData.of(x, y);
    }

    /** The rows' features as doubles (after the float32 rounding the layout applies). */
    public static double[][] features(TrainingData data) {
        double[][] x = new double[data.rows()][data.features()];
        for (int r = 0; r < data.rows(); r++) {
            for (int j = 0; j < data.features(); j++) {
                x[r][j] = data.feature(r, j);
            }
        }
        return x;
    }

    public static double[] targets(TrainingData data) {
        double[] y = new double[data.rows()];
        for (int r = 0; r < data.rows(); r++) {
            y[r] = data.target(r);
        }
        return y;
    }
}
