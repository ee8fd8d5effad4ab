package dev.descent.training;

import dev.descent.engine.Hyperparameters;
import dev.descent.engine.ModelType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training job's live state: QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED (a queued job may also end
 * directly). Every change of status is written before it is made or published, so that what memory, disk and
 * subscribers say never disagrees: a change whose record cannot be written is not made, and a job that cannot record
 * its end ends FAILED with that reason. Changes and progress are made under the job's lock, so that a subscriber that
 * joins late gets a snapshot and then every event after it, none twice and none missed.
 */
final class TrainingJob {

    private static final Logger log = LoggerFactory.getLogger(TrainingJob.class);

    private final String id;
    private final ModelType modelType;
    private final String datasetId;
    private final Hyperparameters hyperparameters;
    private final String initialModelId;
    private final Instant createdAt;
    private final List<Consumer<JobEvent>> subscribers = new CopyOnWriteArrayList<>();

    private JobStatus status;
    private String modelId;
    private String error;
    private Instant startedAt;
    private Instant finishedAt;
    private int epoch;
    private Double loss;
    private Double learningRate;
    private Double validationLoss;
    /** The running job's epochs; null before it runs and once it has ended (then the history file has them). */
    private double[] losses;
    private double[] rates;
    private double[] validationLosses;
    private volatile String stopReason;
    private Consumer<TrainingJobRecord> durable = record -> { };

    TrainingJob(String id, ModelType modelType, String datasetId, Hyperparameters hyperparameters, Instant createdAt) {
        this(id, modelType, datasetId, hyperparameters, null, createdAt);
    }

    /** @param initialModelId the model a warm start continues; null to start afresh */
    TrainingJob(String id, ModelType modelType, String datasetId, Hyperparameters hyperparameters, String initialModelId,
                Instant createdAt) {
        this.id = id;
        this.modelType = modelType;
        this.datasetId = datasetId;
        this.hyperparameters = hyperparameters;
        this.initialModelId = initialModelId;
        this.createdAt = createdAt;
        this.status = JobStatus.QUEUED;
    }

    /** Restores a job from its stored record. */
    static TrainingJob restore(TrainingJobRecord record) {
        TrainingJob job = new TrainingJob(record.id(), record.modelType(), record.datasetId(), record.hyperparameters(),
                record.initialModelId(), record.createdAt());
        job.status = record.status();
        job.modelId = record.modelId();
        job.error = record.error();
        job.startedAt = record.startedAt();
        job.finishedAt = record.finishedAt();
        if (record.progress() != null) {
            job.epoch = record.progress().epoch();
            job.loss = record.progress().loss();
            job.learningRate = record.progress().learningRate();
            job.validationLoss = record.progress().validationLoss();
        }
        return job;
    }

    /**
     * Where each change of status is written before anyone can see it; it throws when it cannot write, and then the
     * change is not made.
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

    String initialModelId() {
        return initialModelId;
    }

    Instant createdAt() {
        return createdAt;
    }

    synchronized JobStatus status() {
        return status;
    }

    synchronized Instant finishedAt() {
        return finishedAt;
    }

    synchronized TrainingJobRecord snapshot() {
        return record(status, modelId, error, startedAt, finishedAt);
    }

    /** The running job's epochs so far; null when it is not running (the history file has them then). */
    synchronized EpochHistory runningHistory() {
        return losses == null ? null
                : new EpochHistory(Arrays.copyOf(losses, epoch), Arrays.copyOf(rates, epoch), Arrays.copyOf(validationLosses, epoch));
    }

