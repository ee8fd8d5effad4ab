package dev.descent.engine.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.engine.CancellationSignal;
import dev.descent.engine.EpochReport;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.Initialization;
import dev.descent.engine.LinearModel;
import dev.descent.engine.Metrics;
import dev.descent.engine.ModelType;
import dev.descent.engine.ProgressListener;
import dev.descent.engine.ShuffleMode;
import dev.descent.engine.SyntheticData;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingResult;
import dev.descent.engine.optimiser.Adam;
import dev.descent.engine.optimiser.AdamW;
import dev.descent.engine.optimiser.Momentum;
import dev.descent.engine.optimiser.Optimiser;
import dev.descent.engine.optimiser.RmsProp;
import dev.descent.engine.optimiser.Sgd;
import dev.descent.engine.schedule.Constant;
import dev.descent.engine.schedule.LearningRateSchedule;
import dev.descent.engine.schedule.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The training loop with every optimiser and a schedule against the textbook loop in double, file order, θ ← 0:
 * the engine's gradient path (the kernel's residuals and sgemv, then the optimiser) follows the same steps.
 */
class OptimiserPathTests {

    private final Nd4jMiniBatchTrainer trainer = new Nd4jMiniBatchTrainer();

    static Stream<Arguments> optimisers() {
        return Stream.of(
                Arguments.of(ModelType.LOGISTIC_REGRESSION, new Adam(0.9, 0.999, 1e-8), 0.05),
                Arguments.of(ModelType.LINEAR_REGRESSION, new Adam(0.8, 0.99, 1e-8), 0.05),
                Arguments.of(ModelType.LOGISTIC_REGRESSION, new AdamW(0.9, 0.999, 1e-8, 0.1), 0.05),
                Arguments.of(ModelType.LINEAR_REGRESSION, new Momentum(0.9, true), 0.01),
                Arguments.of(ModelType.LOGISTIC_REGRESSION, new Momentum(0.5, false), 0.1),
                Arguments.of(ModelType.LINEAR_REGRESSION, new RmsProp(0.9, 1e-8), 0.01));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("optimisers")
    void theEngineFollowsTheTextbookLoopWithEachOptimiser(ModelType type, Optimiser optimiser, double rate) {
        TrainingData data = type == ModelType.LOGISTIC_REGRESSION
                ? SyntheticData.logistic(203, new double[] {1, -2, 0.5}, 0.3, 11)
                : SyntheticData.linear(203, new double[] {1, -2, 0.5}, 0.3, 0, 0.2, 11);
        Hyperparameters settings = plain(rate, 6, 16).toBuilder().optimizer(optimiser)
                .learningRateSchedule(new Step(2, 0.5)).build();

        List<Double> rates = new ArrayList<>();
        TrainingResult result = trainer.train(type, data, settings, new ProgressListener() {
            @Override
            public void epochFinished(int epoch, int epochs, double loss) {
                throw new AssertionError("the trainer reports the learning rate");
            }

            @Override
            public void epochFinished(EpochReport report) {
                rates.add(report.learningRate());
            }
        }, CancellationSignal.NEVER);
        Reference reference = Reference.run(type, SyntheticData.features(data), SyntheticData.targets(data), settings);

        // Step(2, 0.5): η₀, η₀, η₀/2, η₀/2, η₀/4, η₀/4
        assertThat(rates).containsExactly(rate, rate, rate / 2, rate / 2, rate / 4, rate / 4);
        assertThat(result.model().weights()).containsExactly(reference.w, within(2e-4));
        assertThat(result.model().bias()).isCloseTo(reference.b, within(2e-4));
        for (int e = 0; e < 6; e++) {
            assertThat(result.lossHistory().get(e)).as("epoch %d", e + 1)
                    .isCloseTo(reference.history.get(e), within(1e-4 * Math.max(1, reference.history.get(e))));
        }
        assertThat(result.kernel()).contains("+" + optimiser.name() + "+");
    }

    @Test
    void momentumWithoutMomentumIsPlainSgdThroughTheOtherPath() {
        TrainingData data = SyntheticData.logistic(300, new double[] {1, -1, 2}, 0.2, 5);
        Hyperparameters fused = plain(0.1, 5, 32);
        Hyperparameters gradient = fused.toBuilder().optimizer(new Momentum(0, false)).build();

        TrainingResult a = trainer.train(ModelType.LOGISTIC_REGRESSION, data, fused, ProgressListener.NONE, CancellationSignal.NEVER);
        TrainingResult b = trainer.train(ModelType.LOGISTIC_REGRESSION, data, gradient, ProgressListener.NONE, CancellationSignal.NEVER);

        assertThat(a.kernel()).doesNotContain("momentum");
        assertThat(b.model().weights()).containsExactly(a.model().weights(), within(1e-5));
        assertThat(b.model().bias()).isCloseTo(a.model().bias(), within(1e-5));
    }

    @Test
    void adamFitsTheSeedProblemInFewerEpochsThanPlainSgd() {
        TrainingData data = SyntheticData.seed000();
        Hyperparameters sgd = Hyperparameters.defaults(3).withEpochs(20).withTolerance(0);
        Hyperparameters adam = sgd.toBuilder().optimizer(Adam.defaults()).build();

        double sgdLoss = trainer.train(ModelType.LOGISTIC_REGRESSION, data, sgd, ProgressListener.NONE,
                CancellationSignal.NEVER).metrics().get(Metrics.LOSS);
        double adamLoss = trainer.train(ModelType.LOGISTIC_REGRESSION, data, adam, ProgressListener.NONE,
                CancellationSignal.NEVER).metrics().get(Metrics.LOSS);

        assertThat(adamLoss).isLessThan(sgdLoss);
    }

    /** File order, raw features, θ ← 0: what the reference loop does. */
    private static Hyperparameters plain(double rate, int epochs, int batch) {
        return new Hyperparameters(rate, epochs, batch, 0, 1, false, Initialization.ZEROS, false, ShuffleMode.AUTO)
                .toBuilder().optimizer(new Sgd()).learningRateSchedule(new Constant()).build();
    }

    /** Mini-batch gradient descent in double with the run's optimiser and schedule. */
    private record Reference(double[] w, double b, List<Double> history) {

        static Reference run(ModelType type, double[][] x, double[] y, Hyperparameters settings) {
            int n = x.length;
            int d = x[0].length;
            double[] theta = new double[d + 1];
            Optimiser.Run optimiser = settings.optimizer().start(d + 1, 1);
            LearningRateSchedule.Run schedule = settings.learningRateSchedule()
                    .start(settings.learningRate(), settings.epochs());
            List<Double> history = new ArrayList<>();
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                double rate = schedule.rate(epoch);
                double lossSum = 0;
                int batches = 0;
                for (int from = 0; from < n; from += settings.batchSize()) {
                    int m = Math.min(settings.batchSize(), n - from);
                    double[] g = new double[d + 1];
                    double loss = 0;
                    for (int r = from; r < from + m; r++) {
                        double z = theta[d];
                        for (int j = 0; j < d; j++) {
                            z += theta[j] * x[r][j];
                        }
                        double residual = type == ModelType.LOGISTIC_REGRESSION ? LinearModel.sigmoid(z) - y[r] : z - y[r];
                        loss += type == ModelType.LOGISTIC_REGRESSION ? Metrics.logLoss(z, y[r]) : residual * residual;
                        for (int j = 0; j < d; j++) {
                            g[j] += residual * x[r][j] / m;
                        }
                        g[d] += residual / m;
                    }
                    optimiser.step(theta, g, rate);
                    lossSum += loss / m;
                    batches++;
                }
                history.add(lossSum / batches);
                schedule.epochEnded(lossSum / batches);
            }
            double[] w = new double[d];
            System.arraycopy(theta, 0, w, 0, d);
            return new Reference(w, theta[d], history);
        }
    }
}
