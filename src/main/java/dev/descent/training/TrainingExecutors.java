package dev.descent.training;

import dev.descent.system.ThreadPriority;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The training package's threads, as beans with names and bounds that Spring shuts down on stop: the workers that
 * train (the runner hands one a job only when it may start, so their queue stays empty), and the threads that send
 * jobs' events to their SSE clients. Neither is a default candidate for injection by type: they are asked for by
 * name, and their presence does not make Spring Boot's {@code applicationTaskExecutor} back off.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class TrainingExecutors {

    private static final Logger log = LoggerFactory.getLogger(TrainingExecutors.class);

    /**
     * {@code workers} threads at the training niceness. The runner waits for running jobs on shutdown
     * ({@link TrainingJobRunner#shutdown}) before Spring calls {@code shutdownNow} here.
     */
    @Bean(destroyMethod = "shutdownNow", defaultCandidate = false)
    ExecutorService trainingWorkers(TrainingProperties properties) {
        AtomicInteger threads = new AtomicInteger();
        AtomicBoolean niceWarned = new AtomicBoolean();
        return new ThreadPoolExecutor(properties.workers(), properties.workers(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(properties.workers()), task -> {
                    Runnable lowered = () -> {
                        if (!ThreadPriority.setNiceness(properties.niceness()) && properties.niceness() > 0
                                && !niceWarned.getAndSet(true)) {
                            log.warn("Cannot lower the training threads' priority (nice {}) on this system; "
                                    + "training and requests share the cores equally", properties.niceness());
                        }
                        task.run();
                    };
                    Thread thread = new Thread(lowered, "training-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Sends SSE events: each client's events are sent by one task at a time ({@code JobEventStream}), so a slow
     * client holds at most one thread; idle threads end after a minute.
     */
    @Bean(destroyMethod = "shutdownNow", defaultCandidate = false)
    ExecutorService jobEventSender() {
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "job-events-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
