package dev.descent.training;

import dev.descent.engine.Hyperparameters;
import dev.descent.engine.ModelType;
import java.time.Instant;
import java.util.List;

/**
 * A training job as it stands at one moment: what clients see and what the job store keeps on disk.
 *
 * @param hyperparameters the effective values, defaults filled and seed included
 */
public record TrainingJobRecord(
        String id,
        JobStatus status,
        ModelType modelType,
        String datasetId,
        Hyperparameters hyperparameters,
        Progress progress,
        List<Double> lossHistory,
        String modelId,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    /** @param epoch epochs finished so far; @param epochs the most the job may run */
    public record Progress(int epoch, int epochs) {
    }

    public TrainingJobRecord {
        lossHistory = List.copyOf(lossHistory);
    }
}
