package dev.descent.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of a fitted model over a dataset, accumulated one row at a time in a single pass and in double.
 * Logistic regression reports {@code loss} (mean cross-entropy, also as {@code logLoss}), {@code accuracy},
 * {@code precision}, {@code recall} and {@code f1}, counting class 1 where p ≥ 0.5 (z ≥ 0), {@code brier}
 * (mean (p − y)²), the confusion matrix's four counts, and — from {@link #withRanking} — {@code rocAuc}, the area
 * under the ROC curve, from a histogram of the decisions (pairs within one bin, 2⁻¹² wide in z, count as ties: an
 * error of that order at most); linear regression reports {@code loss} (= mse),
 * {@code mse}, {@code rmse}, {@code mae} and {@code r2}. A ratio whose denominator is 0 is reported as 0, as
 * scikit-learn does (r2 of a constant target: 1 for a perfect fit, else 0), so that every value is finite.
 */
public final class Metrics {

    public static final String LOSS = "loss";
    public static final String ACCURACY = "accuracy";
    public static final String PRECISION = "precision";
    public static final String RECALL = "recall";
    public static final String F1 = "f1";
    public static final String MSE = "mse";
    public static final String RMSE = "rmse";
    public static final String MAE = "mae";
    public static final String R2 = "r2";
    public static final String LOG_LOSS = "logLoss";
    public static final String BRIER = "brier";
    public static final String ROC_AUC = "rocAuc";
    public static final String TRUE_POSITIVES = "truePositives";
    public static final String FALSE_POSITIVES = "falsePositives";
    public static final String TRUE_NEGATIVES = "trueNegatives";
    public static final String FALSE_NEGATIVES = "falseNegatives";

    /** Decisions binned for the ROC AUC: z in [−Z_RANGE, Z_RANGE) (beyond it, the end bins), 2⁻¹² wide. */
    private static final double Z_RANGE = 16;
    private static final int BINS = (int) (2 * Z_RANGE * 4096);

    private long rows;
    private final ModelType type;
    // logistic regression
    private double logLossSum;
    private long truePositives;
    private long falsePositives;
    private long falseNegatives;
    private long trueNegatives;
    private double brierSum;
    private long[] positivesByDecision;
    private long[] negativesByDecision;
    // linear regression; the targets are shifted by the first one so that the variance does not cancel
    private double squaredErrorSum;
    private double absoluteErrorSum;
    private double targetShift = Double.NaN;
    private double shiftedTargetSum;
    private double shiftedTargetSquareSum;

    public Metrics(ModelType type) {
        this.type = type;
    }

    /** Metrics that also rank the decisions, for the ROC AUC: 2 MB of histogram, for a model's final metrics. */
    public static Metrics withRanking(ModelType type) {
        Metrics metrics = new Metrics(type);
        if (type == ModelType.LOGISTIC_REGRESSION) {
            metrics.positivesByDecision = new long[BINS];
            metrics.negativesByDecision = new long[BINS];
        }
        return metrics;
    }

    /**
     * @param decision z = w·x + b
     * @param target   y: 0 or 1 for logistic regression
     */
    public void add(double decision, double target) {
        rows++;
        if (type == ModelType.LOGISTIC_REGRESSION) {
            logLossSum += logLoss(decision, target);
            double p = LinearModel.sigmoid(decision);
            brierSum += (p - target) * (p - target);
            boolean predicted = decision >= 0;
            boolean actual = target >= 0.5;
            if (positivesByDecision != null) {
                int bin = (int) Math.max(0, Math.min(BINS - 1, Math.floor((decision + Z_RANGE) * 4096)));
                (actual ? positivesByDecision : negativesByDecision)[bin]++;
            }
            if (predicted) {
                if (actual) {
                    truePositives++;
                } else {
                    falsePositives++;
                }
            } else if (actual) {
                falseNegatives++;
            } else {
                trueNegatives++;
            }
        } else {
            double error = decision - target;
            squaredErrorSum += error * error;
            absoluteErrorSum += Math.abs(error);
            if (Double.isNaN(targetShift)) {
                targetShift = target;
            }
            double shifted = target - targetShift;
            shiftedTargetSum += shifted;
            shiftedTargetSquareSum += shifted * shifted;
        }
    }

