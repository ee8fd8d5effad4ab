package dev.descent.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.engine.Hyperparameters;
import dev.descent.engine.ModelType;
import dev.descent.model.TrainedModel;
import dev.descent.model.TrainedModels;
import dev.descent.storage.StorageLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job store across a crash: what a process left half done is ended in the state the disk proves. */
class TrainingJobsTests {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @TempDir
    Path storage;

    private final Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
    private final TrainingProperties properties = new TrainingProperties(2, 8, 1000, Duration.ofHours(1),
            Duration.ofSeconds(1), Duration.ofSeconds(5), null, 0, new TrainingProperties.Retention(10_000, null));

    private TrainingJobs open() {
        StorageLayout layout = new StorageLayout(storage);
        return new TrainingJobs(layout, clock, properties, new TrainedModels(layout));
    }

    /** A job that ran two epochs, as a runner leaves it just before it records the end. */
    private TrainingJob running(TrainingJobs jobs, String id) {
        TrainingJob job = new TrainingJob(id, ModelType.LINEAR_REGRESSION, "data-1",
                Hyperparameters.defaults(1).withEpochs(2), T0);
        jobs.add(job);
        job.start(T0.plusSeconds(1));
        try (LossHistoryFile history = jobs.openHistory(job)) {
            history.append(0.5, 0.01, Double.NaN);
            job.epochFinished(0.5, 0.01);
            history.append(0.25, 0.01, Double.NaN);
            job.epochFinished(0.25, 0.01);
            history.force();
        }
        return job;
    }

    @Test
    void aJobWhoseModelWasStoredBeforeTheCrashIsMarkedSucceededWithIt() {
        TrainingJobs first = open();
        running(first, "job-with-model");
        TrainedModel model = new TrainedModel("model-1", ModelType.LINEAR_REGRESSION, List.of("x"), "y", List.of(2.0), 1.0,
                "data-1", "job-with-model", Hyperparameters.defaults(1).withEpochs(2), Map.of("loss", 0.25), 2,
                "openblas-sgemv+rows", T0.plusSeconds(2), null, 2, null, null, null);
        new TrainedModels(new StorageLayout(storage)).save(model);
        // the process dies here: the job's record still says running

        TrainingJobRecord after = open().record("job-with-model");

        assertThat(after.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(after.modelId()).isEqualTo("model-1");
        assertThat(after.error()).isNull();
        // the history has every epoch's loss; the last learning rate died with the process
        assertThat(after.progress()).isEqualTo(new TrainingJobRecord.Progress(2, 2, 0.25, null));
        assertThat(after.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(after.finishedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(open().record("job-with-model").status()).as("and it was written so").isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aJobWithoutAModelIsMarkedFailedAsInterrupted() {
        TrainingJobs first = open();
        running(first, "job-without-model");

        TrainingJobRecord after = open().record("job-without-model");

        assertThat(after.status()).isEqualTo(JobStatus.FAILED);
        assertThat(after.error()).isEqualTo(TrainingJobs.INTERRUPTED_BY_RESTART);
        assertThat(after.modelId()).isNull();
        assertThat(after.finishedAt()).isEqualTo(clock.instant());
    }

    @Test
    void aHistoryWithoutItsRecordIsSweptAndOneWithItsRecordKept() throws Exception {
        TrainingJobs first = open();
        running(first, "kept");
        Path orphan = storage.resolve("training-jobs").resolve("gone.history");
        Files.copy(storage.resolve("training-jobs").resolve("kept.history"), orphan);

        TrainingJobs reopened = open();

        assertThat(orphan).doesNotExist();
        assertThat(reopened.history("kept").loss()).containsExactly(0.5, 0.25);
    }
}
