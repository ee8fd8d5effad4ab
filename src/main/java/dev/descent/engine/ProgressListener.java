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
     * As {@link #epochFinished(int, int, double)}, with the learning rate the epoch ran at (its schedule's); the
     * trainer calls this one, and a listener that wants the rate overrides it.
     */
    default void epochFinished(int epoch, int epochs, double loss, double learningRate) {
        epochFinished(epoch, epochs, loss);
    }
}
