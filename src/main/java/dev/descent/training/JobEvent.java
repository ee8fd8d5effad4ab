package dev.descent.training;

/** What a job tells its subscribers: each finished epoch, and each change of status. */
public sealed interface JobEvent {

    /**
     * One finished epoch: its training loss, the learning rate it ran at (NaN when unknown) and the held-out rows'
     * loss (NaN when the job holds none out).
     */
    record Progress(int epoch, double loss, double learningRate, double validationLoss) implements JobEvent {

        public Progress(int epoch, double loss, double learningRate) {
            this(epoch, loss, learningRate, Double.NaN);
        }
    }

    /** The job's state after a change of status. */
    record StatusChanged(TrainingJobRecord job) implements JobEvent {
    }
}
