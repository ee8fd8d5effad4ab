package dev.descent.engine;

/**
 * Fits a linear model by mini-batch gradient descent. One call is one run; concurrent calls share nothing mutable.
 */
public interface Trainer {

    /**
     * @throws TrainingStoppedException   when the signal asked the run to stop (checked between mini-batches)
     * @throws TrainingDivergedException  when the loss became NaN or infinite
     * @throws IllegalArgumentException   when the data does not suit the model (e.g. targets other than 0/1 for logistic regression)
     */
    TrainingResult train(ModelType type, TrainingData data, Hyperparameters hyperparameters,
                         ProgressListener listener, CancellationSignal cancellation);
}
