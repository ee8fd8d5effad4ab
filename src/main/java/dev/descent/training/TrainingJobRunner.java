package dev.descent.training;

import dev.descent.dataset.Dataset;
import dev.descent.dataset.DatasetNotFoundException;
import dev.descent.dataset.Datasets;
import dev.descent.engine.CancellationSignal;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.LinearModel;
import dev.descent.engine.ModelType;
import dev.descent.engine.EpochReport;
import dev.descent.engine.ProgressListener;
import dev.descent.engine.Trainer;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingDivergedException;
import dev.descent.engine.TrainingResult;
import dev.descent.engine.TrainingStoppedException;
import dev.descent.model.ModelManifest;
import dev.descent.model.TrainedModel;
import dev.descent.model.TrainedModels;
import dev.descent.storage.StorageLayout;
import dev.descent.system.BusyException;
import dev.descent.system.ConflictException;
import dev.descent.system.InvalidInputException;
import dev.descent.system.PayloadTooLargeException;
import dev.descent.storage.StorageException;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Runs training jobs: at most {@code workers} at once, on the {@code trainingWorkers} threads, and at most
 * {@code queue-capacity} waiting; a submission that does not fit is refused with 429 and leaves nothing behind. Every
 * request is validated before it is queued, so a job fails only for reasons that arise while it runs. A job larger
 * than the memory budget is refused up front (413); one that fits alone but not beside the jobs already running
 * waits in the queue, holding no worker, while jobs behind it that fit may start first — until it has waited
 * {@link #OVERTAKING_LIMIT}, after which no later job starts before it ({@link MemoryBudget}).
 */
@Component
public class TrainingJobRunner {

    static final String CANCELLED = "cancelled by request";
    static final String SHUTDOWN = "The service shut down before the job finished; submit it again.";
    /** How long a job waiting for memory may be overtaken by later, smaller jobs: it must not wait for ever. */
    static final Duration OVERTAKING_LIMIT = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(TrainingJobRunner.class);

    private final TrainingJobs jobs;
    private final Datasets datasets;
    private final TrainedModels models;
    private final Trainer trainer;
    private final TrainingProperties properties;
    private final Clock clock;
    private final TrainingMetrics metrics;
    private final ReleaseInfo release;
    private final ExecutorService workers;
    private final MemoryBudget memory;

    /** Jobs waiting to start, oldest first; guarded by {@code this}, as are the two fields below. */
    private final LinkedHashMap<String, Waiting> waiting = new LinkedHashMap<>();
    private int running;
    private boolean closing;
    private final Set<TrainingJob> active = ConcurrentHashMap.newKeySet();

    /** A queued job and the native memory it will hold. */
    private static final class Waiting {
        final TrainingJob job;
        final long memory;
        boolean toldWaiting;

        Waiting(TrainingJob job, long memory) {
            this.job = job;
            this.memory = memory;
        }
    }

    public TrainingJobRunner(TrainingJobs jobs, Datasets datasets, TrainedModels models, Trainer trainer,
                             TrainingProperties properties, Clock clock, TrainingMetrics metrics, ReleaseInfo release,
                             @Qualifier("trainingWorkers") ExecutorService workers) {
        this.release = release;
        this.jobs = jobs;
        this.datasets = datasets;
        this.models = models;
        this.trainer = trainer;
        this.properties = properties;
        this.clock = clock;
        this.metrics = metrics;
        this.workers = workers;
        long budget = properties.memoryBudget() != null ? properties.memoryBudget().toBytes() : trainer.memoryBudget();
        this.memory = new MemoryBudget(budget);
        log.info("Training memory budget: {} MB ({})", megabytes(budget), properties.memoryBudget() != null
                ? "descent.training.memory-budget" : "derived from the engine's memory limit");
        metrics.bindRunner(this);
    }

    /** Validates, records and queues a job on a stored dataset. */
    public TrainingJobRecord submit(ModelType modelType, String datasetId, Hyperparameters hyperparameters) {
        return submit(modelType, datasetId, hyperparameters, null);
    }

    /**
     * As {@link #submit(ModelType, String, Hyperparameters)}, starting from a stored model's weights when
     * {@code initialModelId} is given: a model of the same type over the same features, in the same order.
     */
    public TrainingJobRecord submit(ModelType modelType, String datasetId, Hyperparameters hyperparameters,
                                    String initialModelId) {
        Dataset dataset = datasets.find(datasetId).orElseThrow(() -> InvalidInputException.forField("datasetId",
                "no dataset with id '" + abbreviate(datasetId) + "' exists; upload it first with POST /api/v1/datasets"));
        validate(modelType, dataset, hyperparameters);
        if (initialModelId != null) {
            validateInitialModel(modelType, dataset, initialModelId);
        }
        TrainingJob job = new TrainingJob(StorageLayout.newId(), modelType, dataset.id(), hyperparameters, initialModelId,
                clock.instant());
        jobs.add(job);
        TrainingJobRecord acknowledged = job.snapshot();
        boolean refused;
        synchronized (this) {
            waiting.put(job.id(), new Waiting(job, memoryNeeded(dataset)));
            if (!closing) {
                dispatch();
            }
            refused = waiting.containsKey(job.id()) && (closing || waiting.size() > properties.queueCapacity());
            if (refused) {
                waiting.remove(job.id());
            }
        }
        if (refused) {
            jobs.discard(job);
            if (closing) {
                throw new BusyException("The service is shutting down and takes no new jobs; retry once it has restarted.",
                        properties.retryAfter().toSeconds());
            }
            throw new BusyException("The training queue is full (" + properties.workers() + " running, "
                    + properties.queueCapacity() + " waiting); retry later, or raise descent.training.queue-capacity.",
                    properties.retryAfter().toSeconds());
        }
        log.info("Queued training job {} ({} on dataset {}, {} rows)", job.id(), modelType.wireName(), dataset.id(), dataset.rows());
        return acknowledged;
    }

    /** Stores the inline data as a dataset and queues a job on it; if the job is refused, the dataset goes too. */
    public TrainingJobRecord submitInline(ModelType modelType, String name, List<String> featureNames,
                                          double[][] features, double[] targets, Hyperparameters hyperparameters,
                                          String initialModelId) {
        Dataset dataset = datasets.createFromArrays(name, featureNames, features, targets, "inline");
        try {
            return submit(modelType, dataset.id(), hyperparameters, initialModelId);
        } catch (RuntimeException e) {
            datasets.delete(dataset.id());
            throw e;
        }
    }

    /** A queued job is cancelled at once; a running one stops within one mini-batch. */
    public TrainingJobRecord cancel(String id) {
        TrainingJob job = jobs.get(id);
        JobStatus status = job.status();
        if (status.isFinal()) {
            throw new ConflictException("Training job " + id + " has already ended (" + status.wireName() + "); there is nothing to cancel.");
        }
        job.requestStop(CANCELLED);
        Waiting removed;
        synchronized (this) {
            removed = waiting.remove(id);
        }
        if (removed != null) {
            job.cancelled(clock.instant());
        }
        return job.snapshot();
    }

    /** Jobs waiting to start. */
    public synchronized int queueDepth() {
        return waiting.size();
    }

    /** Jobs training now. */
    public synchronized int activeCount() {
        return running;
    }

    /** The native memory the running jobs may hold together, in bytes. */
    public long memoryBudget() {
        return memory.total();
    }

    /**
     * Starts waiting jobs, oldest first, while a worker is free: each that fits in memory beside the running jobs
     * starts; one that does not is passed over, unless it has waited past {@link #OVERTAKING_LIMIT}.
     */
    private void dispatch() {
        Instant now = clock.instant();
        Iterator<Waiting> queue = waiting.values().iterator();
        while (running < properties.workers() && queue.hasNext()) {
            Waiting next = queue.next();
            if (!memory.tryReserve(next.memory)) {
                if (!next.toldWaiting) {
                    next.toldWaiting = true;
                    log.info("Training job {} waits for memory: it needs {} KB and running jobs hold {} KB of the {} KB budget",
                            next.job.id(), kilobytes(next.memory), kilobytes(memory.reserved()), kilobytes(memory.total()));
                }
                if (Duration.between(next.job.createdAt(), now).compareTo(OVERTAKING_LIMIT) > 0) {
                    return;
                }
                continue;
            }
            queue.remove();
            running++;
            try {
                workers.execute(() -> run(next));
            } catch (RejectedExecutionException e) {
                running--;
                memory.release(next.memory);
                next.job.fail(SHUTDOWN, clock.instant());
            }
        }
    }

    private void validate(ModelType modelType, Dataset dataset, Hyperparameters hyperparameters) {
        if (hyperparameters.epochs() > properties.maxEpochs()) {
            throw InvalidInputException.forField("hyperparameters.epochs", "must be at most " + properties.maxEpochs()
                    + ", got " + hyperparameters.epochs() + " (the limit is descent.training.max-epochs)");
        }
        long rows = dataset.rows();
        int features = dataset.featureNames().size();
        long needed = memoryNeeded(dataset);
        long budget = memory.total();
        if (needed > budget) {
            throw new PayloadTooLargeException("Training on dataset " + dataset.id() + " (" + rows + " rows × " + features
                    + " features) needs about " + megabytes(needed) + " MB of native memory (the loaded dataset and the "
                    + "job's copy of it), more than the " + megabytes(budget) + " MB budget; train on fewer rows, or raise "
                    + "descent.training.memory-budget and the memory behind it (-Dorg.bytedeco.javacpp.maxphysicalbytes).");
        }
        if (modelType == ModelType.LOGISTIC_REGRESSION) {
            var target = dataset.targetSummary();
            List<Double> others = target.distinctValues().stream().filter(v -> v != 0.0 && v != 1.0).toList();
            if (!others.isEmpty() || target.zeros() + target.ones() != dataset.rows()) {
                throw InvalidInputException.forField("modelType", "logistic-regression needs a target of 0 and 1 only, but '"
                        + dataset.target() + "' holds " + describe(target.distinctValues())
                        + "; recode the target as 0/1 or train linear-regression");
            }
            if (target.zeros() == 0 || target.ones() == 0) {
                throw InvalidInputException.forField("modelType", "logistic-regression needs both classes, but every row of '"
                        + dataset.target() + "' is " + (target.ones() == 0 ? "0" : "1"));
            }
        }
    }

    private void validateInitialModel(ModelType modelType, Dataset dataset, String initialModelId) {
        String field = "hyperparameters.initialModelId";
        TrainedModel initial = models.find(initialModelId).orElseThrow(() -> InvalidInputException.forField(field,
                "no model with id '" + abbreviate(initialModelId) + "' exists"));
        if (initial.modelType() != modelType) {
            throw InvalidInputException.forField(field, "model " + initialModelId + " is a " + initial.modelType().wireName()
                    + "; a warm start continues a model of the same type, here " + modelType.wireName());
        }
        if (!initial.featureNames().equals(dataset.featureNames())) {
            throw InvalidInputException.forField(field, "model " + initialModelId + " has the features "
                    + initial.featureNames() + ", the dataset " + dataset.featureNames()
                    + "; a warm start needs the same features in the same order");
        }
    }

    /** Native memory a job on this dataset holds while it trains: the loaded dataset and the trainer's copy. */
    private long memoryNeeded(Dataset dataset) {
        long rows = dataset.rows();
        int features = dataset.featureNames().size();
        return trainer.memoryNeeded(rows, features) + rows * (features + 1L) * Float.BYTES;
    }

    private void run(Waiting started) {
        TrainingJob job = started.job;
        active.add(job);
        try {
            String stop = job.stopReason();
            if (stop != null) {
                stopped(job, stop);
            } else {
                train(job);
            }
        } finally {
            active.remove(job);
            memory.release(started.memory);
            synchronized (this) {
                running--;
                if (!closing) {
                    dispatch();
                }
            }
            if (jobs.size() > properties.retention().maxCount()) {
                jobs.applyRetention();
            }
        }
    }

    /** Ends a job that was asked to stop: cancelled when a client asked, failed with the reason otherwise. */
    private void stopped(TrainingJob job, String reason) {
        if (CANCELLED.equals(reason)) {
            job.cancelled(clock.instant());
        } else {
            job.fail(reason, clock.instant());
        }
        log.info("Training job {} stopped: {}", job.id(), reason);
    }

    private void train(TrainingJob job) {
        try {
            if (!job.start(clock.instant())) {
                return;
            }
        } catch (StorageException e) {
            job.fail("The job could not be started: " + e.getMessage() + ". Free space in the storage directory and "
                    + "submit it again.", clock.instant());
            return;
        }
        Instant deadline = clock.instant().plus(properties.maxDuration());
        long started = System.nanoTime();
        try (LossHistoryFile history = jobs.openHistory(job)) {
            TrainingData data = datasets.load(job.datasetId());
            Dataset dataset = datasets.get(job.datasetId());
            CancellationSignal signal = () -> {
                String reason = job.stopReason();
                if (reason == null && clock.instant().isAfter(deadline)) {
                    return "The job ran longer than descent.training.max-duration (" + properties.maxDuration()
                            + "); lower epochs, raise tolerance, or raise the limit.";
                }
                return reason;
            };
            String modelType = job.modelType().wireName();
            long[] epochStarted = {System.nanoTime()};
            log.info("Training job {} started: {} on {} rows × {} features, at most {} epochs", job.id(), modelType,
                    data.rows(), data.features(), job.hyperparameters().epochs());
            TrainingResult result;
            try {
                LinearModel initial = job.initialModelId() == null ? null : models.find(job.initialModelId())
                        .orElseThrow(() -> new IllegalArgumentException("The model " + job.initialModelId()
                                + " that the job starts from was deleted before the job could read it."))
                        .linearModel();
                result = trainer.train(job.modelType(), data, job.hyperparameters(), initial, new ProgressListener() {
                    @Override
                    public void epochFinished(int epoch, int epochs, double loss) {
                        epochFinished(new EpochReport(epoch, epochs, loss, Double.NaN, Double.NaN));
                    }

                    @Override
                    public void epochFinished(EpochReport report) {
                        long now = System.nanoTime();
                        metrics.epochFinished(job.modelType(), Duration.ofNanos(now - epochStarted[0]), data.rows());
                        epochStarted[0] = now;
                        history.append(report.loss(), report.learningRate(), report.validationLoss());
                        job.epochFinished(report.loss(), report.learningRate(), report.validationLoss());
                    }
                }, signal);
            } finally {
                history.force();
            }
            TrainedModel model = new TrainedModel(StorageLayout.newId(), job.modelType(), dataset.featureNames(),
                    dataset.target(), toList(result.model().weights()), result.model().bias(), dataset.id(), job.id(),
                    job.hyperparameters(), result.metrics(), result.epochsRun(), result.kernel(), clock.instant(),
                    result.validationMetrics().isEmpty() ? null : result.validationMetrics(), result.bestEpoch(),
                    job.initialModelId(), new ModelManifest(dataset.sha256(), job.hyperparameters().seed(),
                    result.kernel(), trainer.environment(), System.getProperty("java.vendor") + " "
                    + System.getProperty("java.version"), release.version(), release.commit()), result.threshold());
            models.save(model);
            if (!job.succeed(model.id(), clock.instant())) {
                models.deleteQuietly(model.id());
                return;
            }
            log.info("Training job {} succeeded: {} rows, {} epochs, {} ms, final loss {}, model {}", job.id(), data.rows(),
                    result.epochsRun(), (System.nanoTime() - started) / 1_000_000, result.metrics().get("loss"), model.id());
        } catch (TrainingStoppedException e) {
            stopped(job, e.getMessage());
        } catch (TrainingDivergedException | IllegalArgumentException e) {
            job.fail(e.getMessage(), clock.instant());
            log.info("Training job {} failed: {}", job.id(), e.getMessage());
        } catch (DatasetNotFoundException e) {
            job.fail("The dataset " + job.datasetId() + " was deleted before the job could read it.", clock.instant());
        } catch (StorageException e) {
            log.error("Training job {} failed on its storage: {}", job.id(), e.getMessage());
            job.fail("The job could not write to the service's storage (" + e.getMessage() + "); free space in the "
                    + "storage directory and submit it again.", clock.instant());
        } catch (RuntimeException | OutOfMemoryError | LinkageError e) {
            log.error("Training job {} failed unexpectedly", job.id(), e);
            job.fail("The job failed on an internal error (" + e.getClass().getSimpleName()
                    + "); see the service log for job " + job.id() + ".", clock.instant());
        }
    }

    /** Stops taking jobs; running ones get the grace period, then are stopped and marked interrupted. */
    @PreDestroy
    void shutdown() throws InterruptedException {
        List<Waiting> notStarted;
        synchronized (this) {
            closing = true;
            notStarted = new ArrayList<>(waiting.values());
            waiting.clear();
        }
        for (Waiting queued : notStarted) {
            queued.job.fail(SHUTDOWN, clock.instant());
        }
        workers.shutdown();
        if (!workers.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
            active.forEach(job -> job.requestStop(SHUTDOWN));
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static List<Double> toList(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }

    private static String describe(List<Double> values) {
        List<String> shown = values.stream().map(v -> v == Math.rint(v) ? Long.toString(v.longValue()) : v.toString()).toList();
        return values.size() >= 10 ? "values such as " + String.join(", ", shown) : "the values " + String.join(", ", shown);
    }

    private static long kilobytes(long bytes) {
        return (bytes + 1023) >> 10;
    }

    private static long megabytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    private static String abbreviate(String id) {
        return id == null ? "" : id.length() <= 80 ? id : id.substring(0, 80) + "…";
    }
}
