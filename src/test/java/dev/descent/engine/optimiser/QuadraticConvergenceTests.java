package dev.descent.engine.optimiser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each optimiser minimises f(θ) = ½‖Aθ − b‖² from θ = 0 in a bounded number of steps, at a learning rate that suits it.
 *
 * <p>A = [[1, 0], [0, 2], [1, 1]], b = (1, 2, 3): the normal equations AᵀA θ = Aᵀb read [[2, 1], [1, 5]] θ = (4, 7),
 * so θ* = (1/9)·[[5, −1], [−1, 2]]·(4, 7) = (13/9, 10/9). AᵀA's eigenvalues are (7 ± √13)/2 ≈ 1.70 and 5.30.
 */
class QuadraticConvergenceTests {

    private static final double[][] A = {{1, 0}, {0, 2}, {1, 1}};
    private static final double[] B = {1, 2, 3};
    private static final double[] OPTIMUM = {13 / 9.0, 10 / 9.0};
    private static final int STEPS = 1000;

    static Stream<Arguments> optimisers() {
        return Stream.of(
                // plain gradient descent converges for η < 2/λ_max ≈ 0.38
                Arguments.of(Sgd.defaults(), 0.1, 1e-9),
                Arguments.of(Momentum.defaults(), 0.05, 1e-9),
                Arguments.of(new Momentum(0.9, true), 0.05, 1e-9),
                Arguments.of(AdaGrad.defaults(), 0.5, 1e-9),
                // at a constant rate RMSProp ends circling θ* at about η (0.007 here): once g changes sign at every
                // step, s ≈ g² and each step η·g/(√s + ε) has a size near η, so the tolerance is the rate
                Arguments.of(RmsProp.defaults(), 0.01, 0.01),
                Arguments.of(Adam.defaults(), 0.05, 1e-9),
                // any decay moves the fixed point off θ*; with none, AdamW is Adam
                Arguments.of(new AdamW(0.9, 0.999, 1e-8, 0), 0.05, 1e-9));
    }

    @ParameterizedTest(name = "{0} at η = {1}")
    @MethodSource("optimisers")
    void reachesTheLeastSquaresSolution(Optimiser optimiser, double learningRate, double tolerance) {
        Optimiser.Run run = optimiser.start(2, 0);
        double[] theta = {0, 0};
        double[] gradient = new double[2];
        for (int step = 0; step < STEPS; step++) {
            gradient(theta, gradient);
            run.step(theta, gradient, learningRate);
        }
        assertThat(Math.hypot(theta[0] - OPTIMUM[0], theta[1] - OPTIMUM[1])).isLessThan(tolerance);
    }

    /** ∇f(θ) = Aᵀ(Aθ − b). */
    private static void gradient(double[] theta, double[] gradient) {
        gradient[0] = 0;
        gradient[1] = 0;
        for (int row = 0; row < A.length; row++) {
            double residual = A[row][0] * theta[0] + A[row][1] * theta[1] - B[row];
            gradient[0] += A[row][0] * residual;
            gradient[1] += A[row][1] * residual;
        }
    }
}
