package dev.descent.training.web;

import dev.descent.engine.Hyperparameters;
import dev.descent.engine.ModelType;
import dev.descent.training.JobStatus;
import dev.descent.training.TrainingJobRecord;
import java.time.Instant;
import java.util.List;

/** The job view. */
public record TrainingJobResponse(
        String id,
        JobStatus status,
        ModelType modelType,
        String datasetId,
        Hyperparameters hyperparameters,
        TrainingJobRecord.Progress progress,
        List<Double> lossHistory,
        String modelId,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    static TrainingJobResponse of(TrainingJobRecord r) {
        return new TrainingJobResponse(r.id(), r.status(), r.modelType(), r.datasetId(), r.hyperparameters(),
                r.progress(), r.lossHistory(), r.modelId(), r.error(), r.createdAt(), r.startedAt(), r.finishedAt());
    }
}
