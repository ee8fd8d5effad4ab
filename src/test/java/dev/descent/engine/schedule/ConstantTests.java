package dev.descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConstantTests {

    @Test
    void everyEpochHasTheInitialRate() {
        LearningRateSchedule.Run run = Constant.defaults().start(0.01, 12);
        for (int epoch = 1; epoch <= 12; epoch++) {
            assertThat(run.rate(epoch)).as("epoch %d", epoch).isEqualTo(0.01);
            // a loss that stops falling changes nothing
            run.epochEnded(1);
        }
    }
}
