package dev.descent.engine.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.CancellationSignal;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.Initialization;
import dev.descent.engine.LinearModel;
import dev.descent.engine.ModelType;
import dev.descent.engine.ProgressListener;
import dev.descent.engine.Regularization;
import dev.descent.engine.ShuffleMode;
import dev.descent.engine.SyntheticData;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingResult;
import dev.descent.engine.optimiser.Momentum;
import dev.descent.engine.optimiser.Sgd;
import dev.descent.engine.schedule.Constant;
import org.junit.jupiter.api.Test;

/**
 * L2 and L1 penalties against their exact solutions, computed here in double: ridge's normal equations, the lasso
 * by coordinate descent, and L2 logistic regression by Newton's method. The engine runs full-batch gradient descent
 * (file order, raw features) long enough to converge; the bias is never penalised.
 */
class RegularizationTests {

    private final Nd4jMiniBatchTrainer trainer = new Nd4jMiniBatchTrainer();

    private static Hyperparameters fullBatch(int rows, double rate, int epochs, Regularization penalty) {
        return new Hyperparameters(rate, epochs, rows, 0, 1, false, Initialization.ZEROS, false, ShuffleMode.AUTO)
                .toBuilder().optimizer(new Sgd()).learningRateSchedule(new Constant()).regularization(penalty).build();
    }

    private TrainingResult train(ModelType type, TrainingData data, Hyperparameters settings) {
        return trainer.train(type, data, settings, ProgressListener.NONE, CancellationSignal.NEVER);
    }

    @Test
    void l2LinearRegressionReachesTheRidgeSolution() {
        TrainingData data = SyntheticData.linear(200, new double[] {2, -1, 0.5}, 1, 0, 0.5, 3);
        double l2 = 0.3;
        double[][] x = SyntheticData.features(data);
        double[] y = SyntheticData.targets(data);

        TrainingResult result = train(ModelType.LINEAR_REGRESSION, data, fullBatch(200, 0.3, 3000, new Regularization(0, l2)));

        // minimise ½·mean((Xw + b − y)²) + ½λ₂‖w‖²: with the data centred, (XcᵀXc/n + λ₂I)·w = Xcᵀyc/n, b = ȳ − x̄·w
        Centred c = Centred.of(x, y);
        double[][] a = c.gram();
        for (int j = 0; j < a.length; j++) {
            a[j][j] += l2;
        }
        double[] w = solve(a, c.xty());
        assertThat(result.model().weights()).containsExactly(w, within(1e-4));
        assertThat(result.model().bias()).isCloseTo(c.bias(w), within(1e-4));
        TrainingResult plain = train(ModelType.LINEAR_REGRESSION, data, fullBatch(200, 0.3, 3000, Regularization.NONE));
        assertThat(Math.abs(result.model().weights()[0])).as("the penalty shrinks").isLessThan(Math.abs(plain.model().weights()[0]));
    }

    @Test
    void l1ReachesTheLassoSolutionWithExactZeros() {
        TrainingData data = SyntheticData.linear(300, new double[] {2, 0, -1.5, 0, 0.05}, 0.5, 0, 0.5, 8);
        double l1 = 0.1;
        double[][] x = SyntheticData.features(data);
        double[] y = SyntheticData.targets(data);

        TrainingResult result = train(ModelType.LINEAR_REGRESSION, data, fullBatch(300, 0.3, 4000, new Regularization(l1, 0)));

        double[] lasso = coordinateDescent(Centred.of(x, y), l1, 2000);
        assertThat(lasso[1]).as("the reference zeroes the null weights").isZero();
        assertThat(lasso[3]).isZero();
        assertThat(result.model().weights()).containsExactly(lasso, within(1e-4));
        for (int j = 0; j < lasso.length; j++) {
            if (lasso[j] == 0) {
                assertThat(result.model().weights()[j]).as("weight %d", j).isEqualTo(0.0);
            }
        }
    }

    @Test
    void l2LogisticRegressionReachesNewtonsSolution() {
        TrainingData data = SyntheticData.logistic(250, new double[] {1.5, -2, 0.5}, 0.3, 4);
        double l2 = 0.05;
        double[][] x = SyntheticData.features(data);
        double[] y = SyntheticData.targets(data);

        TrainingResult result = train(ModelType.LOGISTIC_REGRESSION, data, fullBatch(250, 1.0, 6000, new Regularization(0, l2)));

        double[] theta = newton(x, y, l2, 30);
        int d = x[0].length;
        for (int j = 0; j < d; j++) {
            assertThat(result.model().weights()[j]).as("weight %d", j).isCloseTo(theta[j], within(1e-4));
        }
        assertThat(result.model().bias()).isCloseTo(theta[d], within(1e-4));
    }

