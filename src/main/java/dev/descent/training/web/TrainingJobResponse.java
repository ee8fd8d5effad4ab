package dev.descent.training.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.ModelType;
import dev.descent.training.JobStatus;
import dev.descent.training.LossCurve;
import dev.descent.training.TrainingJobRecord;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * The job view. The single job's view ({@code GET /training-jobs/{id}}) adds its loss curve; list pages and SSE
 * status events leave the curve out, so that their size does not grow with the epochs.
 */
public record TrainingJobResponse(
        String id,
        JobStatus status,
        ModelType modelType,
        String datasetId,
        Hyperparameters hyperparameters,
        @Schema(description = "The model the job starts from (hyperparameters.initialModelId); null when it starts afresh")
        String initialModelId,
        @Schema(description = "epochs finished, the most the job may run, and the last epoch's training loss")
        TrainingJobRecord.Progress progress,
        @Schema(description = "The training loss of every epoch, while the job has run at most " + FULL_HISTORY
                + " epochs; longer jobs leave it out (see lossCurve and GET /training-jobs/{id}/history). Only in the "
                + "single job's view.")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        List<Double> lossHistory,
        @Schema(description = "A bounded picture of the loss curve: every epoch up to 200, beyond that 100 evenly "
                + "spaced (with the least loss) and the last 100. Only in the single job's view.")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        LossCurve lossCurve,
        String modelId,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    /** Up to this many epochs, the single job's view lists every epoch's loss. */
    static final int FULL_HISTORY = 1000;

    /** The view in list pages and status events: no history. */
    static TrainingJobResponse of(TrainingJobRecord r) {
        return new TrainingJobResponse(r.id(), r.status(), r.modelType(), r.datasetId(), r.hyperparameters(),
                r.initialModelId(), r.progress(), null, null, r.modelId(), r.error(), r.createdAt(), r.startedAt(), r.finishedAt());
    }

    /** The single job's view, with its losses so far. */
    static TrainingJobResponse of(TrainingJobRecord r, double[] losses) {
        List<Double> history = null;
        if (losses.length <= FULL_HISTORY) {
            history = java.util.Arrays.stream(losses).boxed().toList();
        }
        return new TrainingJobResponse(r.id(), r.status(), r.modelType(), r.datasetId(), r.hyperparameters(),
                r.initialModelId(), r.progress(), history, LossCurve.of(losses), r.modelId(), r.error(), r.createdAt(), r.startedAt(),
                r.finishedAt());
    }
}
