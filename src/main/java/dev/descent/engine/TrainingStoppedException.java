package dev.descent.engine;

/** A run stopped on request before it finished; it produced no model. */
public class TrainingStoppedException extends RuntimeException {

    public TrainingStoppedException(String reason) {
        super(reason);
    }
}