    @Test
    void theGradientPathPenalisesAsTheFusedStepDoes() {
        TrainingData data = SyntheticData.logistic(300, new double[] {1, -1, 2}, 0.2, 5);
        Regularization penalty = new Regularization(0.01, 0.1);
        Hyperparameters fused = fullBatch(300, 0.5, 200, penalty).toBuilder().batchSize(32).build();
        Hyperparameters gradient = fused.toBuilder().optimizer(new Momentum(0, false)).build();

        TrainingResult a = train(ModelType.LOGISTIC_REGRESSION, data, fused);
        TrainingResult b = train(ModelType.LOGISTIC_REGRESSION, data, gradient);

        assertThat(b.model().weights()).containsExactly(a.model().weights(), within(1e-5));
        assertThat(b.model().bias()).isCloseTo(a.model().bias(), within(1e-5));
    }

    // ---- references in double ----

    /** Features and target with their means taken out: the bias, unpenalised, is then ȳ − x̄·w. */
    private record Centred(double[][] x, double[] y, double[] means, double yMean) {

        static Centred of(double[][] x, double[] y) {
            int n = x.length;
            int d = x[0].length;
            double[] means = new double[d];
            double yMean = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    means[j] += x[i][j] / n;
                }
                yMean += y[i] / n;
            }
            double[][] xc = new double[n][d];
            double[] yc = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    xc[i][j] = x[i][j] - means[j];
                }
                yc[i] = y[i] - yMean;
            }
            return new Centred(xc, yc, means, yMean);
        }

        /** XcᵀXc/n */
        double[][] gram() {
            int d = means.length;
            double[][] g = new double[d][d];
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    for (int k = 0; k < d; k++) {
                        g[j][k] += row[j] * row[k] / x.length;
                    }
                }
            }
            return g;
        }

        /** Xcᵀyc/n */
        double[] xty() {
            double[] v = new double[means.length];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < means.length; j++) {
                    v[j] += x[i][j] * y[i] / x.length;
                }
            }
            return v;
        }

        double bias(double[] w) {
            double b = yMean;
            for (int j = 0; j < w.length; j++) {
                b -= means[j] * w[j];
            }
            return b;
        }
    }

    /** The lasso, ½·mean(r²) + λ₁‖w‖₁, by cyclic coordinate descent: w_j ← S(ρ_j, λ₁) / (‖x_j‖²/n). */
    private static double[] coordinateDescent(Centred c, double l1, int sweeps) {
        int n = c.x.length;
        int d = c.means.length;
        double[] w = new double[d];
        double[] residual = c.y.clone();
        for (int sweep = 0; sweep < sweeps; sweep++) {
            for (int j = 0; j < d; j++) {
                double rho = 0;
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    rho += c.x[i][j] * (residual[i] + w[j] * c.x[i][j]) / n;
                    norm += c.x[i][j] * c.x[i][j] / n;
                }
                double updated = Math.signum(rho) * Math.max(Math.abs(rho) - l1, 0) / norm;
                for (int i = 0; i < n; i++) {
                    residual[i] -= (updated - w[j]) * c.x[i][j];
                }
                w[j] = updated;
            }
        }
        return w;
    }

    /** mean log-loss + ½λ₂‖w‖² by Newton's method on θ = (w, b): θ ← θ − H⁻¹∇. */
    private static double[] newton(double[][] x, double[] y, double l2, int iterations) {
        int n = x.length;
        int d = x[0].length;
        double[] theta = new double[d + 1];
        for (int it = 0; it < iterations; it++) {
            double[] gradient = new double[d + 1];
            double[][] hessian = new double[d + 1][d + 1];
            for (int i = 0; i < n; i++) {
                double z = theta[d];
                for (int j = 0; j < d; j++) {
                    z += theta[j] * x[i][j];
                }
                double p = LinearModel.sigmoid(z);
                double[] row = new double[d + 1];
                System.arraycopy(x[i], 0, row, 0, d);
                row[d] = 1;
                for (int j = 0; j <= d; j++) {
                    gradient[j] += (p - y[i]) * row[j] / n;
                    for (int k = 0; k <= d; k++) {
                        hessian[j][k] += p * (1 - p) * row[j] * row[k] / n;
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                gradient[j] += l2 * theta[j];
                hessian[j][j] += l2;
            }
            double[] step = solve(hessian, gradient);
            for (int j = 0; j <= d; j++) {
                theta[j] -= step[j];
            }
        }
        return theta;
    }

    /** A·x = b by Gaussian elimination with partial pivoting (A and b are copied). */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int k = col; k <= n; k++) {
                    m[r][k] -= f * m[col][k];
                }
            }
        }
        double[] solution = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * solution[k];
            }
            solution[r] = s / m[r][r];
        }
        return solution;
    }
}
