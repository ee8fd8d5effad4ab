package dev.descent.engine;

/** The loss became NaN or infinite: the learning rate is too high for this data. */
public class TrainingDivergedException extends RuntimeException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
