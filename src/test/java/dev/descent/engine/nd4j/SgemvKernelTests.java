package dev.descent.engine.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.engine.Metrics;
import dev.descent.engine.ModelType;
import dev.descent.engine.SyntheticData;
import dev.descent.engine.TrainingData;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The mini-batch step itself: its loss and gradient against independent arithmetic, and its paths against each other. */
class SgemvKernelTests {

    private static final int FEATURES = 4;
    private static final int ROWS = 50;

    private static TrainingData data(ModelType type) {
        double[] w = {0.5, -1, 2, 0.25};
        return type == ModelType.LOGISTIC_REGRESSION
                ? SyntheticData.logistic(ROWS, w, 0.3, 11)
                : SyntheticData.linear(ROWS, w, 0.3, 0, 0.5, 11);
    }

    /** Every step: linear regression's loop, and logistic regression's scalar and Vector-API loops. */
    static Stream<Arguments> paths() {
        return Stream.of(Arguments.of(ModelType.LINEAR_REGRESSION, false), Arguments.of(ModelType.LOGISTIC_REGRESSION, false),
                Arguments.of(ModelType.LOGISTIC_REGRESSION, true));
    }

    /** The Vector-API cases need x86-64, where training turns that loop on (VectorResidualsTests holds that it does). */
    private static void assumeTheLoopRunsHere(boolean vector) {
        assumeTrue(!vector || VectorApi.AVAILABLE, "the Vector-API loop runs on x86-64 only (VectorApi.AVAILABLE)");
    }

    private static float[] someWeights() {
        return new float[] {0.3f, -0.7f, 1.1f, 0.2f};
    }

