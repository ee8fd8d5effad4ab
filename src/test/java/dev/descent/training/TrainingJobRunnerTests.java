package dev.descent.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.dataset.ColumnSummary;
import dev.descent.dataset.Dataset;
import dev.descent.dataset.DatasetNotFoundException;
import dev.descent.dataset.Datasets;
import dev.descent.dataset.TargetSummary;
import dev.descent.engine.CancellationSignal;
import dev.descent.engine.Hyperparameters;
import dev.descent.engine.LinearModel;
import dev.descent.engine.ModelType;
import dev.descent.engine.ProgressListener;
import dev.descent.engine.Trainer;
import dev.descent.engine.TrainingData;
import dev.descent.engine.TrainingResult;
import dev.descent.engine.TrainingStoppedException;
import dev.descent.model.TrainedModels;
import dev.descent.storage.StorageLayout;
import dev.descent.system.BusyException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The runner with a trainer that runs each job exactly as long as the test says: admission, the queue, the memory
 * budget's waits (in the queue, never on a worker), cancellation and shutdown — no ND4J, no sleeps.
 */
class TrainingJobRunnerTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path storage;

    private final FakeDatasets datasets = new FakeDatasets();
    private final GatedTrainer trainer = new GatedTrainer();
    private final MutableClock clock = new MutableClock();
    private ExecutorService workers;
    private TrainingJobRunner runner;
    private TrainingJobs jobs;

    @AfterEach
    void stop() throws InterruptedException {
        trainer.releaseAll();
        if (runner != null) {
            runner.shutdown();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private void start(int workerCount, int queueCapacity, long memoryBudgetBytes, Duration shutdownGrace) {
        TrainingProperties properties = new TrainingProperties(workerCount, queueCapacity, 100_000, Duration.ofHours(1),
                shutdownGrace, Duration.ofSeconds(5), DataSize.ofBytes(memoryBudgetBytes), 0,
                new TrainingProperties.Retention(10_000, null));
        StorageLayout layout = new StorageLayout(storage);
        TrainedModels models = new TrainedModels(layout);
        jobs = new TrainingJobs(layout, clock, properties, models);
        TrainingMetrics metrics = new TrainingMetrics(new SimpleMeterRegistry(), jobs);
        workers = new TrainingExecutors().trainingWorkers(properties);
        runner = new TrainingJobRunner(jobs, datasets, models, trainer, properties, clock, metrics,
                new ReleaseInfo("test", "none"), workers);
    }

    /** A job on a dataset of this many rows of one feature: it needs rows × 16 bytes of the budget. */
    private TrainingJobRecord submit(int rows, long seed) {
        return runner.submit(ModelType.LINEAR_REGRESSION, datasets.of(rows), Hyperparameters.defaults(seed).withEpochs(2));
    }

    private JobStatus status(TrainingJobRecord job) {
        return jobs.record(job.id()).status();
    }

    private TrainingJobRecord awaitEnd(TrainingJobRecord job) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!status(job).isFinal()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + job.id() + " did not end: " + jobs.record(job.id()));
            }
            Thread.onSpinWait();
            Thread.sleep(1);
        }
        return jobs.record(job.id());
    }

    @Test
    void jobsWaitingForMemoryHoldNoWorkerSoASmallJobStartsBesideThem() throws Exception {
        start(2, 8, 1000, Duration.ofSeconds(5));
        TrainingJobRecord bigA = submit(40, 1);   // 640 B of the 1000
        trainer.awaitStarted(1);
        TrainingJobRecord bigB = submit(40, 2);
        TrainingJobRecord bigC = submit(40, 3);
        TrainingJobRecord small = submit(10, 4);  // 160 B: fits beside A

        trainer.awaitStarted(4);
        assertThat(status(small)).isEqualTo(JobStatus.RUNNING);
        assertThat(status(bigB)).isEqualTo(JobStatus.QUEUED);
        assertThat(status(bigC)).isEqualTo(JobStatus.QUEUED);
        assertThat(runner.activeCount()).isEqualTo(2);
        assertThat(runner.queueDepth()).isEqualTo(2);

        trainer.release(4);
        assertThat(awaitEnd(small).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(status(bigB)).as("still no room beside A").isEqualTo(JobStatus.QUEUED);
        trainer.release(1);
        trainer.awaitStarted(2);
        assertThat(status(bigC)).isEqualTo(JobStatus.QUEUED);
        trainer.release(2);
        trainer.awaitStarted(3);
        trainer.release(3);
        assertThat(awaitEnd(bigC).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(trainer.startOrder).containsExactly(1L, 4L, 2L, 3L);
    }

    @Test
    void aJobThatHasWaitedPastTheLimitIsNoLongerOvertaken() throws Exception {
        start(2, 8, 1000, Duration.ofSeconds(5));
        submit(40, 1);
        trainer.awaitStarted(1);
        TrainingJobRecord big = submit(40, 2);
        clock.advance(TrainingJobRunner.OVERTAKING_LIMIT.plusSeconds(1));
        TrainingJobRecord small = submit(10, 3);

        assertThat(status(small)).as("a worker is free and memory fits, but the older job goes first").isEqualTo(JobStatus.QUEUED);
        assertThat(runner.activeCount()).isEqualTo(1);

        trainer.release(1);
        // both are handed a worker as A ends, the older first; their threads then race to start
        trainer.awaitStarted(2);
        trainer.awaitStarted(3);
        assertThat(trainer.startOrder).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(status(big)).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void aFullQueueRefusesWith429AndKeepsNothingOfTheRefusedJob() throws Exception {
        start(1, 1, 1 << 20, Duration.ofSeconds(5));
        submit(10, 1);
        trainer.awaitStarted(1);
        TrainingJobRecord waiting = submit(10, 2);

        assertThatThrownBy(() -> submit(10, 3)).isInstanceOf(BusyException.class).hasMessageContaining("queue is full");

        assertThat(jobs.size()).isEqualTo(2);
        assertThat(storage.resolve("training-jobs").toFile().list()).containsExactlyInAnyOrder(
                jobs.all().stream().flatMap(j -> j.status() == JobStatus.RUNNING
                        ? java.util.stream.Stream.of(j.id() + ".json", j.id() + ".history")
                        : java.util.stream.Stream.of(j.id() + ".json")).toArray(String[]::new));
        assertThat(status(waiting)).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void aJobWaitingForMemoryIsCancelledAtOnceAndNeverTrains() throws Exception {
        start(2, 8, 1000, Duration.ofSeconds(5));
        TrainingJobRecord running = submit(40, 1);
        trainer.awaitStarted(1);
        TrainingJobRecord waiting = submit(40, 2);

        TrainingJobRecord answer = runner.cancel(waiting.id());

        assertThat(answer.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(runner.queueDepth()).isZero();
        trainer.release(1);
        assertThat(awaitEnd(running).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(trainer.startOrder).containsExactly(1L);
    }

    @Test
    void cancellingARunningJobStopsItCancelledWithNoModel() throws Exception {
        start(1, 8, 1 << 20, Duration.ofSeconds(5));
        TrainingJobRecord job = submit(10, 1);
        trainer.awaitStarted(1);

        runner.cancel(job.id());

        TrainingJobRecord ended = awaitEnd(job);
        assertThat(ended.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(ended.modelId()).isNull();
    }

    @Test
    void aSucceededJobKeepsItsLossesInItsHistoryFile() throws Exception {
        start(1, 8, 1 << 20, Duration.ofSeconds(5));
        TrainingJobRecord job = submit(10, 1);
        trainer.awaitStarted(1);
        trainer.release(1);

        TrainingJobRecord ended = awaitEnd(job);

        assertThat(ended.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(ended.progress()).isEqualTo(new TrainingJobRecord.Progress(2, 2, 0.25));
        assertThat(jobs.history(job.id()).loss()).containsExactly(0.5, 0.25);
        assertThat(LossHistoryFile.read(storage.resolve("training-jobs").resolve(job.id() + ".history")).loss())
                .containsExactly(0.5, 0.25);
    }

    @Test
    void shutdownFailsQueuedJobsAndStopsRunningOnesAfterTheGrace() throws Exception {
        start(1, 8, 1 << 20, Duration.ofMillis(50));
        TrainingJobRecord running = submit(10, 1);
        trainer.awaitStarted(1);
        TrainingJobRecord queued = submit(10, 2);

        runner.shutdown();

        assertThat(jobs.record(queued.id()).status()).isEqualTo(JobStatus.FAILED);
        assertThat(jobs.record(queued.id()).error()).isEqualTo(TrainingJobRunner.SHUTDOWN);
        assertThat(jobs.record(running.id()).status()).isEqualTo(JobStatus.FAILED);
        assertThat(jobs.record(running.id()).error()).isEqualTo(TrainingJobRunner.SHUTDOWN);
        assertThat(trainer.startOrder).containsExactly(1L);
        assertThatThrownBy(() -> submit(10, 3)).isInstanceOf(BusyException.class);
        runner = null;
    }

    // ---- fakes ----

    /** Each run waits, stoppable, until the test releases it by its seed, then reports two epochs. */
    private static final class GatedTrainer implements Trainer {
        final Map<Long, CountDownLatch> started = new ConcurrentHashMap<>();
        final Map<Long, CountDownLatch> released = new ConcurrentHashMap<>();
        final List<Long> startOrder = java.util.Collections.synchronizedList(new ArrayList<>());

        private CountDownLatch latch(Map<Long, CountDownLatch> latches, long seed) {
            return latches.computeIfAbsent(seed, s -> new CountDownLatch(1));
        }

        void awaitStarted(long seed) throws InterruptedException {
            assertThat(latch(started, seed).await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("job with seed %d started", seed).isTrue();
        }

        void release(long seed) {
            latch(released, seed).countDown();
        }

        void releaseAll() {
            released.values().forEach(CountDownLatch::countDown);
        }

        @Override
        public TrainingResult train(ModelType type, TrainingData data, Hyperparameters hyperparameters,
                                    ProgressListener listener, CancellationSignal cancellation) {
            long seed = hyperparameters.seed();
            startOrder.add(seed);
            latch(started, seed).countDown();
            try {
                while (!latch(released, seed).await(2, TimeUnit.MILLISECONDS)) {
                    String reason = cancellation.stopReason();
                    if (reason != null) {
                        throw new TrainingStoppedException(reason);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrainingStoppedException("interrupted");
            }
            listener.epochFinished(1, 2, 0.5);
            listener.epochFinished(2, 2, 0.25);
            return new TrainingResult(new LinearModel(type, new double[data.features()], 0), List.of(0.5, 0.25), false,
                    Map.of("loss", 0.25), "gated");
        }
    }

    /** Datasets of one feature that exist only in memory: enough for the runner's checks and loads. */
    private static final class FakeDatasets implements Datasets {
        private final Map<String, Dataset> datasets = new ConcurrentHashMap<>();

        String of(int rows) {
            String id = StorageLayout.newId();
            datasets.put(id, new Dataset(id, "fake", rows, List.of("x"), "y", Instant.EPOCH,
                    List.of(new ColumnSummary("x", 0, 1, 0.5, 0.5)),
                    new TargetSummary("y", 0, 1, 0.5, 0.5, 0, 1, List.of(0.0, 1.0), false), rows * 8L, "0", "inline"));
            return id;
        }

        @Override
        public Dataset createFromCsv(String name, String target, InputStream csv) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Dataset createFromArrays(String name, List<String> featureNames, double[][] features, double[] targets,
                                        String source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Dataset> find(String id) {
            return Optional.ofNullable(datasets.get(id));
        }

        @Override
        public Dataset get(String id) {
            return find(id).orElseThrow(() -> new DatasetNotFoundException(id));
        }

        @Override
        public List<Dataset> all() {
            return List.copyOf(datasets.values());
        }

        @Override
        public void delete(String id) {
            datasets.remove(id);
        }

        @Override
        public TrainingData load(String id) {
            int rows = Math.toIntExact(get(id).rows());
            return TrainingData.wrap(ByteBuffer.allocateDirect(rows * 8).order(ByteOrder.LITTLE_ENDIAN), rows, 1);
        }
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-04T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
