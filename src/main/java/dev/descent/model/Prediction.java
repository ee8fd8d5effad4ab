package dev.descent.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.descent.engine.LinearModel;

/**
 * One predicted row: {@code label}, {@code probability} and the raw {@code score} z = w·x + b (p = σ(z)) for logistic
 * regression, {@code value} for linear.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(Integer label, Double probability, Double value, Double score) {

    public static Prediction classified(double score, double threshold) {
        double probability = LinearModel.sigmoid(score);
        return new Prediction(probability >= threshold ? 1 : 0, probability, null, score);
    }

    public static Prediction regressed(double value) {
        return new Prediction(null, null, value, null);
    }
}
