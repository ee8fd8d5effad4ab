package dev.descent.engine.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.CancellationSignal;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.KernelChoice;
import dev.descent.engine.ModelType;
import dev.descent.engine.ProgressListener;
import dev.descent.engine.Regularization;
import dev.descent.engine.ShuffleMode;
import dev.descent.engine.SyntheticData;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingResult;
import dev.descent.engine.optimiser.Adam;
import dev.descent.engine.optimiser.Momentum;
import dev.descent.engine.optimiser.Optimiser;
import dev.descent.engine.optimiser.Sgd;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused fast step against the ND4J reference step (the loss and gradient as array operations), on the same
 * data, seed and options: every path, every order, to float tolerance.
 */
class ReferenceStepTests {

    private final Nd4jMiniBatchTrainer trainer = new Nd4jMiniBatchTrainer();

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of(ModelType.LOGISTIC_REGRESSION, new Sgd(), ShuffleMode.ROWS),
                Arguments.of(ModelType.LOGISTIC_REGRESSION, new Sgd(), ShuffleMode.BLOCKS),
                Arguments.of(ModelType.LOGISTIC_REGRESSION, Adam.defaults(), ShuffleMode.ROWS),
                Arguments.of(ModelType.LINEAR_REGRESSION, new Sgd(), ShuffleMode.ROWS),
                Arguments.of(ModelType.LINEAR_REGRESSION, new Momentum(0.9, true), ShuffleMode.BLOCKS));
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("paths")
    void theFastStepTrainsWhatTheReferenceStepTrains(ModelType type, Optimiser optimiser, ShuffleMode mode) {
        TrainingData data = type == ModelType.LOGISTIC_REGRESSION
                ? SyntheticData.logistic(400, new double[] {1, -2, 0.5, 0.25}, 0.3, 21)
                : SyntheticData.linear(400, new double[] {1, -2, 0.5, 0.25}, 0.3, 1, 0.2, 21);
        Hyperparameters fast = Hyperparameters.defaults(13).toBuilder().epochs(6).batchSize(24).tolerance(0)
                .learningRate(0.05).shuffleMode(mode).optimizer(optimiser).regularization(new Regularization(0.001, 0.01))
                .build();
        Hyperparameters reference = fast.toBuilder().kernel(KernelChoice.ND4J).build();

        TrainingResult a = trainer.train(type, data, fast, ProgressListener.NONE, CancellationSignal.NEVER);
        TrainingResult b = trainer.train(type, data, reference, ProgressListener.NONE, CancellationSignal.NEVER);

        assertThat(b.kernel()).startsWith(Nd4jMiniBatchTrainer.REFERENCE_KERNEL + "+");
        assertThat(a.kernel()).doesNotContain("nd4j-reference");
        assertThat(b.model().weights()).containsExactly(a.model().weights(), within(2e-5));
        assertThat(b.model().bias()).isCloseTo(a.model().bias(), within(2e-5));
        for (int e = 0; e < 6; e++) {
            assertThat(b.lossHistory().get(e)).as("epoch %d", e + 1)
                    .isCloseTo(a.lossHistory().get(e), within(1e-5 * Math.max(1, a.lossHistory().get(e))));
        }
    }
}
