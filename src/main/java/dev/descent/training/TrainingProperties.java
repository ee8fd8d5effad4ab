package dev.descent.training;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How training jobs run.
 *
 * @param workers        jobs that train at once; each uses one core (one OpenMP thread)
 * @param queueCapacity  jobs that may wait for a worker; beyond that a submission is answered 429
 * @param maxEpochs      the largest {@code epochs} a request may ask for
 * @param maxDuration    a job still training after this long ends {@code failed}
 * @param shutdownGrace  on shutdown, how long running jobs may take to finish before they are marked interrupted
 * @param retryAfter     the Retry-After a 429 suggests
 * @param memoryBudget   native memory one job may need (its copy of the data and the loaded dataset) before it is
 *                       refused up front; unset, the engine's own limit (JavaCPP's maxphysicalbytes less the heap)
 * @param niceness       the Linux nice value of the training threads (0–19): above 0, requests are served first
 *                       when the cores are busy and training takes every idle cycle; 0 shares the cores equally
 * @param retention      how many ended jobs are kept, and for how long
 */
@Validated
@ConfigurationProperties("descent.training")
public record TrainingProperties(
        @DefaultValue("2") @Min(1) @Max(256) int workers,
        @DefaultValue("32") @Min(0) int queueCapacity,
        @DefaultValue("100000") @Min(1) int maxEpochs,
        @DefaultValue("1h") Duration maxDuration,
        @DefaultValue("30s") Duration shutdownGrace,
        @DefaultValue("5s") Duration retryAfter,
        DataSize memoryBudget,
        @DefaultValue("10") @Min(0) @Max(19) int niceness,
        @DefaultValue @Valid Retention retention) {

    /**
     * Ended jobs (their records and loss histories; their models stay) are removed past either bound. Queued and
     * running jobs are never removed.
     *
     * @param maxCount the most ended jobs kept, the most recently ended first
     * @param maxAge   how long an ended job is kept after it ended; unset, no age limit
     */
    public record Retention(@DefaultValue("10000") @Min(0) int maxCount, Duration maxAge) {
    }
}
