package dev.descent.training;

import dev.descent.storage.JsonRecordStore;
import dev.descent.storage.StorageLayout;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job store: live jobs in memory, each status change written through to {@code <storage>/training-jobs}.
 * Jobs that a previous process left queued or running are marked failed when the store opens.
 */
@Component
public class TrainingJobs {

    static final String INTERRUPTED_BY_RESTART =
            "The job was interrupted by a restart of the service before it finished; submit it again.";
    private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);
    private static final Comparator<TrainingJobRecord> NEWEST_FIRST =
            Comparator.comparing(TrainingJobRecord::createdAt).reversed().thenComparing(TrainingJobRecord::id);

    private final JsonRecordStore<TrainingJobRecord> store;
    private final Map<String, TrainingJob> live = new ConcurrentHashMap<>();
    private final Clock clock;

    public TrainingJobs(StorageLayout layout, JsonMapper json, Clock clock) {
        this.clock = clock;
        this.store = new JsonRecordStore<>(layout.directory("training-jobs"), TrainingJobRecord.class,
                TrainingJobRecord::id, json);
        for (TrainingJobRecord record : store.all(NEWEST_FIRST)) {
            TrainingJob job = TrainingJob.restore(record);
            job.persistWith(store::save);
            if (!record.status().isFinal()) {
                log.warn("Training job {} was {} when the service stopped; marking it failed", record.id(),
                        record.status().wireName());
                job.fail(INTERRUPTED_BY_RESTART, clock.instant());
            }
            live.put(job.id(), job);
        }
    }

    /** Records a new job durably, and every later change of its status; only then may it be acknowledged. */
    void add(TrainingJob job) {
        store.save(job.snapshot());
        job.persistWith(store::save);
        live.put(job.id(), job);
    }

    /** Forgets a job that was never acknowledged. */
    void discard(TrainingJob job) {
        live.remove(job.id());
        store.delete(job.id());
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

    public List<TrainingJobRecord> all() {
        return live.values().stream().map(TrainingJob::snapshot).sorted(NEWEST_FIRST).toList();
    }

    /** See {@link TrainingJob#subscribe}: the subscriber first gets the job's current state. */
    public TrainingJobRecord subscribe(String id, java.util.function.Consumer<JobEvent> subscriber) {
        return get(id).subscribe(subscriber);
    }

    public void unsubscribe(String id, java.util.function.Consumer<JobEvent> subscriber) {
        find(id).ifPresent(job -> job.unsubscribe(subscriber));
    }

    /** Jobs per status, for metrics. */
    public Map<JobStatus, Long> countByStatus() {
        Map<JobStatus, Long> counts = new java.util.EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        live.values().forEach(job -> counts.merge(job.status(), 1L, Long::sum));
        return counts;
    }
}