    private TrainingJobRecord record(JobStatus status, String modelId, String error, Instant startedAt, Instant finishedAt) {
        return new TrainingJobRecord(id, status, modelType, datasetId, hyperparameters, initialModelId,
                new TrainingJobRecord.Progress(epoch, hyperparameters.epochs(), loss, learningRate,
                        validationLoss), modelId, error, createdAt,
                startedAt, finishedAt);
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

    synchronized void epochFinished(double epochLoss, double epochLearningRate) {
        epochFinished(epochLoss, epochLearningRate, Double.NaN);
    }

    /** @param epochValidationLoss NaN when the job holds no rows out */
    synchronized void epochFinished(double epochLoss, double epochLearningRate, double epochValidationLoss) {
        if (status != JobStatus.RUNNING) {
            return;
        }
        if (epoch == losses.length) {
            int grown = Math.max(16, Math.min(2 * epoch, hyperparameters.epochs()));
            losses = Arrays.copyOf(losses, grown);
            rates = Arrays.copyOf(rates, grown);
            validationLosses = Arrays.copyOf(validationLosses, grown);
        }
        rates[epoch] = epochLearningRate;
        validationLosses[epoch] = epochValidationLoss;
        losses[epoch++] = epochLoss;
        loss = epochLoss;
        learningRate = Double.isFinite(epochLearningRate) ? epochLearningRate : null;
        validationLoss = Double.isFinite(epochValidationLoss) ? epochValidationLoss : null;
        publish(new JobEvent.Progress(epoch, epochLoss, epochLearningRate, epochValidationLoss));
    }

    /**
     * QUEUED → RUNNING, written first.
     *
     * @return false when the job is no longer queued (cancelled while it waited)
     * @throws RuntimeException when the record cannot be written; the job is still queued then
     */
    synchronized boolean start(Instant now) {
        if (status != JobStatus.QUEUED) {
            return false;
        }
        TrainingJobRecord running = record(JobStatus.RUNNING, null, null, now, null);
        durable.accept(running);
        status = JobStatus.RUNNING;
        startedAt = now;
        losses = new double[Math.min(16, hyperparameters.epochs())];
        rates = new double[losses.length];
        validationLosses = new double[losses.length];
        publish(new JobEvent.StatusChanged(running));
        return true;
    }

    /** @return false when the success could not be recorded: the job ended FAILED instead, and its model is not its own */
    synchronized boolean succeed(String modelId, Instant now) {
        return finish(JobStatus.SUCCEEDED, modelId, null, now);
    }

    /**
     * Ends, as succeeded, a job that a previous process left running after it had stored the job's model (it died
     * before the success was recorded); its history file has every epoch, forced before the model was stored.
     */
    synchronized void succeededBeforeRestart(String madeModelId, double[] epochLosses, Instant modelCreatedAt) {
        epoch = epochLosses.length;
        loss = epoch > 0 ? epochLosses[epoch - 1] : null;
        finish(JobStatus.SUCCEEDED, madeModelId, null, modelCreatedAt);
    }

    synchronized void fail(String error, Instant now) {
        finish(JobStatus.FAILED, null, error, now);
    }

    synchronized void cancelled(Instant now) {
        finish(JobStatus.CANCELLED, null, null, now);
    }

    /** Asks a running job to stop at its next mini-batch; the reason says why. */
    void requestStop(String reason) {
        this.stopReason = reason;
    }

    String stopReason() {
        return stopReason;
    }

    /**
     * Ends the job, once: the final record is written, then the job changes and its subscribers get the final event.
     * When that record cannot be written the job ends FAILED with the reason, written if it can be; either way the
     * job has ended in memory, and a record left saying queued or running is marked interrupted at the next start.
     */
    private boolean finish(JobStatus finalStatus, String finalModelId, String finalError, Instant now) {
        if (status.isFinal()) {
            return false;
        }
        TrainingJobRecord ended = record(finalStatus, finalModelId, finalError, startedAt, now);
        boolean recorded = true;
        try {
            durable.accept(ended);
        } catch (RuntimeException e) {
            recorded = false;
            log.error("Training job {} could not record that it {}: {}", id, finalStatus.wireName(), e.getMessage());
            if (finalStatus != JobStatus.FAILED) {
                ended = record(JobStatus.FAILED, null, "The job could not record its result (" + e.getMessage()
                        + "); free space in the storage directory and submit it again.", startedAt, now);
                try {
                    durable.accept(ended);
                } catch (RuntimeException again) {
                    log.error("Training job {} could not record its failure either: {}", id, again.getMessage());
                }
            }
        }
        status = ended.status();
        modelId = ended.modelId();
        error = ended.error();
        finishedAt = now;
        losses = null;
        rates = null;
        validationLosses = null;
        publish(new JobEvent.StatusChanged(ended));
        subscribers.clear();
        return recorded;
    }

    private void publish(JobEvent event) {
        for (Consumer<JobEvent> subscriber : subscribers) {
            subscriber.accept(event);
        }
    }
}
