package dev.descent.engine;

/** Hears about each finished epoch of a training run, on the training thread. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (epoch, epochs, loss) -> { };

    /**
     * @param epoch  the epoch just finished, counting from 1
     * @param epochs the most epochs the run may take
     * @param loss   the mean of the epoch's mini-batch losses
     */
    void epochFinished(int epoch, int epochs, double loss);

    /**
     * As {@link #epochFinished(int, int, double)}, with the learning rate the epoch ran at and the validation loss;
     * the trainer calls this one, and a listener that wants more than the loss overrides it.
     */
    default void epochFinished(EpochReport report) {
        epochFinished(report.epoch(), report.epochs(), report.loss());
    }
}
