package dev.descent.engine.schedule;

import dev.descent.engine.InvalidHyperparameterException;
import java.util.List;

/** The learning-rate schedules by the names clients use, each with its default settings. */
public final class LearningRateSchedules {

    /** Every name {@link #defaults(String)} knows, in the order the documentation lists them. */
    public static final List<String> NAMES =
            List.of(Constant.NAME, InverseScaling.NAME, Step.NAME, Exponential.NAME, Cosine.NAME, Adaptive.NAME);

    private LearningRateSchedules() {
    }

    /** The schedule called {@code name} with its defaults. */
    public static LearningRateSchedule defaults(String name) {
        if (name == null) {
            throw unknown(null);
        }
        return switch (name) {
            case Constant.NAME -> Constant.defaults();
            case InverseScaling.NAME -> InverseScaling.defaults();
            case Step.NAME -> Step.defaults();
            case Exponential.NAME -> Exponential.defaults();
            case Cosine.NAME -> Cosine.defaults();
            case Adaptive.NAME -> Adaptive.defaults();
            default -> throw unknown(name);
        };
    }

    private static InvalidHyperparameterException unknown(String name) {
        return new InvalidHyperparameterException("name", "must be one of " + String.join(", ", NAMES) + ", got " + name);
    }
}
