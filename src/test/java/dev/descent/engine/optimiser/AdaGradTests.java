package dev.descent.engine.optimiser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.InvalidHyperparameterException;
import org.junit.jupiter.api.Test;

/** On f(θ) = ½θ₁² + θ₂², whose gradient is (θ₁, 2θ₂); η = 0.1, ε = 1e-8, θ₀ = (1, 2). */
class AdaGradTests {

    private static final double EPSILON = 1e-8;

    @Test
    void oneStepMovesEachParameterByTheRate() {
        Optimiser.Run run = AdaGrad.defaults().start(2, 0);
        double[] theta = {1, 2};

        // g = (1, 4); G = (1, 16); θ = (1 − 0.1·1/(1 + ε), 2 − 0.1·4/(4 + ε)) ≈ (0.9, 1.9)
        run.step(theta, new double[] {1, 4}, 0.1);
        assertThat(theta).containsExactly(new double[] {1 - 0.1 / (1 + EPSILON), 2 - 0.4 / (4 + EPSILON)}, within(1e-15));
    }

    @Test
    void theSecondStepIsScaledByTheSumOfSquares() {
        Optimiser.Run run = AdaGrad.defaults().start(2, 0);
        double[] theta = {1, 2};
        run.step(theta, new double[] {1, 4}, 0.1);
        double[] afterOne = theta.clone();

        // g = (0.9, 3.8), ∇f at (0.9, 1.9); G = (1 + 0.81, 16 + 14.44) = (1.81, 30.44)
        // θ ≈ (0.9 − 0.09/1.34536, 1.9 − 0.38/5.51725) ≈ (0.833104, 1.831125)
        run.step(theta, new double[] {0.9, 3.8}, 0.1);
        assertThat(theta).containsExactly(new double[] {
                afterOne[0] - 0.1 * 0.9 / (Math.sqrt(1.81) + EPSILON),
                afterOne[1] - 0.1 * 3.8 / (Math.sqrt(30.44) + EPSILON)}, within(1e-14));
    }

    @Test
    void aZeroGradientLeavesAParameterAlone() {
        // G = 0: θ ← θ − η·0/(0 + ε) = θ
        Optimiser.Run run = AdaGrad.defaults().start(2, 0);
        double[] theta = {1, 2};
        run.step(theta, new double[] {0, 0}, 0.1);
        assertThat(theta).containsExactly(1.0, 2.0);
    }

    @Test
    void epsilonMustBePositiveAndFinite() {
        for (double epsilon : new double[] {0, -1e-8, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new AdaGrad(epsilon))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("epsilon");
                        assertThat(e.reason()).isEqualTo("must be a finite number greater than 0, got " + epsilon);
                    });
        }
    }
}
