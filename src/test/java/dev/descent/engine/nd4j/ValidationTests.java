package dev.descent.engine.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.engine.CancellationSignal;
import dev.descent.engine.EarlyStopping;
import dev.descent.engine.EpochReport;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.InvalidHyperparameterException;
import dev.descent.engine.Metrics;
import dev.descent.engine.ModelType;
import dev.descent.engine.ProgressListener;
import dev.descent.engine.SyntheticData;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Held-out rows, the validation loss of each epoch, and early stopping on it with the best epoch's weights restored. */
class ValidationTests {

    private final Nd4jMiniBatchTrainer trainer = new Nd4jMiniBatchTrainer();

    private List<EpochReport> reports = new ArrayList<>();

    private TrainingResult train(ModelType type, TrainingData data, Hyperparameters settings) {
        reports = new ArrayList<>();
        return trainer.train(type, data, settings, new ProgressListener() {
            @Override
            public void epochFinished(int epoch, int epochs, double loss) {
                throw new AssertionError("the trainer reports whole epochs");
            }

            @Override
            public void epochFinished(EpochReport report) {
                reports.add(report);
            }
        }, CancellationSignal.NEVER);
    }

    @Test
    void theSplitIsStratifiedSeededAndKeepsTheTrainingRowsInFileOrder() {
        // 40 ones and 60 zeros: a fifth of each is held out, 8 + 12
        double[][] x = new double[100][1];
        double[] y = new double[100];
        for (int r = 0; r < 100; r++) {
            x[r][0] = r;
            y[r] = r % 5 < 2 ? 1 : 0;
        }
        TrainingData data = TrainingData.of(x, y);

        Nd4jMiniBatchTrainer.Split split =
                Nd4jMiniBatchTrainer.validationSplit(ModelType.LOGISTIC_REGRESSION, data, 0.2, new SplittableRandom(7));
        int[] order = split.order();
        assertThat(split.heldOut()).isEqualTo(20);

        int[] held = Arrays.copyOfRange(order, 80, 100);
        assertThat(Arrays.stream(held).filter(r -> y[r] == 1).count()).isEqualTo(8);
        assertThat(Arrays.stream(held).filter(r -> y[r] == 0).count()).isEqualTo(12);
        int[] training = Arrays.copyOfRange(order, 0, 80);
        assertThat(training).isSorted();
        assertThat(Arrays.stream(order).distinct().count()).as("a permutation").isEqualTo(100);
        assertThat(Nd4jMiniBatchTrainer.validationSplit(ModelType.LOGISTIC_REGRESSION, data, 0.2, new SplittableRandom(7))
                .order()).isEqualTo(order);
        assertThat(Nd4jMiniBatchTrainer.validationSplit(ModelType.LOGISTIC_REGRESSION, data, 0.2, new SplittableRandom(8))
                .order()).isNotEqualTo(order);
        assertThat(Nd4jMiniBatchTrainer.validationSplit(ModelType.LINEAR_REGRESSION, data, 0.2, new SplittableRandom(7))
                .heldOut()).isEqualTo(20);
        assertThat(Nd4jMiniBatchTrainer.validationSplit(ModelType.LINEAR_REGRESSION, data, 0.001, new SplittableRandom(7))
                .heldOut()).as("at least one").isEqualTo(1);
    }

    @Test
    void everyEpochReportsItsValidationLossAndTheModelItsValidationMetrics() {
        TrainingData data = SyntheticData.logistic(500, new double[] {1, -2, 0.5}, 0.3, 4);
        Hyperparameters settings = Hyperparameters.defaults(5).toBuilder().epochs(8).tolerance(0).validationFraction(0.2).build();

        TrainingResult result = train(ModelType.LOGISTIC_REGRESSION, data, settings);

        assertThat(reports).hasSize(8).allSatisfy(r -> assertThat(r.validationLoss()).isPositive().isFinite());
        assertThat(result.validationMetrics()).containsKeys(Metrics.LOSS, Metrics.ACCURACY);
        assertThat(result.validationMetrics().get(Metrics.LOSS)).as("the last epoch's validation loss, final weights")
                .isCloseTo(reports.get(7).validationLoss(), org.assertj.core.api.Assertions.within(1e-12));
        TrainingResult withoutValidation = train(ModelType.LOGISTIC_REGRESSION, data, settings.toBuilder().validationFraction(0).build());
        assertThat(reports).allSatisfy(r -> assertThat(r.hasValidation()).isFalse());
        assertThat(withoutValidation.validationMetrics()).isEmpty();
    }

    @Test
    void earlyStoppingEndsWithTheWeightsOfTheEpochWithTheLeastValidationLoss() {
        // few noisy rows and many features at a high rate: the validation loss turns up after a few epochs
        TrainingData data = SyntheticData.logistic(60, new double[] {1, -1, 0.5, 0, 0, 0, 0, 0, 0, 0}, 0, 9);
        Hyperparameters base = Hyperparameters.defaults(3).toBuilder().learningRate(2).batchSize(4).tolerance(0)
                .validationFraction(0.3).build();
        Hyperparameters early = base.toBuilder().epochs(200).earlyStopping(new EarlyStopping(3, 0, true)).build();

        TrainingResult stopped = train(ModelType.LOGISTIC_REGRESSION, data, early);
        List<EpochReport> seen = List.copyOf(reports);

        assertThat(stopped.converged()).as("stopped before its 200 epochs").isTrue();
        int best = 1;
        for (EpochReport report : seen) {
            if (report.validationLoss() < seen.get(best - 1).validationLoss()) {
                best = report.epoch();
            }
        }
        assertThat(seen).hasSize(best + 3);
        assertThat(stopped.bestEpoch()).isEqualTo(best);
        TrainingResult toBest = train(ModelType.LOGISTIC_REGRESSION, data, base.toBuilder().epochs(best).build());
        assertThat(stopped.model()).as("the weights of epoch %d", best).isEqualTo(toBest.model());

        TrainingResult kept = train(ModelType.LOGISTIC_REGRESSION, data,
                early.toBuilder().earlyStopping(new EarlyStopping(3, 0, false)).build());
        assertThat(kept.bestEpoch()).isEqualTo(best + 3);
        assertThat(kept.model()).isNotEqualTo(stopped.model());
    }

    @Test
    void aFractionOutOfRangeIsRefusedByName() {
        assertThatThrownBy(() -> Hyperparameters.defaults(1).toBuilder().validationFraction(0.9).build())
                .isInstanceOf(InvalidHyperparameterException.class)
                .satisfies(e -> assertThat(((InvalidHyperparameterException) e).field()).isEqualTo("validationFraction"));
        assertThatThrownBy(() -> new EarlyStopping(0, 0, true)).isInstanceOf(InvalidHyperparameterException.class)
                .hasMessageStartingWith("patience:");
    }
}
