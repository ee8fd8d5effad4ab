package dev.descent.dataset;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads of dataset ingest, made once for all uploads and shut down with the application context: the CSV
 * parsers ({@value #CSV_PARSE}) and the background writeback of data files ({@value #WRITEBACK}).
 *
 * <p>Neither is a default candidate for injection by type: they are asked for by name, and their presence does not
 * make Spring Boot's {@code applicationTaskExecutor} back off.
 */
@Configuration(proxyBeanMethods = false)
class DatasetExecutors {

    static final String CSV_PARSE = "csvParseExecutor";
    static final String WRITEBACK = "datasetWritebackExecutor";
    /** The reader's cap since it first parsed in parallel (d0e7bb2); an upload holds two 1 MiB chunks per parser. */
    static final int MAX_PARSE_THREADS = 8;
    /** How long closing the context waits for running parses and writebacks; neither takes more than a fraction. */
    private static final int AWAIT_TERMINATION_SECONDS = 10;

    /**
     * One parser per core, up to {@link #MAX_PARSE_THREADS}, shared by every upload. Each upload keeps at most twice
     * the pool's threads of its chunks in flight ({@link CsvDatasetReader}), so the queue holds the windows of
     * {@code descent.datasets.max-concurrent-uploads} uploads; a read past that (a caller beyond the web limit)
     * parses its chunk on its own thread rather than fail.
     */
    @Bean(name = CSV_PARSE, defaultCandidate = false)
    ThreadPoolTaskExecutor csvParseExecutor(DatasetProperties properties) {
        int threads = Math.min(MAX_PARSE_THREADS, Runtime.getRuntime().availableProcessors());
        return csvParsePool(threads, properties.maxConcurrentUploads() * 2 * threads);
    }

    /**
     * One thread for every upload's writebacks: it waits on the disk, it does not compute. An upload has at most one
     * writeback queued or running, so the queue holds one per upload allowed at once; a writeback that finds it full
     * is skipped ({@link DataFileWriter}), as the commit's fsync writes everything anyway. Queued writebacks still run
     * on shutdown, and a running one is not interrupted: an interrupt would close the upload's file channel.
     */
    @Bean(name = WRITEBACK, defaultCandidate = false)
    ThreadPoolTaskExecutor datasetWritebackExecutor(DatasetProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setQueueCapacity(properties.maxConcurrentUploads());
        executor.setThreadFactory(task -> {
            Thread thread = new Thread(task, "dataset-writeback");
            thread.setDaemon(true);
            return thread;
        });
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(AWAIT_TERMINATION_SECONDS);
        return executor;
    }

    /**
     * The parse pool: {@code threads} threads named {@code csv-parse-N}, kept while the context runs, and a queue
     * of {@code queueCapacity} chunks. A running parse ends on shutdown; the queued ones are cancelled, so that the
     * uploads waiting on them fail (and remove their files) instead of waiting forever.
     */
    static ThreadPoolTaskExecutor csvParsePool(int threads, int queueCapacity) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setQueueCapacity(queueCapacity);
        executor.setThreadNamePrefix("csv-parse-");
        // daemon, as they were: a context that is never closed must not keep the JVM alive for them
        executor.setDaemon(true);
        executor.setRejectedExecutionHandler(new ParseInCaller());
        executor.setAwaitTerminationSeconds(AWAIT_TERMINATION_SECONDS);
        return executor;
    }

    /**
     * With the queue full, the submitting reader parses the chunk itself: slower, never a failure, and never a wait
     * on another upload. Once the pool is shut down the chunk is rejected, as the JDK's caller-runs policy would
     * silently drop it and leave the reader waiting on a future that never completes.
     */
    static final class ParseInCaller implements RejectedExecutionHandler {

        @Override
        public void rejectedExecution(Runnable task, ThreadPoolExecutor executor) {
            if (executor.isShutdown()) {
                throw new RejectedExecutionException("the CSV parse pool is shut down: the service is stopping");
            }
            task.run();
        }
    }
}