    @ParameterizedTest
    @MethodSource("paths")
    void theGradientMatchesCentralFiniteDifferencesOfTheLoss(ModelType type, boolean vector) {
        assumeTheLoopRunsHere(vector);
        TrainingData data = data(type);
        try (JobData job = JobData.copyOf(data, type, false); SgemvKernel kernel = new SgemvKernel(type, job, ROWS, SgemvKernel.DEFAULT_BLOCK_BYTES, vector)) {
            float[] w = someWeights();
            double b = -0.2;
            kernel.setWeights(w, b);
            double[] gradient = new double[FEATURES + 1];
            kernel.lossAndGradient(null, 0, ROWS, gradient);

            double h = 1e-2;
            for (int j = 0; j < FEATURES; j++) {
                float[] plus = w.clone();
                float[] minus = w.clone();
                plus[j] = (float) (w[j] + h);
                minus[j] = (float) (w[j] - h);
                double numeric = (loss(kernel, plus, b) - loss(kernel, minus, b)) / ((double) plus[j] - minus[j]);
                // the kernel's objective is ½·MSE for linear regression while it reports the MSE
                double expected = type == ModelType.LINEAR_REGRESSION ? numeric / 2 : numeric;
                assertThat(gradient[j]).as("∂/∂w%d", j).isCloseTo(expected, within(2e-4 + 1e-4 * Math.abs(expected)));
            }
            double numeric = (loss(kernel, w, b + h) - loss(kernel, w, b - h)) / (2 * h);
            double expected = type == ModelType.LINEAR_REGRESSION ? numeric / 2 : numeric;
            assertThat(gradient[FEATURES]).as("∂/∂b").isCloseTo(expected, within(2e-4 + 1e-4 * Math.abs(expected)));
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void theLossMatchesTheTextbookFormulaInDouble(ModelType type, boolean vector) {
        assumeTheLoopRunsHere(vector);
        TrainingData data = data(type);
        float[] w = someWeights();
        double b = 0.4;
        double expected = textbookLoss(type, data, IntStream.range(0, ROWS).toArray(), w, b);
        try (JobData job = JobData.copyOf(data, type, false); SgemvKernel kernel = new SgemvKernel(type, job, ROWS, SgemvKernel.DEFAULT_BLOCK_BYTES, vector)) {
            assertThat(loss(kernel, w, b)).isCloseTo(expected, within(1e-6 * (1 + expected)));
        }
    }

    /** The targets travel with their rows: in a shuffled batch, and in a copy made in another order. */
    @ParameterizedTest
    @MethodSource("paths")
    void eachRowMeetsItsOwnTarget(ModelType type, boolean vector) {
        assumeTheLoopRunsHere(vector);
        TrainingData data = data(type);
        int[] shuffled = IntStream.range(0, ROWS).map(i -> (i * 17) % ROWS).toArray(); // 17 is coprime with 50
        float[] w = someWeights();
        double b = 0.4;
        double[] gradient = new double[FEATURES + 1];
        try (JobData job = JobData.copyOf(data, type, false); SgemvKernel kernel = new SgemvKernel(type, job, ROWS, SgemvKernel.DEFAULT_BLOCK_BYTES, vector)) {
            kernel.setWeights(w, b);
            double expected = textbookLoss(type, data, Arrays.copyOfRange(shuffled, 5, 25), w, b);
            assertThat(kernel.lossAndGradient(shuffled, 5, 20, gradient)).isCloseTo(expected, within(1e-6 * (1 + expected)));
        }
        try (JobData job = JobData.copyOf(data, type, false, shuffled); SgemvKernel kernel = new SgemvKernel(type, job, ROWS, SgemvKernel.DEFAULT_BLOCK_BYTES, vector)) {
            kernel.setWeights(w, b);
            double expected = textbookLoss(type, data, Arrays.copyOfRange(shuffled, 30, 50), w, b);
            assertThat(kernel.lossAndGradient(null, 30, 20, gradient)).isCloseTo(expected, within(1e-6 * (1 + expected)));
        }
    }

    /** The mean loss over the given rows, in double, from the textbook formulas. */
    private static double textbookLoss(ModelType type, TrainingData data, int[] rows, float[] w, double b) {
        double[][] x = SyntheticData.features(data);
        double[] y = SyntheticData.targets(data);
        double sum = 0;
        for (int r : rows) {
            double z = b;
            for (int j = 0; j < FEATURES; j++) {
                z += w[j] * x[r][j];
            }
            sum += type == ModelType.LOGISTIC_REGRESSION ? Metrics.logLoss(z, y[r]) : (z - y[r]) * (z - y[r]);
        }
        return sum / rows.length;
    }

    @ParameterizedTest
    @MethodSource("paths")
    void aStepMovesByMinusTheLearningRateTimesTheGradient(ModelType type, boolean vector) {
        assumeTheLoopRunsHere(vector);
        TrainingData data = data(type);
        try (JobData job = JobData.copyOf(data, type, false); SgemvKernel kernel = new SgemvKernel(type, job, ROWS, SgemvKernel.DEFAULT_BLOCK_BYTES, vector)) {
            float[] w = someWeights();
            double b = 0.1;
            kernel.setWeights(w, b);
            double[] gradient = new double[FEATURES + 1];
            double lossBefore = kernel.lossAndGradient(null, 5, 20, gradient);

            double stepLoss = kernel.step(null, 5, 20, 0.05);

            assertThat(stepLoss).isEqualTo(lossBefore);
            float[] after = kernel.weights();
            for (int j = 0; j < FEATURES; j++) {
                assertThat((double) after[j]).isCloseTo(w[j] - 0.05 * gradient[j], within(1e-6));
            }
            assertThat(kernel.bias()).isCloseTo(b - 0.05 * gradient[FEATURES], within(1e-12));
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void blocksGatherAndInPlaceRowsAllGiveTheSameStep(ModelType type, boolean vector) {
        assumeTheLoopRunsHere(vector);
        TrainingData data = data(type);
        int[] identity = new int[ROWS];
        int[] shuffled = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            identity[i] = i;
            shuffled[i] = (i * 17) % ROWS; // 17 is coprime with 50: a permutation
        }
        try (JobData job = JobData.copyOf(data, type, false);
             SgemvKernel whole = new SgemvKernel(type, job, ROWS, SgemvKernel.DEFAULT_BLOCK_BYTES, vector);
             SgemvKernel blocked = new SgemvKernel(type, job, ROWS, 8 * job.stride() * Float.BYTES, vector)) {
            assertThat(blocked.blockRows()).isEqualTo(8);
            // in place vs gathered in the identity order: the same bytes in the same order, so bit-identical
            whole.setWeights(someWeights(), 0.1);
            double inPlace = whole.step(null, 0, ROWS, 0.1);
            float[] inPlaceWeights = whole.weights();
            whole.setWeights(someWeights(), 0.1);
            double gathered = whole.step(identity, 0, ROWS, 0.1);
            assertThat(gathered).isEqualTo(inPlace);
            assertThat(whole.weights()).containsExactly(inPlaceWeights);

            // blocks of 8 rows (summed gradient, then one saxpy) vs one block: equal to float rounding
            whole.setWeights(someWeights(), 0.1);
            blocked.setWeights(someWeights(), 0.1);
            // (the Vector-API loop takes rows a vector at a time in float and the rest in double: 1e-6 relative apart)
            double wholeLoss = whole.step(shuffled, 0, ROWS, 0.1);
            assertThat(blocked.step(shuffled, 0, ROWS, 0.1)).isCloseTo(wholeLoss, within(vector ? 1e-6 * wholeLoss : 1e-9));
            float[] a = whole.weights();
            float[] c = blocked.weights();
            for (int j = 0; j < FEATURES; j++) {
                assertThat(c[j]).isCloseTo(a[j], within(1e-5f));
            }
            assertThat(blocked.bias()).isCloseTo(whole.bias(), within(vector ? 1e-8 : 1e-12));
        }
    }

    @Test
    void log1pOnTheUnitIntervalIsAccurate() {
        assertThat(SgemvKernel.log1pUnit(0)).isZero();
        assertThat(SgemvKernel.log1pUnit(1)).isCloseTo(Math.log(2), within(2e-13));
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            double e = i < 50_000 ? random.nextDouble() : Math.exp(-40 * random.nextDouble());
            double exact = Math.log1p(e);
            assertThat(SgemvKernel.log1pUnit(e)).isCloseTo(exact, within(2e-13 * exact));
        }
    }

    private static double loss(SgemvKernel kernel, float[] w, double b) {
        kernel.setWeights(w, b);
        return kernel.lossAndGradient(null, 0, ROWS, new double[FEATURES + 1]);
    }
}
