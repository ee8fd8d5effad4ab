package dev.descent.engine.optimiser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** On f(θ) = ½θ₁² + θ₂², whose gradient is (θ₁, 2θ₂). */
class SgdTests {

    @Test
    void twoStepsFollowTheGradient() {
        Optimiser.Run run = Sgd.defaults().start(2, 0);
        double[] theta = {1, 2};

        // g = (1, 4); θ = (1 − 0.1·1, 2 − 0.1·4) = (0.9, 1.6)
        run.step(theta, new double[] {1, 4}, 0.1);
        assertThat(theta).containsExactly(new double[] {0.9, 1.6}, within(1e-15));

        // g = (0.9, 3.2); θ = (0.9 − 0.09, 1.6 − 0.32) = (0.81, 1.28)
        run.step(theta, new double[] {0.9, 3.2}, 0.1);
        assertThat(theta).containsExactly(new double[] {0.81, 1.28}, within(1e-15));
    }

    @Test
    void theBiasesAreStepped() {
        Optimiser.Run run = Sgd.defaults().start(2, 2);
        double[] theta = {1, 2};
        // θ = (1 − 0.5·2, 2 − 0.5·(−2)) = (0, 3)
        run.step(theta, new double[] {2, -2}, 0.5);
        assertThat(theta).containsExactly(0.0, 3.0);
    }
}