    public long rows() {
        return rows;
    }

    /** The metrics by name, in a stable order; all zeros before the first row. */
    public Map<String, Double> values() {
        Map<String, Double> values = new LinkedHashMap<>();
        double n = Math.max(rows, 1);
        if (type == ModelType.LOGISTIC_REGRESSION) {
            double precision = ratio(truePositives, truePositives + falsePositives);
            double recall = ratio(truePositives, truePositives + falseNegatives);
            values.put(LOSS, logLossSum / n);
            values.put(ACCURACY, (truePositives + trueNegatives) / n);
            values.put(PRECISION, precision);
            values.put(RECALL, recall);
            values.put(F1, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
            values.put(LOG_LOSS, logLossSum / n);
            values.put(BRIER, brierSum / n);
            if (positivesByDecision != null) {
                values.put(ROC_AUC, rocAuc());
            }
            values.put(TRUE_POSITIVES, (double) truePositives);
            values.put(FALSE_POSITIVES, (double) falsePositives);
            values.put(TRUE_NEGATIVES, (double) trueNegatives);
            values.put(FALSE_NEGATIVES, (double) falseNegatives);
        } else {
            double mse = squaredErrorSum / n;
            double totalSquares = shiftedTargetSquareSum - shiftedTargetSum * shiftedTargetSum / n;
            double r2 = totalSquares > 0 ? 1 - squaredErrorSum / totalSquares : (squaredErrorSum == 0 ? 1 : 0);
            values.put(LOSS, mse);
            values.put(MSE, mse);
            values.put(RMSE, Math.sqrt(mse));
            values.put(MAE, absoluteErrorSum / n);
            values.put(R2, r2);
        }
        return values;
    }

    /**
     * The probability threshold with the highest F1 when rows with a decision in or above a bin count as class 1,
     * from {@link #withRanking}'s histogram: the lower edge of the best bin, as σ(z). 0.5 with one class.
     */
    public double bestF1Threshold() {
        if (positivesByDecision == null) {
            throw new IllegalStateException("only metrics made withRanking rank their decisions");
        }
        long positives = 0;
        for (long count : positivesByDecision) {
            positives += count;
        }
        long truePositivesAbove = 0;
        long falsePositivesAbove = 0;
        double bestF1 = -1;
        int bestBin = -1;
        for (int b = BINS - 1; b >= 0; b--) {
            truePositivesAbove += positivesByDecision[b];
            falsePositivesAbove += negativesByDecision[b];
            if (positivesByDecision[b] + negativesByDecision[b] == 0) {
                continue;
            }
            // F1 = 2·tp / (2·tp + fp + fn), fn = positives − tp
            double f1 = 2.0 * truePositivesAbove / (truePositivesAbove + falsePositivesAbove + positives);
            if (f1 > bestF1) {
                bestF1 = f1;
                bestBin = b;
            }
        }
        if (positives == 0 || bestBin < 0) {
            return ThresholdPolicy.DEFAULT_THRESHOLD;
        }
        return LinearModel.sigmoid(bestBin / 4096.0 - Z_RANGE);
    }

    /** P(z of a positive > z of a negative) + ½·P(tie): each positive counts the negatives below it; 0 with one class. */
    private double rocAuc() {
        double pairs = 0;
        long negativesBelow = 0;
        long positives = 0;
        for (int b = 0; b < BINS; b++) {
            pairs += positivesByDecision[b] * (negativesBelow + 0.5 * negativesByDecision[b]);
            negativesBelow += negativesByDecision[b];
            positives += positivesByDecision[b];
        }
        return positives == 0 || negativesBelow == 0 ? 0 : pairs / ((double) positives * negativesBelow);
    }

    /** Cross-entropy of one row from its decision z: log1p(e^−|z|) + max(z, 0) − y·z, which never takes log(0). */
    public static double logLoss(double decision, double target) {
        return Math.log1p(Math.exp(-Math.abs(decision))) + Math.max(decision, 0) - target * decision;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }
}
