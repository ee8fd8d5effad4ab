package dev.descent.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of a fitted model over a dataset, accumulated one row at a time in a single pass and in double.
 * Logistic regression reports {@code loss} (mean cross-entropy), {@code accuracy}, {@code precision}, {@code recall}
 * and {@code f1}, counting class 1 where p ≥ 0.5 (z ≥ 0); linear regression reports {@code loss} (= mse),
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

    private long rows;
    private final ModelType type;
    // logistic regression
    private double logLossSum;
    private long truePositives;
    private long falsePositives;
    private long falseNegatives;
    private long trueNegatives;
    // linear regression; the targets are shifted by the first one so that the variance does not cancel
    private double squaredErrorSum;
    private double absoluteErrorSum;
    private double targetShift = Double.NaN;
    private double shiftedTargetSum;
    private double shiftedTargetSquareSum;

    public Metrics(ModelType type) {
        this.type = type;
    }

    /**
     * @param decision z = w·x + b
     * @param target   y: 0 or 1 for logistic regression
     */
    public void add(double decision, double target) {
        rows++;
        if (type == ModelType.LOGISTIC_REGRESSION) {
            logLossSum += logLoss(decision, target);
            boolean predicted = decision >= 0;
            boolean actual = target >= 0.5;
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

    /** Cross-entropy of one row from its decision z: log1p(e^−|z|) + max(z, 0) − y·z, which never takes log(0). */
    public static double logLoss(double decision, double target) {
        return Math.log1p(Math.exp(-Math.abs(decision))) + Math.max(decision, 0) - target * decision;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }
}
