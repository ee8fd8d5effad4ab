package dev.descent.engine.optimiser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.InvalidHyperparameterException;
import org.junit.jupiter.api.Test;

/** On f(θ) = ½θ₁² + θ₂², whose gradient is (θ₁, 2θ₂); η = 0.1, μ = 0.9, θ₀ = (1, 2). */
class MomentumTests {

    private static final double TOLERANCE = 1e-14;

    private static double[] gradient(double[] theta) {
        return new double[] {theta[0], 2 * theta[1]};
    }

    @Test
    void twoHeavyBallSteps() {
        Optimiser.Run run = new Momentum(0.9, false).start(2, 0);
        double[] theta = {1, 2};

        // g = (1, 4); v = 0.9·0 + g = (1, 4); θ = (1 − 0.1·1, 2 − 0.1·4) = (0.9, 1.6)
        run.step(theta, gradient(theta), 0.1);
        assertThat(theta).containsExactly(new double[] {0.9, 1.6}, within(TOLERANCE));

        // g = (0.9, 3.2); v = 0.9·(1, 4) + (0.9, 3.2) = (1.8, 6.8); θ = (0.9 − 0.18, 1.6 − 0.68) = (0.72, 0.92)
        run.step(theta, gradient(theta), 0.1);
        assertThat(theta).containsExactly(new double[] {0.72, 0.92}, within(TOLERANCE));
    }

    @Test
    void twoNesterovSteps() {
        Optimiser.Run run = new Momentum(0.9, true).start(2, 0);
        double[] theta = {1, 2};

        // g = (1, 4); v = (1, 4); θ = θ − 0.1·(g + 0.9·v) = (1 − 0.1·1.9, 2 − 0.1·7.6) = (0.81, 1.24)
        run.step(theta, gradient(theta), 0.1);
        assertThat(theta).containsExactly(new double[] {0.81, 1.24}, within(TOLERANCE));

        // g = (0.81, 2.48); v = 0.9·(1, 4) + (0.81, 2.48) = (1.71, 6.08)
        // θ = (0.81 − 0.1·(0.81 + 0.9·1.71), 1.24 − 0.1·(2.48 + 0.9·6.08)) = (0.81 − 0.2349, 1.24 − 0.7952) = (0.5751, 0.4448)
        run.step(theta, gradient(theta), 0.1);
        assertThat(theta).containsExactly(new double[] {0.5751, 0.4448}, within(TOLERANCE));
    }

    @Test
    void noMomentumIsPlainSgd() {
        // μ = 0: v = g, and Nesterov's g + 0·v = g, so both steps are SGD's: (1, 2) → (0.9, 1.6) → (0.81, 1.28)
        Optimiser.Run run = new Momentum(0, true).start(2, 0);
        double[] theta = {1, 2};
        run.step(theta, gradient(theta), 0.1);
        run.step(theta, gradient(theta), 0.1);
        assertThat(theta).containsExactly(new double[] {0.81, 1.28}, within(TOLERANCE));
    }

    @Test
    void theDefaultsArePyTorchsMomentumWithoutNesterov() {
        assertThat(Momentum.defaults()).isEqualTo(new Momentum(0.9, false));
    }

    @Test
    void momentumMustBeInTheUnitInterval() {
        for (double momentum : new double[] {-0.1, 1, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new Momentum(momentum, false))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("momentum");
                        assertThat(e.reason()).isEqualTo("must be in [0, 1), got " + momentum);
                    });
        }
    }
}
