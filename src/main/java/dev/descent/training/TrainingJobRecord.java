package dev.descent.training;

import dev.descent.engine.Hyperparameters;
import dev.descent.engine.ModelType;
import java.time.Instant;

/**
 * A training job as it stands at one moment: what the job store keeps on disk (schema version 2) and what views are
 * made from. Its loss per epoch is kept apart ({@link LossHistoryFile}), so the record stays small.
 *
 * @param hyperparameters the effective values, defaults filled and seed included
 * @param initialModelId  the model the job starts from (a warm start); null when it starts afresh
 */
public record TrainingJobRecord(
        String id,
        JobStatus status,
        ModelType modelType,
        String datasetId,
        Hyperparameters hyperparameters,
        String initialModelId,
        Progress progress,
        String modelId,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    /**
     * @param epoch  epochs finished so far
     * @param epochs the most the job may run
     * @param loss   the training loss of the last finished epoch; null before the first
     * @param learningRate the learning rate of the last finished epoch (its schedule's); null before the first
     * @param validationLoss the held-out rows' loss after the last finished epoch; null when none are held out
     */
    public record Progress(int epoch, int epochs, Double loss, Double learningRate, Double validationLoss) {

        public Progress(int epoch, int epochs, Double loss) {
            this(epoch, epochs, loss, null, null);
        }

        public Progress(int epoch, int epochs, Double loss, Double learningRate) {
            this(epoch, epochs, loss, learningRate, null);
        }
    }
}
