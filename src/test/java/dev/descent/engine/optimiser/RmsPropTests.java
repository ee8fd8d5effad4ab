package dev.descent.engine.optimiser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.InvalidHyperparameterException;
import org.junit.jupiter.api.Test;

/** On f(θ) = ½θ₁² + θ₂², whose gradient is (θ₁, 2θ₂); η = 0.1, ρ = 0.9, ε = 1e-8, θ₀ = (1, 2). */
class RmsPropTests {

    private static final double EPSILON = 1e-8;

    @Test
    void oneStep() {
        Optimiser.Run run = RmsProp.defaults().start(2, 0);
        double[] theta = {1, 2};

        // g = (1, 4); s = 0.9·0 + 0.1·g² = (0.1, 1.6); θ = θ − 0.1·g/(√s + ε)
        // 0.1·1/√0.1 = 0.1·4/√1.6 = √0.1 ≈ 0.316228, so θ ≈ (0.683772, 1.683772)
        run.step(theta, new double[] {1, 4}, 0.1);
        assertThat(theta).containsExactly(new double[] {
                1 - 0.1 * 1 / (Math.sqrt(0.1) + EPSILON),
                2 - 0.1 * 4 / (Math.sqrt(1.6) + EPSILON)}, within(1e-15));
    }

    @Test
    void theSecondStepRemembersTheFirstSquare() {
        Optimiser.Run run = RmsProp.defaults().start(2, 0);
        double[] theta = {1, 2};
        run.step(theta, new double[] {1, 4}, 0.1);
        double[] afterOne = theta.clone();

        // g = (0.5, 2); s = 0.9·(0.1, 1.6) + 0.1·(0.25, 4) = (0.115, 1.84)
        run.step(theta, new double[] {0.5, 2}, 0.1);
        assertThat(theta).containsExactly(new double[] {
                afterOne[0] - 0.1 * 0.5 / (Math.sqrt(0.115) + EPSILON),
                afterOne[1] - 0.1 * 2 / (Math.sqrt(1.84) + EPSILON)}, within(1e-15));
    }

    @Test
    void theDefaults() {
        assertThat(RmsProp.defaults()).isEqualTo(new RmsProp(0.9, 1e-8));
    }

    @Test
    void rhoMustBeInTheUnitInterval() {
        for (double rho : new double[] {-0.1, 1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new RmsProp(rho, 1e-8))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("rho");
                        assertThat(e.reason()).isEqualTo("must be in [0, 1), got " + rho);
                    });
        }
    }

    @Test
    void epsilonMustBePositiveAndFinite() {
        for (double epsilon : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new RmsProp(0.9, epsilon))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("epsilon");
                        assertThat(e.reason()).isEqualTo("must be a finite number greater than 0, got " + epsilon);
                    });
        }
    }
}
