package dev.descent.training;

/**
 * A job's record of each epoch, index e for epoch e + 1: the training loss, the learning rate it ran at and the
 * held-out rows' loss (NaN where unknown: a job that holds no rows out, or a history written before they were kept).
 */
public record EpochHistory(double[] loss, double[] learningRate, double[] validationLoss) {

    public EpochHistory {
        if (learningRate.length != loss.length || validationLoss.length != loss.length) {
            throw new IllegalArgumentException("expected one value per epoch in each series");
        }
    }

    static EpochHistory empty() {
        return new EpochHistory(new double[0], new double[0], new double[0]);
    }

    public int epochs() {
        return loss.length;
    }
}
