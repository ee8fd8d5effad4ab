package dev.descent.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One predicted row: {@code label} and {@code probability} for logistic regression, {@code value} for linear.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(Integer label, Double probability, Double value) {

    public static Prediction classified(double probability, double threshold) {
        return new Prediction(probability >= threshold ? 1 : 0, probability, null);
    }

    public static Prediction regressed(double value) {
        return new Prediction(null, null, value);
    }
}
