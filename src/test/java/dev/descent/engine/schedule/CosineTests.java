package dev.descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.InvalidHyperparameterException;
import org.junit.jupiter.api.Test;

class CosineTests {

    private static final double SQRT2 = Math.sqrt(2);
    private static final double SQRT3 = Math.sqrt(3);
    private static final double SQRT6 = Math.sqrt(6);
    /** cos(πk/12) for k = 0 … 12, from the half- and third-angle values (cos 15° = (√6 + √2)/4). */
    private static final double[] COS_PI_K_OVER_12 = {
            1, (SQRT6 + SQRT2) / 4, SQRT3 / 2, SQRT2 / 2, 0.5, (SQRT6 - SQRT2) / 4, 0,
            -(SQRT6 - SQRT2) / 4, -0.5, -SQRT2 / 2, -SQRT3 / 2, -(SQRT6 + SQRT2) / 4, -1};

    @Test
    void thirteenEpochsFollowHalfACosineDownToZero() {
        // E = 13, η₀ = 1, η_min = 0: η_t = ½(1 + cos(π(t−1)/12)); 1 at t = 1, 0.75 at 5, 0.5 at 7, 0.25 at 9, 0 at 13
        LearningRateSchedule.Run run = Cosine.defaults().start(1, 13);
        for (int epoch = 1; epoch <= 13; epoch++) {
            double expected = 0.5 * (1 + COS_PI_K_OVER_12[epoch - 1]);
            assertThat(run.rate(epoch)).as("epoch %d", epoch).isCloseTo(expected, within(1e-15));
        }
    }

    @Test
    void aMinimumLiftsTheCurve() {
        // η₀ = 1.1, η_min = 0.1: η_t = 0.1 + ½·1·(1 + cos(π(t−1)/12)); the first is η₀, the middle 0.6, the last η_min
        LearningRateSchedule.Run run = new Cosine(0.1).start(1.1, 13);
        for (int epoch = 1; epoch <= 13; epoch++) {
            double expected = 0.1 + 0.5 * (1 + COS_PI_K_OVER_12[epoch - 1]);
            assertThat(run.rate(epoch)).as("epoch %d", epoch).isCloseTo(expected, within(1e-15));
        }
    }

    @Test
    void oneEpochHasTheInitialRateAndTwoEndAtTheMinimum() {
        // E = 1 has no E − 1 to divide by: η₀
        assertThat(new Cosine(0.001).start(0.01, 1).rate(1)).isEqualTo(0.01);
        // E = 2: cos(0) = 1 gives η_min + (η₀ − η_min) = η₀, cos(π) = −1 gives η_min
        LearningRateSchedule.Run two = new Cosine(0.001).start(0.01, 2);
        assertThat(two.rate(1)).isCloseTo(0.01, within(1e-17));
        assertThat(two.rate(2)).isEqualTo(0.001);
    }

    @Test
    void minLearningRateMustBeFiniteAndNotNegative() {
        for (double min : new double[] {-0.001, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new Cosine(min))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("minLearningRate");
                        assertThat(e.reason()).isEqualTo("must be a finite number of at least 0, got " + min);
                    });
        }
    }

    @Test
    void minLearningRateMustBeBelowTheInitialRate() {
        for (double min : new double[] {0.01, 0.05}) {
            assertThatThrownBy(() -> new Cosine(min).start(0.01, 10))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("minLearningRate");
                        assertThat(e.reason()).isEqualTo("must be below the learningRate (0.01), got " + min);
                    });
        }
    }
}
