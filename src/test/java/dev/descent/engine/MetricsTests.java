package dev.descent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTests {

    @Test
    void classificationCountsTheConfusionMatrix() {
        Metrics metrics = new Metrics(ModelType.LOGISTIC_REGRESSION);
        metrics.add(2, 1);   // TP
        metrics.add(0.5, 0); // FP
        metrics.add(-1, 1);  // FN
        metrics.add(-3, 0);  // TN
        metrics.add(1, 1);   // TP
        Map<String, Double> values = metrics.values();
        assertThat(values.get(Metrics.ACCURACY)).isEqualTo(3 / 5.0);
        assertThat(values.get(Metrics.PRECISION)).isEqualTo(2 / 3.0);
        assertThat(values.get(Metrics.RECALL)).isEqualTo(2 / 3.0);
        assertThat(values.get(Metrics.F1)).isCloseTo(2 / 3.0, within(1e-15));
        double loss = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(0.5)) + Math.log1p(Math.exp(1))
                + Math.log1p(Math.exp(-3)) + Math.log1p(Math.exp(-1))) / 5;
        assertThat(values.get(Metrics.LOSS)).isCloseTo(loss, within(1e-12));
    }

    @Test
    void logLossIsStableForLargeDecisions() {
        assertThat(Metrics.logLoss(1000, 1)).isEqualTo(0);
        assertThat(Metrics.logLoss(1000, 0)).isEqualTo(1000);
        assertThat(Metrics.logLoss(-1000, 1)).isEqualTo(1000);
        assertThat(Metrics.logLoss(0, 1)).isCloseTo(Math.log(2), within(1e-15));
    }

    @Test
    void noPredictedPositivesGiveZeroPrecisionRatherThanNaN() {
        Metrics metrics = new Metrics(ModelType.LOGISTIC_REGRESSION);
        metrics.add(-1, 1);
        metrics.add(-1, 0);
        assertThat(metrics.values()).containsEntry(Metrics.PRECISION, 0.0).containsEntry(Metrics.F1, 0.0)
                .containsEntry(Metrics.ACCURACY, 0.5);
    }

    @Test
    void regressionMetrics() {
        Metrics metrics = new Metrics(ModelType.LINEAR_REGRESSION);
        double[] prediction = {1, 2, 4};
        double[] target = {1, 3, 2};
        for (int i = 0; i < 3; i++) {
            metrics.add(prediction[i], target[i]);
        }
        Map<String, Double> values = metrics.values();
        assertThat(values.get(Metrics.MSE)).isCloseTo(5 / 3.0, within(1e-15));
        assertThat(values.get(Metrics.LOSS)).isEqualTo(values.get(Metrics.MSE));
        assertThat(values.get(Metrics.RMSE)).isCloseTo(Math.sqrt(5 / 3.0), within(1e-15));
        assertThat(values.get(Metrics.MAE)).isCloseTo(1.0, within(1e-15));
        // mean 2, total sum of squares 2
        assertThat(values.get(Metrics.R2)).isCloseTo(1 - 5 / 2.0, within(1e-15));
    }

    @Test
    void r2OfAConstantTargetIsFinite() {
        Metrics perfect = new Metrics(ModelType.LINEAR_REGRESSION);
        perfect.add(3, 3);
        perfect.add(3, 3);
        Metrics off = new Metrics(ModelType.LINEAR_REGRESSION);
        off.add(2, 3);
        off.add(3, 3);
        assertThat(perfect.values().get(Metrics.R2)).isEqualTo(1.0);
        assertThat(off.values().get(Metrics.R2)).isEqualTo(0.0);
    }

    @Test
    void rocAucMatchesThePairCountAndBrierTheMeanSquaredProbabilityError() {
        java.util.Random random = new java.util.Random(3);
        int n = 2000;
        double[] z = new double[n];
        double[] y = new double[n];
        Metrics metrics = Metrics.withRanking(ModelType.LOGISTIC_REGRESSION);
        double brier = 0;
        for (int i = 0; i < n; i++) {
            y[i] = random.nextDouble() < 0.3 ? 1 : 0;
            z[i] = random.nextGaussian() * 2 + (y[i] == 1 ? 1.5 : 0);
            metrics.add(z[i], y[i]);
            double p = LinearModel.sigmoid(z[i]);
            brier += (p - y[i]) * (p - y[i]) / n;
        }
        // AUC = P(z⁺ > z⁻) + ½·P(z⁺ = z⁻) over every positive–negative pair
        double pairs = 0;
        double wins = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    wins += z[i] > z[j] ? 1 : z[i] == z[j] ? 0.5 : 0;
                }
            }
        }
        Map<String, Double> values = metrics.values();
        assertThat(values.get(Metrics.ROC_AUC)).isCloseTo(wins / pairs, within(1e-3)).isBetween(0.6, 0.9);
        assertThat(values.get(Metrics.BRIER)).isCloseTo(brier, within(1e-12));
        assertThat(values.get(Metrics.LOG_LOSS)).isEqualTo(values.get(Metrics.LOSS));
        assertThat(values.get(Metrics.TRUE_POSITIVES) + values.get(Metrics.FALSE_POSITIVES)
                + values.get(Metrics.TRUE_NEGATIVES) + values.get(Metrics.FALSE_NEGATIVES)).isEqualTo(n);
    }

    @Test
    void perfectRankingHasAucOneAndOneClassAucZero() {
        Metrics perfect = Metrics.withRanking(ModelType.LOGISTIC_REGRESSION);
        perfect.add(-3, 0);
        perfect.add(-1, 0);
        perfect.add(2, 1);
        assertThat(perfect.values().get(Metrics.ROC_AUC)).isEqualTo(1.0);
        Metrics oneClass = Metrics.withRanking(ModelType.LOGISTIC_REGRESSION);
        oneClass.add(1, 1);
        assertThat(oneClass.values().get(Metrics.ROC_AUC)).isZero();
        assertThat(new Metrics(ModelType.LOGISTIC_REGRESSION).values()).doesNotContainKey(Metrics.ROC_AUC);
    }

    @Test
    void theBestF1ThresholdBeatsOneHalfWhereTheClassesOverlapUnevenly() {
        // positives sit around z = −0.5: at 0.5 (z ≥ 0) most are missed; a lower threshold catches them
        java.util.Random random = new java.util.Random(11);
        Metrics metrics = Metrics.withRanking(ModelType.LOGISTIC_REGRESSION);
        double[] z = new double[1000];
        double[] y = new double[1000];
        for (int i = 0; i < z.length; i++) {
            y[i] = i % 4 == 0 ? 1 : 0;
            z[i] = random.nextGaussian() * 0.5 + (y[i] == 1 ? -0.5 : -2);
            metrics.add(z[i], y[i]);
        }

        double threshold = metrics.bestF1Threshold();

        assertThat(threshold).isLessThan(0.5);
        assertThat(f1(z, y, threshold)).isGreaterThan(f1(z, y, 0.5));
        // no other threshold on a fine grid does better than the bin edge it chose, but for the bin's width
        for (double t = 0.01; t < 1; t += 0.01) {
            assertThat(f1(z, y, t)).as("threshold %.2f", t).isLessThanOrEqualTo(f1(z, y, threshold) + 1e-9);
        }
    }

    private static double f1(double[] z, double[] y, double threshold) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < z.length; i++) {
            boolean predicted = LinearModel.sigmoid(z[i]) >= threshold;
            if (predicted && y[i] == 1) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (y[i] == 1) {
                fn++;
            }
        }
        return 2.0 * tp / (2.0 * tp + fp + fn);
    }
}
