package dev.descent.engine;

import java.util.Arrays;

/**
 * A fitted linear model over raw features: p = σ(w·x + b) for logistic regression, ŷ = w·x + b for linear.
 * Scoring is plain Java: one row costs a dot product, with no native call or allocation.
 */
public record LinearModel(ModelType type, double[] weights, double bias) {

    public LinearModel {
        weights = weights.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    public int features() {
        return weights.length;
    }

    /** w·x + b. */
    public double decision(double[] x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException("expected " + weights.length + " features, got " + x.length);
        }
        double z = bias;
        for (int j = 0; j < weights.length; j++) {
            z += weights[j] * x[j];
        }
        return z;
    }

    /** The probability of class 1 for logistic regression, the predicted value for linear regression. */
    public double predict(double[] x) {
        double z = decision(x);
        return type == ModelType.LOGISTIC_REGRESSION ? sigmoid(z) : z;
    }

    /** σ(z) = 1 / (1 + e^−z), written so that neither branch overflows. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LinearModel that && type == that.type && Arrays.equals(weights, that.weights)
                && Double.compare(bias, that.bias) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Arrays.hashCode(weights)) + Double.hashCode(bias);
    }

    @Override
    public String toString() {
        return type.wireName() + "(w=" + Arrays.toString(weights) + ", b=" + bias + ")";
    }
}
