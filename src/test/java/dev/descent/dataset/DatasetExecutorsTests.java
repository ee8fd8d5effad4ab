package dev.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.util.unit.DataSize;

class DatasetExecutorsTests {

    private static final int UPLOADS = 3;
    private static final long WAIT_SECONDS = 30;

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
            .withUserConfiguration(DatasetExecutors.class)
            .withBean(DatasetProperties.class, () -> new DatasetProperties(1000, 10, 10, DataSize.ofMegabytes(1), UPLOADS))
            .withBean(NeedsAnExecutor.class);

    /** A component that asks for "the" executor by type, as one in another package might. */
    record NeedsAnExecutor(AsyncTaskExecutor executor) {
    }

    @Test
    void theBeansAreNamedAndBounded() {
        int threads = Math.min(DatasetExecutors.MAX_PARSE_THREADS, Runtime.getRuntime().availableProcessors());
        contexts.run(context -> {
            ThreadPoolTaskExecutor parse = context.getBean(DatasetExecutors.CSV_PARSE, ThreadPoolTaskExecutor.class);
            assertThat(parse.getCorePoolSize()).isEqualTo(threads);
            assertThat(parse.getMaxPoolSize()).isEqualTo(threads);
            assertThat(parse.getThreadPoolExecutor().getQueue().remainingCapacity()).isEqualTo(UPLOADS * 2 * threads);

            ThreadPoolTaskExecutor writeback = context.getBean(DatasetExecutors.WRITEBACK, ThreadPoolTaskExecutor.class);
            assertThat(writeback.getCorePoolSize()).isEqualTo(1);
            assertThat(writeback.getMaxPoolSize()).isEqualTo(1);
            assertThat(writeback.getThreadPoolExecutor().getQueue().remainingCapacity()).isEqualTo(UPLOADS);
        });
    }

    /** Asked for by name only: they neither take over injection by type nor make Boot's executor back off. */
    @Test
    void theBeansLeaveSpringBootsApplicationTaskExecutorInPlace() {
        contexts.run(context -> {
            assertThat(context).hasNotFailed().hasBean("applicationTaskExecutor");
            assertThat(context.getBean(NeedsAnExecutor.class).executor())
                    .isSameAs(context.getBean("applicationTaskExecutor"));
        });
    }

    @Test
    void closingTheContextEndsTheirThreads() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        AtomicReference<ThreadPoolTaskExecutor> parsePool = new AtomicReference<>();
        AtomicReference<ThreadPoolTaskExecutor> writebackPool = new AtomicReference<>();
        contexts.run(context -> {
            ThreadPoolTaskExecutor parse = context.getBean(DatasetExecutors.CSV_PARSE, ThreadPoolTaskExecutor.class);
            ThreadPoolTaskExecutor writeback = context.getBean(DatasetExecutors.WRITEBACK, ThreadPoolTaskExecutor.class);
            parsePool.set(parse);
            writebackPool.set(writeback);
            // as many tasks as threads, each held until all have started: every thread of the pool is made
            int size = parse.getMaxPoolSize();
            CountDownLatch started = new CountDownLatch(size);
            List<Future<Thread>> parses = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                parses.add(parse.submit(() -> {
                    started.countDown();
                    assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                    return Thread.currentThread();
                }));
            }
            for (Future<Thread> task : parses) {
                threads.add(task.get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
            threads.add(writeback.submit(Thread::currentThread).get(WAIT_SECONDS, TimeUnit.SECONDS));
        });

        assertThat(threads).hasSize(parsePool.get().getMaxPoolSize() + 1).doesNotHaveDuplicates();
        assertThat(threads.subList(0, threads.size() - 1)).allSatisfy(thread -> {
            assertThat(thread.getName()).matches("csv-parse-\\d+");
            assertThat(thread.isDaemon()).isTrue();
        });
        assertThat(threads.get(threads.size() - 1).getName()).isEqualTo("dataset-writeback");
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertThat(thread.isAlive()).as(thread.getName()).isFalse();
        }
        assertThat(parsePool.get().getThreadPoolExecutor().isTerminated()).isTrue();
        assertThat(writebackPool.get().getThreadPoolExecutor().isTerminated()).isTrue();
        assertThatThrownBy(() -> parsePool.get().submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> writebackPool.get().submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aFullParseQueueRunsTheChunkOnTheSubmittingThreadAndAStoppedPoolRejectsIt() throws Exception {
        ThreadPoolTaskExecutor pool = TestPools.started(DatasetExecutors.csvParsePool(1, 1));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Future<?> busy = pool.submit(() -> {
                running.countDown();
                assertThat(release.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                return null;
            });
            assertThat(running.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            Future<Thread> queued = pool.submit(Thread::currentThread);

            Future<Thread> overflow = pool.submit(Thread::currentThread);

            assertThat(overflow.isDone()).isTrue();
            assertThat(overflow.get()).isSameAs(Thread.currentThread());
            release.countDown();
            busy.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(queued.get(WAIT_SECONDS, TimeUnit.SECONDS).getName()).startsWith("csv-parse-");
        } finally {
            release.countDown();
            pool.shutdown();
        }
        // the JDK's caller-runs policy would drop the task here, and a reader would wait on it for ever
        assertThatThrownBy(() -> pool.submit(Thread::currentThread)).isInstanceOf(RejectedExecutionException.class);
    }
}
