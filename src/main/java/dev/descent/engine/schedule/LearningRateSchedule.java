package dev.descent.engine.schedule;

/** The learning rate of each epoch; an instance is configuration only, start() gives a run its own state. */
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
