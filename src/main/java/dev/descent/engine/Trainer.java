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

    /**
     * A run that starts from a model's weights instead of {@code initialization}: a warm start, which continues
     * that model's training. With plain SGD at a constant rate, in file order on raw features, M epochs and then N
     * more from their model give the weights of M + N epochs in one run.
     *
     * @param initial raw-space weights and bias of the same type and features; null starts as {@code initialization} says
     */
    default TrainingResult train(ModelType type, TrainingData data, Hyperparameters hyperparameters, LinearModel initial,
                                 ProgressListener listener, CancellationSignal cancellation) {
        if (initial != null) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot start from a model");
        }
        return train(type, data, hyperparameters, listener, cancellation);
    }

    /** Bytes of native memory one run on data of this shape holds at its peak, besides the caller's data. */
    default long memoryNeeded(long rows, int features) {
        return rows * (features + 1L) * Float.BYTES;
    }

    /**
     * What a run's numbers depend on besides the data and the hyperparameters — library versions, the BLAS build and
     * the CPU kernels it chose — for a model's reproducibility manifest; empty when nothing is known.
     */
    default java.util.Map<String, String> environment() {
        return java.util.Map.of();
    }

    /** Native memory this trainer's runs may hold in all; {@link Long#MAX_VALUE} when it knows no limit. */
    default long memoryBudget() {
        return Long.MAX_VALUE;
    }
}
