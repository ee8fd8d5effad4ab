package dev.descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.InvalidHyperparameterException;
import org.junit.jupiter.api.Test;

class ExponentialTests {

    @Test
    void aGammaOfOneHalfHalvesTheRateEveryEpoch() {
        // η₀·0.5^(t−1) with η₀ = 1: 1, 1/2, 1/4, …, 1/2048, exact in binary
        LearningRateSchedule.Run run = new Exponential(0.5).start(1, 12);
        for (int epoch = 1; epoch <= 12; epoch++) {
            assertThat(run.rate(epoch)).as("epoch %d", epoch).isEqualTo(1.0 / (1 << (epoch - 1)));
        }
    }

    @Test
    void theDefaultMultipliesByNinetyFivePercentEachEpoch() {
        // η_t = η_{t−1}·0.95 from η₁ = η₀, by repeated multiplication rather than a power
        LearningRateSchedule.Run run = Exponential.defaults().start(0.01, 12);
        double expected = 0.01;
        for (int epoch = 1; epoch <= 12; epoch++) {
            assertThat(run.rate(epoch)).as("epoch %d", epoch).isCloseTo(expected, within(1e-17));
            expected *= 0.95;
        }
    }

    @Test
    void gammaMustBeInTheHalfOpenUnitInterval() {
        for (double gamma : new double[] {0, -0.95, 1.05, Double.NaN}) {
            assertThatThrownBy(() -> new Exponential(gamma))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("gamma");
                        assertThat(e.reason()).isEqualTo("must be in (0, 1], got " + gamma);
                    });
        }
    }
}
