package dev.descent.engine.schedule;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The learning rate of each epoch; an instance is configuration only, start() gives a run its own state. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "name")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Constant.class, name = Constant.NAME),
        @JsonSubTypes.Type(value = InverseScaling.class, name = InverseScaling.NAME),
        @JsonSubTypes.Type(value = Step.class, name = Step.NAME),
        @JsonSubTypes.Type(value = Exponential.class, name = Exponential.NAME),
        @JsonSubTypes.Type(value = Cosine.class, name = Cosine.NAME),
        @JsonSubTypes.Type(value = Adaptive.class, name = Adaptive.NAME)})
public interface LearningRateSchedule {

    /** The name clients use: constant, inverse-scaling, step, exponential, cosine, adaptive. */
    String name();

    /** A fresh state for one run that starts at {@code initialRate} and lasts at most {@code epochs} epochs. */
    Run start(double initialRate, int epochs);

    interface Run {

        /** The learning rate of epoch {@code epoch}, counted from 1; called once per epoch, in order, before it runs. */
        double rate(int epoch);

        /** The loss the run monitors, after each epoch (only adaptive uses it). */
        default void epochEnded(double loss) { }
    }
}
