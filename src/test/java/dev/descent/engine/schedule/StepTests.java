package dev.descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.engine.InvalidHyperparameterException;
import org.junit.jupiter.api.Test;

class StepTests {

    @Test
    void theRateHalvesEveryThreeEpochs() {
        // η₀·0.5^⌊(t−1)/3⌋ with η₀ = 0.8: 0.8 for epochs 1–3, 0.4 for 4–6, 0.2 for 7–9, 0.1 for 10–12
        // (halving a double is exact, so these are the literals' doubles)
        double[] expected = {0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1};
        LearningRateSchedule.Run run = new Step(3, 0.5).start(0.8, 12);
        for (int epoch = 1; epoch <= 12; epoch++) {
            assertThat(run.rate(epoch)).as("epoch %d", epoch).isEqualTo(expected[epoch - 1]);
        }
    }

    @Test
    void theDefaultsHalveTheRateAfterTenEpochs() {
        LearningRateSchedule.Run run = Step.defaults().start(0.01, 12);
        for (int epoch = 1; epoch <= 10; epoch++) {
            assertThat(run.rate(epoch)).as("epoch %d", epoch).isEqualTo(0.01);
        }
        assertThat(run.rate(11)).isEqualTo(0.005);
        assertThat(run.rate(12)).isEqualTo(0.005);
    }

    @Test
    void aGammaOfOneIsConstant() {
        LearningRateSchedule.Run run = new Step(1, 1).start(0.01, 12);
        for (int epoch = 1; epoch <= 12; epoch++) {
            assertThat(run.rate(epoch)).as("epoch %d", epoch).isEqualTo(0.01);
        }
    }

    @Test
    void stepEpochsMustBeAtLeastOne() {
        for (int stepEpochs : new int[] {0, -3}) {
            assertThatThrownBy(() -> new Step(stepEpochs, 0.5))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("stepEpochs");
                        assertThat(e.reason()).isEqualTo("must be at least 1, got " + stepEpochs);
                    });
        }
    }

    @Test
    void gammaMustBeInTheHalfOpenUnitInterval() {
        for (double gamma : new double[] {0, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new Step(10, gamma))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("gamma");
                        assertThat(e.reason()).isEqualTo("must be in (0, 1], got " + gamma);
                    });
        }
    }
}
