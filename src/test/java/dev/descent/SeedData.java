package dev.descent;

import java.util.Locale;
import java.util.Random;

/** The seed notebooks' worked data sets, generated reproducibly. */
final class SeedData {

    static final double[] TRUE_WEIGHTS = {1, -2, 3, -1, 2};
    static final double TRUE_BIAS = -0.5;

    private SeedData() {
    }

    /** Seed 000: 100×5 standard normal features, labels from the true weights [1, −2, 3, −1, 2] and bias −0.5. */
    static String logisticCsv(long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("x1,x2,x3,x4,x5,label\n");
        for (int i = 0; i < 100; i++) {
            double z = TRUE_BIAS;
            double[] x = new double[5];
            for (int j = 0; j < 5; j++) {
                x[j] = random.nextGaussian();
                z += TRUE_WEIGHTS[j] * x[j];
                csv.append(String.format(Locale.ROOT, "%.6f,", x[j]));
            }
            csv.append(z > 0 ? 1 : 0).append('\n');
        }
        return csv.toString();
    }

    /** Seed 002: 8000 points from a bivariate normal, mean [5, 6], covariance [[1, 0.95], [0.95, 1.2]]. */
    static double[][] bivariateNormal(long seed) {
        Random random = new Random(seed);
        // Cholesky factor of the covariance: L = [[1, 0], [0.95, sqrt(1.2 − 0.95²)]]
        double l21 = 0.95;
        double l22 = Math.sqrt(1.2 - 0.95 * 0.95);
        double[][] points = new double[8000][2];
        for (double[] p : points) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            p[0] = 5.0 + a;
            p[1] = 6.0 + l21 * a + l22 * b;
        }
        return points;
    }

    static String csv(double[][] points, String header) {
        StringBuilder csv = new StringBuilder(header).append('\n');
        for (double[] p : points) {
            for (int j = 0; j < p.length; j++) {
                csv.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", p[j]));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    /** The mean squared error of the least-squares line y = a + b·x on the data, in double precision. */
    static double closedFormMse(double[][] points) {
        int n = points.length;
        double mx = 0;
        double my = 0;
        for (double[] p : points) {
            mx += p[0];
            my += p[1];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double mse = 0;
        for (double[] p : points) {
            double r = intercept + slope * p[0] - p[1];
            mse += r * r;
        }
        return mse / n;
    }
}
