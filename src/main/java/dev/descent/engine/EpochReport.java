package dev.descent.engine;

/**
 * One finished epoch of a run.
 *
 * @param epoch          counted from 1
 * @param epochs         the most epochs the run may take
 * @param loss           the mean of the epoch's mini-batch losses on the training rows
 * @param learningRate   the rate the epoch ran at (its schedule's)
 * @param validationLoss the loss on the held-out rows after the epoch; NaN when the run holds none out
 */
public record EpochReport(int epoch, int epochs, double loss, double learningRate, double validationLoss) {

    public boolean hasValidation() {
        return !Double.isNaN(validationLoss);
    }
}
