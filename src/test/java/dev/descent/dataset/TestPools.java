package dev.descent.dataset;

import dev.descent.storage.StorageLayout;
import java.io.InputStream;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The dataset pools for tests that build readers, writers and stores without Spring: made like the service's, shared
 * by every test in the JVM as the service shares them between uploads, and ended with it (their threads are daemons).
 */
final class TestPools {

    /** Four parsers whatever the machine, so that chunks finish out of order as on a larger one. */
    static final int PARSE_THREADS = 4;
    static final ThreadPoolTaskExecutor PARSE = started(DatasetExecutors.csvParsePool(PARSE_THREADS,
            DatasetProperties.defaults().maxConcurrentUploads() * 2 * PARSE_THREADS));
    static final ThreadPoolTaskExecutor WRITEBACK = started(new DatasetExecutors()
            .datasetWritebackExecutor(DatasetProperties.defaults()));

    private TestPools() {
    }

    static ThreadPoolTaskExecutor started(ThreadPoolTaskExecutor executor) {
        executor.initialize();
        return executor;
    }

    /** A reader as the store makes one: all the parse threads, chunks of {@link CsvDatasetReader#CHUNK_BYTES}. */
    static CsvDatasetReader reader(InputStream in, DatasetProperties limits) {
        return reader(in, limits, CsvDatasetReader.CHUNK_BYTES, PARSE_THREADS);
    }

    static CsvDatasetReader reader(InputStream in, DatasetProperties limits, int chunkBytes, int threads) {
        return new CsvDatasetReader(in, limits, PARSE, threads, chunkBytes, WRITEBACK);
    }

    static FileSystemDatasets datasets(StorageLayout layout, DatasetProperties properties) {
        return new FileSystemDatasets(layout, properties, PARSE, WRITEBACK);
    }
}
