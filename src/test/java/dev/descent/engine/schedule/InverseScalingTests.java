package dev.descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.InvalidHyperparameterException;
import org.junit.jupiter.api.Test;

class InverseScalingTests {

    @Test
    void theDefaultPowerDividesByTheRootOfTheEpoch() {
        // η₀ / t^0.5 = η₀ / √t
        LearningRateSchedule.Run run = InverseScaling.defaults().start(0.3, 12);
        for (int epoch = 1; epoch <= 12; epoch++) {
            assertThat(run.rate(epoch)).as("epoch %d", epoch).isCloseTo(0.3 / Math.sqrt(epoch), within(1e-16));
        }
        // the perfect squares: η₀, η₀/2, η₀/3
        LearningRateSchedule.Run squares = InverseScaling.defaults().start(0.3, 9);
        assertThat(squares.rate(1)).isEqualTo(0.3);
        assertThat(squares.rate(4)).isEqualTo(0.15);
        assertThat(squares.rate(9)).isCloseTo(0.1, within(1e-16));
    }

    @Test
    void powerOneDividesByTheEpoch() {
        LearningRateSchedule.Run run = new InverseScaling(1).start(1, 12);
        for (int epoch = 1; epoch <= 12; epoch++) {
            assertThat(run.rate(epoch)).as("epoch %d", epoch).isEqualTo(1.0 / epoch);
        }
    }

    @Test
    void powerZeroIsConstant() {
        // t⁰ = 1
        LearningRateSchedule.Run run = new InverseScaling(0).start(0.01, 12);
        for (int epoch = 1; epoch <= 12; epoch++) {
            assertThat(run.rate(epoch)).as("epoch %d", epoch).isEqualTo(0.01);
        }
    }

    @Test
    void theDefaultIsScikitLearnsPowerT() {
        assertThat(InverseScaling.defaults()).isEqualTo(new InverseScaling(0.5));
    }

    @Test
    void powerMustBeFiniteAndNotNegative() {
        for (double power : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new InverseScaling(power))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("power");
                        assertThat(e.reason()).isEqualTo("must be a finite number of at least 0, got " + power);
                    });
        }
    }
}
