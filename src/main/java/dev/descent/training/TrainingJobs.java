package dev.descent.training;

import dev.descent.model.TrainedModel;
import dev.descent.model.TrainedModels;
import dev.descent.storage.AtomicFiles;
import dev.descent.storage.JsonRecordStore;
import dev.descent.storage.ListOrder;
import dev.descent.storage.RecordFormat;
import dev.descent.storage.StorageException;
import dev.descent.storage.StorageLayout;
import dev.descent.system.ConflictException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The job store: live jobs in memory, each status change written through to {@code <storage>/training-jobs}
 * ({@code <id>.json}, and {@code <id>.history} for the loss per epoch). Jobs that a previous process left queued or
 * running are marked failed when the store opens — or succeeded, when their model had been stored before the
 * process died — and ended jobs beyond the retention setting are removed.
 */
@Component
public class TrainingJobs {

    static final String INTERRUPTED_BY_RESTART =
            "The job was interrupted by a restart of the service before it finished; submit it again.";
    private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);

    /** Lists show jobs newest first: by creation, then id. */
    private static final Comparator<TrainingJob> OLDEST_FIRST =
            Comparator.comparing(TrainingJob::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(TrainingJob::id);

    private final Path directory;
    private final JsonRecordStore<TrainingJobRecord> store;
    private final Map<String, TrainingJob> live = new ConcurrentHashMap<>();
    private final ListOrder<TrainingJob> newestFirst = new ListOrder<>(OLDEST_FIRST);
    private final Clock clock;
    private final TrainingProperties.Retention retention;

    public TrainingJobs(StorageLayout layout, Clock clock, TrainingProperties properties, TrainedModels models) {
        this.clock = clock;
        this.retention = properties.retention();
        this.directory = layout.directory("training-jobs");
        this.store = new JsonRecordStore<>(directory, format(directory), TrainingJobRecord::id);
        List<TrainingJob> restored = new ArrayList<>(store.size());
        for (TrainingJobRecord record : store.all()) {
            TrainingJob job = TrainingJob.restore(record);
            job.persistWith(store::save);
            live.put(job.id(), job);
            restored.add(job);
        }
        newestFirst.addAll(restored);
        Map<String, TrainedModel> modelsByJob = null;
        for (TrainingJob job : restored) {
            JobStatus status = job.status();
            if (status.isFinal()) {
                continue;
            }
            if (modelsByJob == null) {
                modelsByJob = new HashMap<>();
                for (TrainedModel model : models.all()) {
                    modelsByJob.putIfAbsent(model.trainingJobId(), model);
                }
            }
            TrainedModel made = modelsByJob.get(job.id());
            if (made != null) {
                // the process died between storing the model and recording the success: the job did succeed
                log.warn("Training job {} was {} when the service stopped, after its model {} was stored; marking it "
                        + "succeeded", job.id(), status.wireName(), made.id());
                job.succeededBeforeRestart(made.id(), LossHistoryFile.read(historyFile(job.id())).loss(), made.createdAt());
            } else {
                log.warn("Training job {} was {} when the service stopped; marking it failed", job.id(),
                        status.wireName());
                job.fail(INTERRUPTED_BY_RESTART, clock.instant());
            }
        }
        removeOrphanHistories();
        applyRetention();
    }

    /**
     * Version 1 (release 0.1.0) kept {@code lossHistory} inline and had no {@code progress.loss}; version 2 moves
     * the history to its own file, written here once, and the record is then written back as version 2.
     */
    static RecordFormat<TrainingJobRecord> format(Path directory) {
        return RecordFormat.of(TrainingJobRecord.class).then(node -> {
            JsonNode history = node.remove("lossHistory");
            String id = RecordFormat.field(node, "id").map(JsonNode::asString).orElse("");
            if (history != null && history.isArray() && StorageLayout.isValidId(id)) {
                double[] losses = new double[history.size()];
                for (int e = 0; e < losses.length; e++) {
                    losses[e] = history.get(e).asDouble();
                }
                LossHistoryFile.write(directory.resolve(id + LossHistoryFile.SUFFIX), losses);
                if (node.get("progress") instanceof ObjectNode progress && losses.length > 0) {
                    progress.put("loss", losses[losses.length - 1]);
                }
            }
            return node;
        });
    }

    /** Records a new job durably, and every later change of its status; only then may it be acknowledged. */
    void add(TrainingJob job) {
        store.save(job.snapshot());
        job.persistWith(store::save);
        index(job);
    }

    /** Forgets a job that was never acknowledged. */
    void discard(TrainingJob job) {
        unindex(job);
        store.delete(job.id());
        AtomicFiles.deleteQuietly(historyFile(job.id()));
    }

    /** Starts a job's history file; the runner appends to it and forces it before the job's end is recorded. */
    LossHistoryFile openHistory(TrainingJob job) {
        return LossHistoryFile.create(historyFile(job.id()));
    }

    Optional<TrainingJob> find(String id) {
        return StorageLayout.isValidId(id) ? Optional.ofNullable(live.get(id)) : Optional.empty();
    }

    TrainingJob get(String id) {
        return find(id).orElseThrow(() -> new TrainingJobNotFoundException(id));
    }

    public TrainingJobRecord record(String id) {
        return get(id).snapshot();
    }

    /** How many jobs the store holds. */
    public int size() {
        return live.size();
    }

    /** One page of the jobs, newest first, without reading more of the index than the page. */
    public List<TrainingJobRecord> page(long skip, int limit) {
        return newestFirst.page(skip, limit).stream().map(TrainingJob::snapshot).toList();
    }

    public List<TrainingJobRecord> all() {
        return page(0, Integer.MAX_VALUE);
    }

    /** The job's epochs: from memory while it runs, from its history file once it has ended. */
    public EpochHistory history(String id) {
        TrainingJob job = get(id);
        EpochHistory running = job.runningHistory();
        return running != null ? running : LossHistoryFile.read(historyFile(id));
    }

    /**
     * Deletes an ended job's record and history; its model, if any, stays.
     *
     * @throws ConflictException while the job is queued or running
     */
    public void delete(String id) {
        TrainingJob job = get(id);
        synchronized (job) {
            JobStatus status = job.status();
            if (!status.isFinal()) {
                throw new ConflictException("Training job " + id + " is " + status.wireName()
                        + "; cancel it first (POST /api/v1/training-jobs/" + id + "/cancel), then delete it.");
            }
            remove(job);
        }
    }

    /**
     * Removes ended jobs beyond the retention setting: those that ended longer ago than {@code max-age}, and the
     * oldest beyond the newest {@code max-count}. Queued and running jobs are never removed.
     */
    public int applyRetention() {
        List<TrainingJob> ended = new ArrayList<>();
        for (TrainingJob job : live.values()) {
            if (job.status().isFinal()) {
                ended.add(job);
            }
        }
        ended.sort(Comparator.comparing(TrainingJob::finishedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed().thenComparing(TrainingJob::id));
        Instant oldest = retention.maxAge() == null ? null : clock.instant().minus(retention.maxAge());
        int removed = 0;
        for (int i = 0; i < ended.size(); i++) {
            TrainingJob job = ended.get(i);
            boolean tooMany = i >= retention.maxCount();
            boolean tooOld = oldest != null && job.finishedAt() != null && job.finishedAt().isBefore(oldest);
            if (tooMany || tooOld) {
                try {
                    remove(job);
                    removed++;
                } catch (StorageException e) {
                    log.warn("Could not remove training job {} past its retention: {}", job.id(), e.getMessage());
                }
            }
        }
        if (removed > 0) {
            log.info("Removed {} ended training job(s) past the retention (max-count {}, max-age {})", removed,
                    retention.maxCount(), retention.maxAge());
        }
        return removed;
    }

    /** Applies {@code max-age} as time passes; {@code max-count} is applied as jobs end too. */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT10M")
    void applyRetentionPeriodically() {
        applyRetention();
    }

    /** See {@link TrainingJob#subscribe}: the subscriber first gets the job's current state. */
    public TrainingJobRecord subscribe(String id, Consumer<JobEvent> subscriber) {
        return get(id).subscribe(subscriber);
    }

    public void unsubscribe(String id, Consumer<JobEvent> subscriber) {
        find(id).ifPresent(job -> job.unsubscribe(subscriber));
    }

    /** Jobs per status, for metrics. */
    public Map<JobStatus, Long> countByStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        live.values().forEach(job -> counts.merge(job.status(), 1L, Long::sum));
        return counts;
    }

    private void remove(TrainingJob job) {
        // the record first: once it is gone the job is gone, and a history left by a crash is swept at the next start
        store.delete(job.id());
        unindex(job);
        AtomicFiles.deleteQuietly(historyFile(job.id()));
    }

    private void index(TrainingJob job) {
        live.put(job.id(), job);
        newestFirst.add(job);
    }

    private void unindex(TrainingJob job) {
        live.remove(job.id());
        newestFirst.remove(job);
    }

    /**
     * Histories without a record: left by a crash between a job's deletion and its history's. A record that this
     * release could not read (a newer one's) keeps its history: the test is the record's file, not the loaded job.
     */
    private void removeOrphanHistories() {
        Set<String> records = new HashSet<>();
        List<Path> histories = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    records.add(name.substring(0, name.length() - ".json".length()));
                } else if (name.endsWith(LossHistoryFile.SUFFIX)) {
                    histories.add(file);
                }
            });
        } catch (IOException e) {
            throw new StorageException("cannot list " + directory, e);
        }
        for (Path file : histories) {
            String name = file.getFileName().toString();
            if (!records.contains(name.substring(0, name.length() - LossHistoryFile.SUFFIX.length()))) {
                log.info("Deleting {}: the history of a job that no longer exists", name);
                AtomicFiles.deleteQuietly(file);
            }
        }
    }

    private Path historyFile(String id) {
        return directory.resolve(id + LossHistoryFile.SUFFIX);
    }
}
