package dev.descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.engine.InvalidHyperparameterException;
import org.junit.jupiter.api.Test;

/** An epoch improves when its loss < best − tolerance; patience such epochs in a row without it divide the rate by 5. */
class AdaptiveTests {

    /** The rate of each epoch while the run is told {@code losses}, one per epoch, after each. */
    private static double[] rates(Adaptive schedule, double initialRate, double... losses) {
        LearningRateSchedule.Run run = schedule.start(initialRate, losses.length);
        double[] rates = new double[losses.length];
        for (int epoch = 1; epoch <= losses.length; epoch++) {
            rates[epoch - 1] = run.rate(epoch);
            run.epochEnded(losses[epoch - 1]);
        }
        return rates;
    }

    @Test
    void aScriptedRunDividesExactlyWhenPatienceRunsOut() {
        // patience 2, tolerance 0.1, η₀ = 1
        //  epoch  rate   loss  best before  loss < best − 0.1?       epochs without   then
        //  1      1      10    +∞           yes                      0                best 10
        //  2      1      9     10           9 < 9.9 yes              0                best 9
        //  3      1      8.95  9            8.95 < 8.9 no            1                best 8.95
        //  4      1      8.9   8.95         8.9 < 8.85 no            2 → divide, 0    η = 1/5, best 8.9
        //  5      1/5    8     8.9          8 < 8.8 yes              0                best 8
        //  6      1/5    8     8            8 < 7.9 no               1
        //  7      1/5    7     8            7 < 7.9 yes              0                best 7
        //  8      1/5    7.5   7            no                       1
        //  9      1/5    7.2   7            no                       2 → divide, 0    η = 1/25
        //  10     1/25   7.1   7            7.1 < 6.9 no             1
        //  11     1/25   7     7            no                       2 → divide, 0    η = 1/125
        //  12     1/125  6     7            yes                      0
        double[] rates = rates(new Adaptive(2, 0.1), 1, 10, 9, 8.95, 8.9, 8, 8, 7, 7.5, 7.2, 7.1, 7, 6);
        double fifth = 1.0 / 5;
        double twentyFifth = fifth / 5;
        assertThat(rates).containsExactly(1, 1, 1, 1, fifth, fifth, fifth, fifth, fifth, twentyFifth, twentyFifth,
                twentyFifth / 5);
    }

    @Test
    void theBestIsTheLowestLossEvenWhenItImprovedByLessThanTheTolerance() {
        // patience 2, tolerance 0.1: 9.95 does not improve on 10 but becomes the best, so 9.88 must beat 9.85
        // and does not; against 10 it would have (9.88 < 9.9), and the rate would not have been divided
        double[] rates = rates(new Adaptive(2, 0.1), 1, 10, 9.95, 9.88, 9.8);
        assertThat(rates).containsExactly(1, 1, 1, 0.2);
    }

    @Test
    void aLossEqualToTheBestDoesNotImproveEvenWithoutTolerance() {
        // tolerance 0, patience 1: epoch 1's 5 improves on +∞; epochs 2 and 3 repeat it, 5 < 5 is false, and each
        // divides the rate for the epoch after it; epoch 4 runs at 1/25
        double[] rates = rates(new Adaptive(1, 0), 1, 5, 5, 5, 4.999);
        assertThat(rates).containsExactly(1, 1, 0.2, 0.2 / 5);
    }

    @Test
    void aNaNLossNeverImprovesAndLeavesTheBestAlone() {
        // patience 2: two NaN epochs divide; the best is still 10, which 9 improves on
        double[] rates = rates(new Adaptive(2, 0.1), 1, 10, Double.NaN, Double.NaN, 9, 9.5, 9.5);
        assertThat(rates).containsExactly(1, 1, 1, 0.2, 0.2, 0.2);
    }

    @Test
    void theDefaultsWaitFiveEpochs() {
        // patience 5, tolerance 1e-4: a flat loss divides after epochs 2–6 fail to improve on epoch 1's
        double[] rates = rates(Adaptive.defaults(), 0.01, 1, 1, 1, 1, 1, 1, 1);
        assertThat(rates).containsExactly(0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01 / 5);
    }

    @Test
    void patienceMustBeAtLeastOne() {
        for (int patience : new int[] {0, -1}) {
            assertThatThrownBy(() -> new Adaptive(patience, 1e-4))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("patience");
                        assertThat(e.reason()).isEqualTo("must be at least 1, got " + patience);
                    });
        }
    }

    @Test
    void toleranceMustBeFiniteAndNotNegative() {
        for (double tolerance : new double[] {-1e-4, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new Adaptive(5, tolerance))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("tolerance");
                        assertThat(e.reason()).isEqualTo("must be a finite number of at least 0, got " + tolerance);
                    });
        }
    }
}
