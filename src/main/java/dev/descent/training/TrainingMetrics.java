package dev.descent.training;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The training meters: jobs by status, queue depth, running jobs, epoch duration and rows per second,
 * each tagged with the model type where it has one.
 */
@Component
class TrainingMetrics {

    private final MeterRegistry registry;

    TrainingMetrics(MeterRegistry registry, TrainingJobs jobs) {
        this.registry = registry;
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("descent.training.jobs", jobs, j -> j.countByStatus().get(status))
                    .description("Training jobs by status").tag("status", status.wireName()).register(registry);
        }
    }

    /** Called once by the runner, which owns the executor. */
    void bindExecutor(TrainingJobRunner runner) {
        Gauge.builder("descent.training.queue.depth", runner, TrainingJobRunner::queueDepth)
                .description("Jobs waiting for a worker").register(registry);
        Gauge.builder("descent.training.active", runner, TrainingJobRunner::activeCount)
                .description("Jobs training now").register(registry);
    }

    void epochFinished(String modelType, Duration elapsed, long rows) {
        Timer.builder("descent.training.epoch.duration").description("Wall time of one epoch")
                .tag("model.type", modelType).register(registry).record(elapsed);
        if (!elapsed.isZero()) {
            DistributionSummary.builder("descent.training.rows.per.second").description("Rows processed per second in an epoch")
                    .tag("model.type", modelType).register(registry)
                    .record(rows * 1e9 / elapsed.toNanos());
        }
    }
}
