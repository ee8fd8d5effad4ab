package dev.descent.training;

/** What a job tells its subscribers: each finished epoch, and each change of status. */
public sealed interface JobEvent {

    /** One finished epoch, its training loss and the learning rate it ran at. */
    record Progress(int epoch, double loss, double learningRate) implements JobEvent {
    }

    /** The job's state after a change of status. */
    record StatusChanged(TrainingJobRecord job) implements JobEvent {
    }
}
