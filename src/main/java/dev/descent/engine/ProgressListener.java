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
}
