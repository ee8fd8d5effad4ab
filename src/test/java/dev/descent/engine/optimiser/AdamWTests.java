package dev.descent.engine.optimiser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.InvalidHyperparameterException;
import org.junit.jupiter.api.Test;

/** Parameters (w₁, w₂, b): two weights and, last, one bias. */
class AdamWTests {

    @Test
    void theDecayShrinksTheWeightsAndSkipsTheBias() {
        // a zero gradient makes Adam's step 0/(0 + ε) = 0, leaving the decay alone:
        // w ← w − η·λ·w = w·(1 − 0.1·0.1) = w·0.99; b unchanged
        Optimiser.Run run = new AdamW(0.9, 0.999, 1e-8, 0.1).start(3, 1);
        double[] theta = {1, -2, 3};
        run.step(theta, new double[] {0, 0, 0}, 0.1);
        assertThat(theta).containsExactly(new double[] {0.99, -1.98, 3}, within(1e-15));
    }

    @Test
    void theDecayComesBeforeAnAdamStepOnTheDecayedWeights() {
        double[] gradient = {1, 4, -2};
        // θ = (1, 2, 3), λ = 0.1, η = 0.1; decay: (0.99, 1.98, 3); then Adam's first step, ≈ η·sign(g) each
        Optimiser.Run adamW = new AdamW(0.9, 0.999, 1e-8, 0.1).start(3, 1);
        double[] theta = {1, 2, 3};
        adamW.step(theta, gradient, 0.1);

        Optimiser.Run adam = new Adam(0.9, 0.999, 1e-8).start(3, 1);
        double[] decayed = {0.99, 1.98, 3};
        adam.step(decayed, gradient, 0.1);
        assertThat(theta).containsExactly(decayed, within(1e-15));
        assertThat(theta).containsExactly(new double[] {0.89, 1.88, 3.1}, within(1e-8));
    }

    @Test
    void withoutDecayItIsAdam() {
        Optimiser.Run adamW = new AdamW(0.9, 0.999, 1e-8, 0).start(2, 0);
        Optimiser.Run adam = Adam.defaults().start(2, 0);
        double[] a = {1, 2};
        double[] b = {1, 2};
        for (int step = 0; step < 5; step++) {
            double[] gradient = {a[0], 2 * a[1]};
            adamW.step(a, gradient, 0.1);
            adam.step(b, gradient.clone(), 0.1);
        }
        assertThat(a).containsExactly(b);
    }

    @Test
    void allBiasesMeanNoDecay() {
        Optimiser.Run run = AdamW.defaults().start(2, 2);
        double[] theta = {1, -2};
        run.step(theta, new double[] {0, 0}, 0.1);
        assertThat(theta).containsExactly(1.0, -2.0);
    }

    @Test
    void theDefaultsArePyTorchs() {
        assertThat(AdamW.defaults()).isEqualTo(new AdamW(0.9, 0.999, 1e-8, 0.01));
    }

    @Test
    void weightDecayMustBeFiniteAndNotNegative() {
        for (double weightDecay : new double[] {-0.01, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new AdamW(0.9, 0.999, 1e-8, weightDecay))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("weightDecay");
                        assertThat(e.reason()).isEqualTo("must be a finite number of at least 0, got " + weightDecay);
                    });
        }
    }

    @Test
    void theAdamParametersAreCheckedByTheirNames() {
        assertThatThrownBy(() -> new AdamW(1, 0.999, 1e-8, 0.01))
                .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> assertThat(e.field()).isEqualTo("beta1"));
        assertThatThrownBy(() -> new AdamW(0.9, -1, 1e-8, 0.01))
                .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> assertThat(e.field()).isEqualTo("beta2"));
        assertThatThrownBy(() -> new AdamW(0.9, 0.999, 0, 0.01))
                .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> assertThat(e.field()).isEqualTo("epsilon"));
    }
}
