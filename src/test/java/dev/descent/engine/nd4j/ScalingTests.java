package dev.descent.engine.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The column statistics: float sums in chunks against sums in double. */
class ScalingTests {

    private static FloatBuffer rows(int rows, int features, double[] offset, double[] spread, long seed) {
        int stride = features + 1;
        FloatBuffer values = FloatBuffer.allocate(rows * stride);
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < features; j++) {
                values.put(r * stride + j, (float) (offset[j] + spread[j] * random.nextGaussian()));
            }
            values.put(r * stride + features, random.nextBoolean() ? 1f : 0f);
        }
        return values;
    }

    @Test
    void chunkedFloatSumsGiveTheMeanAndScaleOfSumsInDouble() {
        double[] offset = {0, 1000, -3.5, 1e6, 7};
        double[] spread = {1, 0.01, 250, 3, 0};
        FloatBuffer values = rows(20_011, 5, offset, spread, 3);

        Scaling fast = Scaling.of(values, 20_011, 5);
        Scaling exact = Scaling.inDouble(values, 20_011, 5);

        for (int j = 0; j < 5; j++) {
            assertThat(fast.mean()[j]).as("mean %d", j).isCloseTo(exact.mean()[j], within(1e-6 * exact.scale()[j]));
            assertThat(fast.scale()[j]).as("scale %d", j).isCloseTo(exact.scale()[j], within(1e-5 * exact.scale()[j]));
        }
        // a constant column: σ exactly 0, taken as 1
        assertThat(fast.mean()[4]).isEqualTo(7);
        assertThat(fast.scale()[4]).isEqualTo(1);
    }

    @Test
    void valuesWhoseSquaresOverflowFloatAreSummedInDouble() {
        FloatBuffer values = rows(100, 2, new double[] {0, 0}, new double[] {1, 1e20}, 4);

        Scaling scaling = Scaling.of(values, 100, 2);

        assertThat(scaling.scale()[1]).isBetween(1e19, 1e21);
    }

    @Test
    void aValueThatIsNotFiniteIsNamedByItsColumn() {
        FloatBuffer values = rows(100, 3, new double[] {0, 0, 0}, new double[] {1, 1, 1}, 5);
        values.put(50 * 4 + 2, Float.NaN);

        assertThatIllegalArgumentException().isThrownBy(() -> Scaling.of(values, 100, 3)).withMessageContaining("column 2");
    }
}
