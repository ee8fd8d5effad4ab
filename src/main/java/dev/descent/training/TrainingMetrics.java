package dev.descent.training;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.descent.engine.ModelType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The training meters: jobs by status, queue depth, running jobs, epoch duration and rows per second,
 * each tagged with the model type where it has one.
 */
@Component
class TrainingMetrics {

    private final MeterRegistry registry;
    private final Map<ModelType, Timer> epochDuration = new EnumMap<>(ModelType.class);
    private final Map<ModelType, DistributionSummary> rowsPerSecond = new EnumMap<>(ModelType.class);

    TrainingMetrics(MeterRegistry registry, TrainingJobs jobs) {
        this.registry = registry;
        // made once: epochs can finish thousands of times a second, and a registry lookup per epoch is wasted work
        for (ModelType type : ModelType.values()) {
            epochDuration.put(type, Timer.builder("descent.training.epoch.duration").description("Wall time of one epoch")
                    .tag("model.type", type.wireName()).register(registry));
            rowsPerSecond.put(type, DistributionSummary.builder("descent.training.rows.per.second")
                    .description("Rows processed per second in an epoch").tag("model.type", type.wireName()).register(registry));
        }
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("descent.training.jobs", jobs, j -> j.countByStatus().get(status))
                    .description("Training jobs by status").tag("status", status.wireName()).register(registry);
        }
    }

    /** Called once by the runner, which owns the queue. */
    void bindRunner(TrainingJobRunner runner) {
        Gauge.builder("descent.training.queue.depth", runner, TrainingJobRunner::queueDepth)
                .description("Jobs waiting for a worker").register(registry);
        Gauge.builder("descent.training.active", runner, TrainingJobRunner::activeCount)
                .description("Jobs training now").register(registry);
        Gauge.builder("descent.training.memory.budget", runner, TrainingJobRunner::memoryBudget)
                .description("Native memory the running jobs may hold together").baseUnit("bytes").register(registry);
    }

    void epochFinished(ModelType modelType, Duration elapsed, long rows) {
        epochDuration.get(modelType).record(elapsed);
        if (!elapsed.isZero()) {
            rowsPerSecond.get(modelType).record(rows * 1e9 / elapsed.toNanos());
        }
    }
}
