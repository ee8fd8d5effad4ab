package dev.descent.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.engine.Hyperparameters;
import dev.descent.engine.ModelType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The job's state machine on its own: every change written before it is made or published. */
class TrainingJobTests {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    /** A store that keeps what it was given and fails while told to. */
    private static final class Store implements Consumer<TrainingJobRecord> {
        final List<TrainingJobRecord> written = new ArrayList<>();
        int failures;

        @Override
        public void accept(TrainingJobRecord record) {
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("No space left on device");
            }
            written.add(record);
        }
    }

    private static TrainingJob job(Store store) {
        TrainingJob job = new TrainingJob("job-1", ModelType.LOGISTIC_REGRESSION, "data-1", Hyperparameters.defaults(1)
                .withEpochs(3), T0);
        job.persistWith(store);
        return job;
    }

    private static List<JobEvent> subscribe(TrainingJob job) {
        List<JobEvent> events = new ArrayList<>();
        job.subscribe(events::add);
        return events;
    }

    @Test
    void aJobRunsThroughItsStatesWritingEachBeforeItIsSeen() {
        Store store = new Store();
        TrainingJob job = job(store);
        List<JobEvent> events = subscribe(job);

        assertThat(job.start(T0.plusSeconds(1))).isTrue();
        job.epochFinished(0.5, 0.1);
        job.epochFinished(0.25, 0.05);
        assertThat(job.runningHistory().loss()).containsExactly(0.5, 0.25);
        assertThat(job.runningHistory().learningRate()).containsExactly(0.1, 0.05);
        assertThat(job.succeed("model-1", T0.plusSeconds(2))).isTrue();

        assertThat(store.written).extracting(TrainingJobRecord::status).containsExactly(JobStatus.RUNNING, JobStatus.SUCCEEDED);
        TrainingJobRecord last = store.written.get(1);
        assertThat(last.progress()).isEqualTo(new TrainingJobRecord.Progress(2, 3, 0.25, 0.05));
        assertThat(last.modelId()).isEqualTo("model-1");
        assertThat(last.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(last.finishedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(events).hasSize(5);
        assertThat(events.get(0)).isEqualTo(new JobEvent.StatusChanged(job(new Store()).snapshot()));
        assertThat(events.get(2)).isEqualTo(new JobEvent.Progress(1, 0.5, 0.1));
        assertThat(events.get(4)).isEqualTo(new JobEvent.StatusChanged(last));
        assertThat(job.runningHistory()).as("an ended job's history is in its file").isNull();
    }

    @Test
    void aStartThatCannotBeWrittenLeavesTheJobQueuedAndTellsNobody() {
        Store store = new Store();
        TrainingJob job = job(store);
        List<JobEvent> events = subscribe(job);
        store.failures = 1;

        assertThatThrownBy(() -> job.start(T0)).hasMessageContaining("No space left");

        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.snapshot().startedAt()).isNull();
        assertThat(events).as("only the subscription's snapshot").hasSize(1);
        assertThat(store.written).isEmpty();
    }

    @Test
    void anEndThatCannotBeWrittenEndsTheJobFailedAndItsSubscribersHearIt() {
        Store store = new Store();
        TrainingJob job = job(store);
        job.start(T0);
        List<JobEvent> events = subscribe(job);
        store.failures = 1;

        assertThat(job.succeed("model-1", T0.plusSeconds(1))).as("the success was not recorded").isFalse();

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.snapshot().modelId()).isNull();
        assertThat(job.snapshot().error()).contains("could not record its result", "No space left on device");
        assertThat(store.written).extracting(TrainingJobRecord::status)
                .as("the failure, written once the disk took it").containsExactly(JobStatus.RUNNING, JobStatus.FAILED);
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(JobEvent.StatusChanged.class,
                changed -> assertThat(changed.job().status()).isEqualTo(JobStatus.FAILED));
    }

    @Test
    void whenNothingCanBeWrittenTheJobStillEndsInMemoryAndTellsItsSubscribers() {
        Store store = new Store();
        TrainingJob job = job(store);
        job.start(T0);
        List<JobEvent> events = subscribe(job);
        store.failures = 2;

        job.cancelled(T0.plusSeconds(1));

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(store.written).extracting(TrainingJobRecord::status).containsExactly(JobStatus.RUNNING);
        assertThat(events).last().isInstanceOfSatisfying(JobEvent.StatusChanged.class,
                changed -> assertThat(changed.job().status()).isEqualTo(JobStatus.FAILED));
        job.fail("again", T0.plusSeconds(2));
        assertThat(job.snapshot().error()).as("a job ends once").contains("could not record its result");
    }

    @Test
    void aFailureThatCannotBeWrittenKeepsItsOwnReason() {
        Store store = new Store();
        TrainingJob job = job(store);
        store.failures = 1;

        job.fail("The job could not be started: disk full.", T0);

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.snapshot().error()).isEqualTo("The job could not be started: disk full.");
        assertThat(store.written).isEmpty();
    }

    @Test
    void aCancelledQueuedJobNeverStarts() {
        Store store = new Store();
        TrainingJob job = job(store);
        job.cancelled(T0);
        assertThat(job.start(T0.plusSeconds(1))).isFalse();
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(store.written).extracting(TrainingJobRecord::status).containsExactly(JobStatus.CANCELLED);
    }
}
