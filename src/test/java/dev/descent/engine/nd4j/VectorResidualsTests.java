package dev.descent.engine.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.RequiresX8664;
import dev.descent.engine.CancellationSignal;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.Initialization;
import dev.descent.engine.ModelType;
import dev.descent.engine.ProgressListener;
import dev.descent.engine.ShuffleMode;
import dev.descent.engine.SyntheticData;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingResult;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector-API loop against double-precision arithmetic, and whole runs on it against the scalar loop. The loop itself
 * runs wherever the JVM has jdk.incubator.vector; training turns it on only on x86-64, so the tests of that are x86-64's.
 */
class VectorResidualsTests {

    @Test
    @RequiresX8664
    void theTestsRunWithTheVectorApi() {
        // surefire's argLine adds jdk.incubator.vector (pom.xml); without it every "vector" test below would not run it
        assertThat(VectorApi.AVAILABLE).as("JVM started with --add-modules jdk.incubator.vector on x86-64").isTrue();
        assertThat(VectorResiduals.lanes()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void residualsAndTheLossMatchDoublePrecisionOverTheWholeRangeOfZ() {
        SplittableRandom random = new SplittableRandom(5);
        int m = 16 * 40 + 11; // whole vectors and a tail
        float[] z = new float[m];
        float[] y = new float[m];
        for (int i = 0; i < m; i++) {
            z[i] = switch (i % 8) {
                case 0 -> (float) (random.nextDouble() * 200 - 100); // e^−|z| underflows to 0 at the ends
                case 1 -> 0f;
                case 2 -> (float) (random.nextDouble() * 1e-3 - 5e-4);
                default -> (float) (random.nextGaussian() * 4);
            };
            y[i] = random.nextBoolean() ? 1f : 0f;
        }
        double b = -0.37;
        VectorResiduals residuals = new VectorResiduals();
        float[] r = z.clone();
        double loss = residuals.crossEntropy(r, y, m, b);

        double expectedLoss = 0;
        double expectedSum = 0;
        for (int i = 0; i < m; i++) {
            double zi = z[i] + (double) (float) b; // the vector lanes add the bias in float
            double p = 1 / (1 + Math.exp(-zi));
            double expected = p - y[i];
            expectedSum += expected;
            expectedLoss += Math.log1p(Math.exp(-Math.abs(zi))) + Math.max(zi, 0) - y[i] * zi;
            assertThat((double) r[i]).as("r at z = %s, y = %s", z[i], y[i])
                    .isCloseTo(expected, within(1e-7 + 1e-6 * Math.abs(expected)));
        }
        assertThat(loss).isCloseTo(expectedLoss, within(1e-6 * expectedLoss));
        assertThat(residuals.residualSum()).isCloseTo(expectedSum, within(1e-5));
    }

    @Test
    void confidentRightAnswersKeepTheirTinyLossAndResidual() {
        // y = 1 at z = 15: loss ≈ r ≈ −3.06e−7, which a float difference such as log1p(e) + z − y·z would lose
        float[] z = new float[16];
        float[] y = new float[16];
        java.util.Arrays.fill(z, 15f);
        java.util.Arrays.fill(y, 1f);
        VectorResiduals residuals = new VectorResiduals();
        double loss = residuals.crossEntropy(z, y, 16, 0);

        double e = Math.exp(-15);
        assertThat(loss).isCloseTo(16 * Math.log1p(e), within(1e-6 * 16 * Math.log1p(e)));
        assertThat((double) z[0]).isCloseTo(-e / (1 + e), within(1e-6 * e));
    }

    @ParameterizedTest
    @RequiresX8664
    @CsvSource({"ROWS, 32", "BLOCKS, 32", "AUTO, 50", "BLOCKS, 256", "ROWS, 100"})
    void aRunOnTheVectorLoopEndsWhereTheScalarLoopDoes(ShuffleMode mode, int batch) {
        TrainingData data = SyntheticData.logistic(3000, new double[] {1, -2, 0.5, 3, -1, 0.25, 2}, 0.3, 21);
        Hyperparameters settings = new Hyperparameters(0.05, 8, batch, 0, 4, true, Initialization.RANDOM, true, mode);
        assertSameRun(data, settings, SgemvKernel.DEFAULT_BLOCK_BYTES);
        assertSameRun(data, settings.withShuffle(false), SgemvKernel.DEFAULT_BLOCK_BYTES);
        // blocks of 24 rows: batches of 32+ in several blocks, each with a tail of the vector width
        assertSameRun(data, settings, 24 * 8 * Float.BYTES);
    }

    private static void assertSameRun(TrainingData data, Hyperparameters settings, int blockBytes) {
        TrainingResult vector = new Nd4jMiniBatchTrainer(blockBytes, Nd4jMiniBatchTrainer.AUTO_ROWS_MAX_BYTES, true)
                .train(ModelType.LOGISTIC_REGRESSION, data, settings, ProgressListener.NONE, CancellationSignal.NEVER);
        TrainingResult scalar = new Nd4jMiniBatchTrainer(blockBytes, Nd4jMiniBatchTrainer.AUTO_ROWS_MAX_BYTES, false)
                .train(ModelType.LOGISTIC_REGRESSION, data, settings, ProgressListener.NONE, CancellationSignal.NEVER);

        assertThat(vector.kernel()).startsWith(Nd4jMiniBatchTrainer.VECTOR_KERNEL + "+");
        assertThat(scalar.kernel()).startsWith(Nd4jMiniBatchTrainer.KERNEL + "+").doesNotContain("vector");
        assertThat(vector.kernel().substring(vector.kernel().lastIndexOf('+')))
                .isEqualTo(scalar.kernel().substring(scalar.kernel().lastIndexOf('+')));
        double[] w = vector.model().weights();
        double[] reference = scalar.model().weights();
        for (int j = 0; j < w.length; j++) {
            assertThat(w[j]).as("w%d", j).isCloseTo(reference[j], within(1e-4 + 1e-4 * Math.abs(reference[j])));
        }
        assertThat(vector.model().bias()).isCloseTo(scalar.model().bias(), within(1e-4 + 1e-4 * Math.abs(scalar.model().bias())));
        for (int e = 0; e < scalar.lossHistory().size(); e++) {
            double expected = scalar.lossHistory().get(e);
            assertThat(vector.lossHistory().get(e)).as("epoch %d", e + 1).isCloseTo(expected, within(1e-5 * expected));
        }
    }
}
