package dev.descent.engine.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.CancellationSignal;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.Initialization;
import dev.descent.engine.ModelType;
import dev.descent.engine.ProgressListener;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingResult;
import org.junit.jupiter.api.Test;

/** Single steps computed by hand: one epoch, one batch, no shuffle, no standardization, θ ← 0. */
class WorkedExampleTests {

    private static final double FLOAT_TOLERANCE = 1e-6;

    private final Nd4jMiniBatchTrainer trainer = new Nd4jMiniBatchTrainer();

    private TrainingResult oneStep(ModelType type, double[][] x, double[] y, double learningRate) {
        Hyperparameters settings = new Hyperparameters(learningRate, 1, x.length, 0, 1, false, Initialization.ZEROS, false);
        return trainer.train(type, TrainingData.of(x, y), settings, ProgressListener.NONE, CancellationSignal.NEVER);
    }

    @Test
    void theLecturesExample() {
        // z = 0, p = σ(0) = 0.5, p − y = −0.5; w = 0 − 0.1·[3, 2]·(−0.5) = [0.15, 0.1]; b = 0 − 0.1·(−0.5) = 0.05
        TrainingResult result = oneStep(ModelType.LOGISTIC_REGRESSION, new double[][] {{3, 2}}, new double[] {1}, 0.1);

        assertThat(result.model().weights()).containsExactly(new double[] {0.15, 0.1}, within(FLOAT_TOLERANCE));
        assertThat(result.model().bias()).isCloseTo(0.05, within(FLOAT_TOLERANCE));
        // the epoch's loss is measured before the step: −log σ(0) = log 2
        assertThat(result.lossHistory()).singleElement().satisfies(loss -> assertThat(loss).isCloseTo(Math.log(2), within(1e-9)));
        assertThat(result.kernel()).isEqualTo(Nd4jMiniBatchTrainerTests.LOGISTIC_KERNEL + "+file-order");
    }

    @Test
    void aTwoRowBatchTakesTheMeanGradient() {
        // p − y = [−0.5, 0.5]; ∇w = ([3, 2]·(−0.5) + [−1, 4]·0.5) / 2 = [−1, 0.5]; ∇b = 0
        // w = 0 − 0.1·[−1, 0.5] = [0.1, −0.05]; b = 0
        TrainingResult result = oneStep(ModelType.LOGISTIC_REGRESSION, new double[][] {{3, 2}, {-1, 4}}, new double[] {1, 0}, 0.1);

        assertThat(result.model().weights()).containsExactly(new double[] {0.1, -0.05}, within(FLOAT_TOLERANCE));
        assertThat(result.model().bias()).isCloseTo(0, within(FLOAT_TOLERANCE));
    }

    @Test
    void aLinearRegressionStep() {
        // ŷ = 0, ŷ − y = [−3, 1]; ∇w = ([1, 2]·(−3) + [2, 0]·1) / 2 = [−0.5, −3]; ∇b = (−3 + 1) / 2 = −1
        // w = 0 − 0.1·∇w = [0.05, 0.3]; b = 0.1; the loss reported is the MSE before the step, (9 + 1) / 2 = 5
        TrainingResult result = oneStep(ModelType.LINEAR_REGRESSION, new double[][] {{1, 2}, {2, 0}}, new double[] {3, -1}, 0.1);

        assertThat(result.model().weights()).containsExactly(new double[] {0.05, 0.3}, within(FLOAT_TOLERANCE));
        assertThat(result.model().bias()).isCloseTo(0.1, within(FLOAT_TOLERANCE));
        assertThat(result.lossHistory()).containsExactly(5.0);
    }

    @Test
    void twoStepsOfOneRowEach() {
        // step 1 on [3, 2], y = 1 as in the lecture: w = [0.15, 0.1], b = 0.05
        // step 2 on [1, 1], y = 0: z = 0.15 + 0.1 + 0.05 = 0.3, p − y = σ(0.3); w −= 0.1·σ(0.3)·[1, 1]; b −= 0.1·σ(0.3)
        Hyperparameters settings = new Hyperparameters(0.1, 1, 1, 0, 1, false, Initialization.ZEROS, false);
        TrainingResult result = trainer.train(ModelType.LOGISTIC_REGRESSION,
                TrainingData.of(new double[][] {{3, 2}, {1, 1}}, new double[] {1, 0}), settings,
                ProgressListener.NONE, CancellationSignal.NEVER);

        double p = 1 / (1 + Math.exp(-0.3));
        assertThat(result.model().weights()).containsExactly(new double[] {0.15 - 0.1 * p, 0.1 - 0.1 * p}, within(FLOAT_TOLERANCE));
        assertThat(result.model().bias()).isCloseTo(0.05 - 0.1 * p, within(FLOAT_TOLERANCE));
    }
}
