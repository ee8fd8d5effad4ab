package dev.descent.training.web;

import dev.descent.engine.Hyperparameters;
import dev.descent.system.InvalidInputException;
import dev.descent.system.PageResponse;
import dev.descent.training.EpochHistory;
import dev.descent.training.TrainingJobRecord;
import dev.descent.training.TrainingJobRunner;
import dev.descent.training.TrainingJobs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@Tag(name = "Training jobs", description = "Asynchronous training on a bounded executor")
@RestController
@RequestMapping(path = "/api/v1/training-jobs", produces = MediaType.APPLICATION_JSON_VALUE)
class TrainingJobController {

    private static final Duration EVENT_STREAM_TIMEOUT = Duration.ofHours(2);
    static final int HISTORY_DEFAULT_SIZE = 1000;
    static final int HISTORY_MAX_SIZE = 10_000;

    private final TrainingJobRunner runner;
    private final TrainingJobs jobs;
    private final ExecutorService eventSender;

    TrainingJobController(TrainingJobRunner runner, TrainingJobs jobs,
                          @Qualifier("jobEventSender") ExecutorService eventSender) {
        this.runner = runner;
        this.jobs = jobs;
        this.eventSender = eventSender;
    }

    @Operation(summary = "Submit a training job",
            description = "Give either datasetId (a stored dataset) or dataset (inline features and targets, for small "
                    + "data). Every hyperparameter is optional. Answers 202 with the queued job; 429 with Retry-After "
                    + "when the queue is full.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TrainingJobResponse> submit(@RequestBody TrainingJobRequest request) {
        if (request.modelType() == null) {
            throw InvalidInputException.forField("modelType", "is required: logistic-regression or linear-regression");
        }
        if ((request.datasetId() == null) == (request.dataset() == null)) {
            throw new InvalidInputException("Give exactly one of 'datasetId' (a stored dataset) or 'dataset' (inline data).",
                    List.of(new InvalidInputException.FieldError("datasetId", "exactly one of datasetId or dataset is required")));
        }
        HyperparametersRequest given = request.hyperparameters() != null ? request.hyperparameters() : HyperparametersRequest.DEFAULTS;
        Hyperparameters hyperparameters = given.resolve(() -> ThreadLocalRandom.current().nextLong(1L << 31));
        TrainingJobRecord job;
        if (request.datasetId() != null) {
            job = runner.submit(request.modelType(), request.datasetId(), hyperparameters, given.initialModelId());
        } else {
            InlineDatasetRequest inline = request.dataset();
            if (inline.features() == null || inline.targets() == null) {
                throw InvalidInputException.forField("dataset", "needs both features (an array of rows) and targets");
            }
            job = runner.submitInline(request.modelType(), inline.name(), inline.featureNames(), inline.features(),
                    inline.targets(), hyperparameters, given.initialModelId());
        }
        return ResponseEntity.accepted().location(URI.create("/api/v1/training-jobs/" + job.id()))
                .body(TrainingJobResponse.of(job));
    }

    @Operation(summary = "List training jobs, newest first")
    @GetMapping
    PageResponse<TrainingJobResponse> list(@RequestParam(defaultValue = "0") int page,
                                           @RequestParam(defaultValue = "" + PageResponse.DEFAULT_SIZE) int size) {
        PageResponse.check(page, size, PageResponse.MAX_SIZE);
        return new PageResponse<>(jobs.page((long) page * size, size).stream().map(TrainingJobResponse::of).toList(),
                page, size, jobs.size());
    }

    @Operation(summary = "Get a training job: status, progress, loss curve, model id or error")
    @GetMapping("/{id}")
    TrainingJobResponse get(@PathVariable String id) {
        TrainingJobRecord record = jobs.record(id);
        return TrainingJobResponse.of(record, jobs.history(id).loss());
    }

    @Operation(summary = "Page through a job's loss per epoch",
            description = "Epochs from 1, oldest first; size from 1 to " + HISTORY_MAX_SIZE + " (default "
                    + HISTORY_DEFAULT_SIZE + "). A running job's history grows while it runs.")
    @GetMapping("/{id}/history")
    PageResponse<LossHistoryResponse> history(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
                                              @RequestParam(defaultValue = "" + HISTORY_DEFAULT_SIZE) int size) {
        PageResponse.check(page, size, HISTORY_MAX_SIZE);
        EpochHistory history = jobs.history(id);
        int from = (int) Math.min((long) page * size, history.epochs());
        int to = Math.min(from + size, history.epochs());
        List<LossHistoryResponse> items = new java.util.ArrayList<>(to - from);
        for (int e = from; e < to; e++) {
            items.add(new LossHistoryResponse(e + 1, history.loss()[e], finite(history.learningRate()[e]),
                    finite(history.validationLoss()[e])));
        }
        return new PageResponse<>(items, page, size, history.epochs());
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    @Operation(summary = "Delete an ended training job",
            description = "Removes the job's record and its history; the model it trained stays. 409 while the job "
                    + "is queued or running: cancel it first.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        jobs.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Cancel a training job",
            description = "A queued job is cancelled at once; a running one stops within one mini-batch and produces no model. 409 when the job has already ended.")
    @PostMapping("/{id}/cancel")
    TrainingJobResponse cancel(@PathVariable String id) {
        return TrainingJobResponse.of(runner.cancel(id));
    }

    @Operation(summary = "Stream a job's events (Server-Sent Events)",
            description = "First a status event with the job's current state (the list view: no loss history), then one "
                    + "progress event {epoch, loss} per epoch, then a status event when the job ends.")
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String id) {
        SseEmitter emitter = new SseEmitter(EVENT_STREAM_TIMEOUT.toMillis());
        JobEventStream stream = new JobEventStream(emitter, eventSender);
        jobs.subscribe(id, stream);
        Runnable unsubscribe = () -> {
            stream.close();
            jobs.unsubscribe(id, stream);
        };
        emitter.onCompletion(unsubscribe);
        emitter.onTimeout(unsubscribe);
        emitter.onError(e -> unsubscribe.run());
        return emitter;
    }
}
