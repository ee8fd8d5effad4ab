package dev.descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.engine.InvalidHyperparameterException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateSchedulesTests {

    private static final List<LearningRateSchedule> ALL = List.of(Constant.defaults(), InverseScaling.defaults(),
            Step.defaults(), Exponential.defaults(), Cosine.defaults(), Adaptive.defaults());

    @Test
    void eachNameGivesItsDefaults() {
        assertThat(LearningRateSchedules.NAMES)
                .containsExactly("constant", "inverse-scaling", "step", "exponential", "cosine", "adaptive");
        assertThat(LearningRateSchedules.defaults("constant")).isEqualTo(new Constant());
        assertThat(LearningRateSchedules.defaults("inverse-scaling")).isEqualTo(new InverseScaling(0.5));
        assertThat(LearningRateSchedules.defaults("step")).isEqualTo(new Step(10, 0.5));
        assertThat(LearningRateSchedules.defaults("exponential")).isEqualTo(new Exponential(0.95));
        assertThat(LearningRateSchedules.defaults("cosine")).isEqualTo(new Cosine(0));
        assertThat(LearningRateSchedules.defaults("adaptive")).isEqualTo(new Adaptive(5, 1e-4));
        for (String name : LearningRateSchedules.NAMES) {
            assertThat(LearningRateSchedules.defaults(name).name()).isEqualTo(name);
        }
    }

    @Test
    void anUnknownNameSaysWhichAreKnown() {
        for (String name : new String[] {"Constant", "inverse_scaling", "", null}) {
            assertThatThrownBy(() -> LearningRateSchedules.defaults(name))
                    .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> {
                        assertThat(e.field()).isEqualTo("name");
                        assertThat(e.reason()).isEqualTo(
                                "must be one of constant, inverse-scaling, step, exponential, cosine, adaptive, got " + name);
                    });
        }
    }

    @Test
    void runsFromOneScheduleShareNoState() {
        // patience 1: the first run divides after epoch 2; a second run started afterwards begins at η₀
        Adaptive adaptive = new Adaptive(1, 0);
        LearningRateSchedule.Run first = adaptive.start(1, 10);
        first.rate(1);
        first.epochEnded(1);
        first.rate(2);
        first.epochEnded(1);
        assertThat(first.rate(3)).isEqualTo(0.2);

        LearningRateSchedule.Run second = adaptive.start(1, 10);
        assertThat(second.rate(1)).isEqualTo(1);
        second.epochEnded(1);
        assertThat(second.rate(2)).isEqualTo(1);
        assertThat(first.rate(4)).isEqualTo(0.2);
    }

    @Test
    void aRunRefusesEpochsOutsideItsLength() {
        for (LearningRateSchedule schedule : ALL) {
            LearningRateSchedule.Run run = schedule.start(0.01, 12);
            assertThatThrownBy(() -> run.rate(0)).as(schedule.name())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected an epoch from 1 to 12, got 0");
            assertThatThrownBy(() -> run.rate(13)).as(schedule.name())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected an epoch from 1 to 12, got 13");
        }
    }

    @Test
    void aRunNeedsAPositiveRateAndAnEpoch() {
        for (LearningRateSchedule schedule : ALL) {
            for (double rate : new double[] {0, -0.01, Double.NaN, Double.POSITIVE_INFINITY}) {
                assertThatThrownBy(() -> schedule.start(rate, 12)).as(schedule.name())
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("expected a finite initial rate greater than 0, got " + rate);
            }
            assertThatThrownBy(() -> schedule.start(0.01, 0)).as(schedule.name())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected at least 1 epoch, got 0");
        }
    }
}
