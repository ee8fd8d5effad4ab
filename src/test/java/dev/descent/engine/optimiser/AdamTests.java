package dev.descent.engine.optimiser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.InvalidHyperparameterException;
import org.junit.jupiter.api.Test;

/** On f(θ) = ½θ₁² + θ₂², whose gradient is (θ₁, 2θ₂); η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, θ₀ = (1, 2). */
class AdamTests {

    private static final double EPSILON = 1e-8;

    @Test
    void twoStepsByHand() {
        Optimiser.Run run = Adam.defaults().start(2, 0);
        double[] theta = {1, 2};

        // t = 1, g = (1, 4): m = 0.1·g = (0.1, 0.4); v = 0.001·g² = (0.001, 0.016)
        // m̂ = m/(1 − 0.9) = (1, 4); v̂ = v/(1 − 0.999) = (1, 16); θ = θ − 0.1·(1/(1 + ε), 4/(4 + ε)) ≈ (0.9, 1.9)
        run.step(theta, new double[] {1, 4}, 0.1);
        double[] afterOne = {1 - 0.1 * 1 / (1 + EPSILON), 2 - 0.1 * 4 / (4 + EPSILON)};
        assertThat(theta).containsExactly(afterOne, within(1e-15));

        // t = 2, g = (0.9, 3.8), ∇f at (0.9, 1.9) (ε moved θ by less than 1e-9)
        // m = 0.9·(0.1, 0.4) + 0.1·(0.9, 3.8) = (0.18, 0.74)
        // v = 0.999·(0.001, 0.016) + 0.001·(0.81, 14.44) = (0.001809, 0.030424)
        // m̂ = m/(1 − 0.9²) = m/0.19 ≈ (0.947368, 3.894737); v̂ = v/(1 − 0.999²) = v/0.001999 ≈ (0.904952, 15.219610)
        // θ = θ − 0.1·m̂/(√v̂ + ε) ≈ (0.9 − 0.1·0.947368/0.951290, 1.9 − 0.1·3.894737/3.901232) ≈ (0.800412, 1.800166)
        run.step(theta, new double[] {0.9, 3.8}, 0.1);
        assertThat(theta).containsExactly(new double[] {
                afterOne[0] - 0.1 * (0.18 / 0.19) / (Math.sqrt(0.001809 / 0.001999) + EPSILON),
                afterOne[1] - 0.1 * (0.74 / 0.19) / (Math.sqrt(0.030424 / 0.001999) + EPSILON)}, within(1e-13));
        assertThat(theta).containsExactly(new double[] {0.800412, 1.800166}, within(1e-6));
    }

    @Test
    void aZeroGradientLeavesAParameterAlone() {
        // m = v = 0: θ ← θ − η·0/(0 + ε) = θ
        Optimiser.Run run = Adam.defaults().start(2, 0);
        double[] theta = {1, 2};
        run.step(theta, new double[] {0, 3}, 0.1);
        assertThat(theta[0]).isEqualTo(1.0);
    }

    @Test
    void theDefaultsArePyTorchs() {
        assertThat(Adam.defaults()).isEqualTo(new Adam(0.9, 0.999, 1e-8));
    }

    @Test
    void theBetasMustBeInTheUnitInterval() {
        for (double beta : new double[] {-0.1, 1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new Adam(beta, 0.999, 1e-8))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("beta1");
                        assertThat(e.reason()).isEqualTo("must be in [0, 1), got " + beta);
                    });
            assertThatThrownBy(() -> new Adam(0.9, beta, 1e-8))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("beta2");
                        assertThat(e.reason()).isEqualTo("must be in [0, 1), got " + beta);
                    });
        }
    }

    @Test
    void epsilonMustBePositiveAndFinite() {
        for (double epsilon : new double[] {0, -1e-8, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new Adam(0.9, 0.999, epsilon))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("epsilon");
                        assertThat(e.reason()).isEqualTo("must be a finite number greater than 0, got " + epsilon);
                    });
        }
    }
}
