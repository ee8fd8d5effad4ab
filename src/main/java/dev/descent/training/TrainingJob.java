package dev.descent.training;

import dev.descent.engine.Hyperparameters;
import dev.descent.engine.ModelType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One training job's live state. Status changes and progress are made under the job's lock, so that a
 * subscriber that joins late gets a snapshot and then every event after it, none twice and none missed.
 */
final class TrainingJob {

    private final String id;
    private final ModelType modelType;
    private final String datasetId;
    private final Hyperparameters hyperparameters;
    private final Instant createdAt;
    private final List<Double> lossHistory = new ArrayList<>();
    private final List<Consumer<JobEvent>> subscribers = new CopyOnWriteArrayList<>();

    private JobStatus status;
    private String modelId;
    private String error;
    private Instant startedAt;
    private Instant finishedAt;
    private volatile String stopReason;
    private Consumer<TrainingJobRecord> durable = record -> { };

    TrainingJob(String id, ModelType modelType, String datasetId, Hyperparameters hyperparameters, Instant createdAt) {
        this.id = id;
        this.modelType = modelType;
        this.datasetId = datasetId;
        this.hyperparameters = hyperparameters;
        this.createdAt = createdAt;
        this.status = JobStatus.QUEUED;
    }

    /** Restores a job from its stored record. */
    static TrainingJob restore(TrainingJobRecord record) {
        TrainingJob job = new TrainingJob(record.id(), record.modelType(), record.datasetId(), record.hyperparameters(),
                record.createdAt());
        job.status = record.status();
        job.lossHistory.addAll(record.lossHistory());
        job.modelId = record.modelId();
        job.error = record.error();
        job.startedAt = record.startedAt();
        job.finishedAt = record.finishedAt();
        return job;
    }

    /**
     * Where each change of status is written before anyone can see it: a client that saw a status never sees an
     * older one after a crash.
     */
    synchronized void persistWith(Consumer<TrainingJobRecord> store) {
        this.durable = store;
    }

    String id() {
        return id;
    }

    ModelType modelType() {
        return modelType;
    }

    String datasetId() {
        return datasetId;
    }

    Hyperparameters hyperparameters() {
        return hyperparameters;
    }

    synchronized JobStatus status() {
        return status;
    }

    synchronized TrainingJobRecord snapshot() {
        return new TrainingJobRecord(id, status, modelType, datasetId, hyperparameters,
                new TrainingJobRecord.Progress(lossHistory.size(), hyperparameters.epochs()), lossHistory, modelId,
                error, createdAt, startedAt, finishedAt);
    }

    /**
     * Registers a subscriber. Its first event is the job's current state; later events follow in order, none
     * missed and none twice. A job that has ended gets no further events.
     */
    synchronized TrainingJobRecord subscribe(Consumer<JobEvent> subscriber) {
        TrainingJobRecord current = snapshot();
        subscriber.accept(new JobEvent.StatusChanged(current));
        if (!status.isFinal()) {
            subscribers.add(subscriber);
        }
        return current;
    }

    void unsubscribe(Consumer<JobEvent> subscriber) {
        subscribers.remove(subscriber);
    }

    synchronized void epochFinished(double loss) {
        lossHistory.add(loss);
        publish(new JobEvent.Progress(lossHistory.size(), loss));
    }

    /** False when the job was cancelled while it waited. */
    synchronized boolean start(Instant now) {
        if (status != JobStatus.QUEUED) {
            return false;
        }
        status = JobStatus.RUNNING;
        startedAt = now;
        TrainingJobRecord record = snapshot();
        durable.accept(record);
        publish(new JobEvent.StatusChanged(record));
        return true;
    }

    synchronized void succeed(String modelId, Instant now) {
        this.modelId = modelId;
        finish(JobStatus.SUCCEEDED, null, now);
    }

    synchronized void fail(String error, Instant now) {
        finish(JobStatus.FAILED, error, now);
    }

    synchronized void cancelled(Instant now) {
        finish(JobStatus.CANCELLED, null, now);
    }

    /** Asks a running job to stop at its next mini-batch; the reason says why. */
    void requestStop(String reason) {
        this.stopReason = reason;
    }

    String stopReason() {
        return stopReason;
    }

    private void finish(JobStatus finalStatus, String error, Instant now) {
        if (status.isFinal()) {
            return;
        }
        this.status = finalStatus;
        this.error = error;
        this.finishedAt = now;
        TrainingJobRecord record = snapshot();
        durable.accept(record);
        publish(new JobEvent.StatusChanged(record));
        subscribers.clear();
    }

    private void publish(JobEvent event) {
        for (Consumer<JobEvent> subscriber : subscribers) {
            subscriber.accept(event);
        }
    }
}
