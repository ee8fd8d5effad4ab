package dev.descent.dataset;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.storage.StorageLayout;
import dev.descent.storage.StorageProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** Uploads at once share one parse pool: each still gets the sequential reader's dataset, and none waits on another. */
class SharedParsePoolTests {

    private static final long WAIT_SECONDS = 60;
    /**
     * Within the second chunk: the header's read takes one buffer, the first chunk that and one chunk more, so an
     * upload holding here has submitted a chunk to the pool and will submit more.
     */
    private static final int RENDEZVOUS_BYTES = CsvDatasetReader.BUFFER_BYTES + CsvDatasetReader.CHUNK_BYTES * 3 / 2;

    @TempDir
    Path root;

    private final List<ThreadPoolTaskExecutor> pools = new ArrayList<>();
    private final ExecutorService uploaders = Executors.newCachedThreadPool();

    @AfterEach
    void shutDown() {
        uploaders.shutdownNow();
        pools.forEach(ThreadPoolTaskExecutor::shutdown);
    }

    @Test
    void twoUploadsAtOnceGetTheSequentialReadersDatasets() throws Exception {
        ThreadPoolTaskExecutor parse = pool(DatasetExecutors.csvParsePool(2, 2 * 2 * 2));
        FileSystemDatasets datasets = store(parse, pool(writebackPool()));

        List<byte[]> csvs = List.of(csv(1, 150_000), csv(2, 160_000));

        List<Dataset> stored = uploadAtOnce(datasets, csvs);

        assertMatchesSequentialReads(stored, csvs);
        // both were parsed in this pool: 6 MB or more each, in chunks of 1 MiB and a little more
        assertThat(csvs).allSatisfy(csv -> assertThat(csv.length).isGreaterThan(6_000_000));
        assertThat(parse.getThreadPoolExecutor().getTaskCount()).isGreaterThanOrEqualTo(2 * 4);
    }

    /** Two parse threads and a queue of one for four uploads: the readers parse what does not fit on their own threads. */
    @Test
    void uploadsPastThePoolsQueueStillFinishAndAgree() throws Exception {
        FileSystemDatasets datasets = store(pool(DatasetExecutors.csvParsePool(2, 1)), pool(writebackPool()));
        List<byte[]> csvs = List.of(csv(3, 100_000), csv(4, 110_000), csv(5, 120_000), csv(6, 130_000));

        List<Dataset> stored = uploadAtOnce(datasets, csvs);

        assertMatchesSequentialReads(stored, csvs);
    }

    @Test
    void anUploadCutOffByThePoolsShutdownFailsAndLeavesNoFile() throws Exception {
        ThreadPoolTaskExecutor parse = pool(DatasetExecutors.csvParsePool(2, 2 * 2 * 2));
        FileSystemDatasets datasets = store(parse, pool(writebackPool()));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        InputStream held = new HoldingStream(csv(7, 150_000), RENDEZVOUS_BYTES, () -> {
            holding.countDown();
            return resume.await(WAIT_SECONDS, TimeUnit.SECONDS);
        });
        Future<Dataset> upload = uploaders.submit(() -> datasets.createFromCsv("cut off", "y", held));
        assertThat(holding.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        parse.shutdown(); // what closing the context does to the bean
        resume.countDown();

        assertThatThrownBy(() -> upload.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("the service is stopping");
        assertThat(datasets.all()).isEmpty();
        assertThat(filesIn(root.resolve("datasets"))).isEmpty();
    }

    // ---- helpers ----

    private ThreadPoolTaskExecutor pool(ThreadPoolTaskExecutor executor) {
        pools.add(TestPools.started(executor));
        return executor;
    }

    private static ThreadPoolTaskExecutor writebackPool() {
        return new DatasetExecutors().datasetWritebackExecutor(DatasetProperties.defaults());
    }

    private FileSystemDatasets store(ThreadPoolTaskExecutor parse, ThreadPoolTaskExecutor writeback) {
        return new FileSystemDatasets(new StorageLayout(new StorageProperties(root)), DatasetProperties.defaults(), parse,
                writeback);
    }

    /** Uploads every CSV on its own thread, all of them held past their first chunk until every one is. */
    private List<Dataset> uploadAtOnce(FileSystemDatasets datasets, List<byte[]> csvs) throws Exception {
        CyclicBarrier together = new CyclicBarrier(csvs.size());
        List<Future<Dataset>> uploads = new ArrayList<>();
        for (int i = 0; i < csvs.size(); i++) {
            InputStream in = new HoldingStream(csvs.get(i), RENDEZVOUS_BYTES, () -> {
                together.await(WAIT_SECONDS, TimeUnit.SECONDS);
                return true;
            });
            String name = "upload " + i;
            uploads.add(uploaders.submit(() -> {
                try {
                    return datasets.createFromCsv(name, "y", in);
                } catch (RuntimeException e) {
                    together.reset(); // an upload that fails before the rendezvous releases the others at once
                    throw e;
                }
            }));
        }
        List<Dataset> stored = new ArrayList<>();
        for (Future<Dataset> upload : uploads) {
            stored.add(upload.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
        return stored;
    }

    private void assertMatchesSequentialReads(List<Dataset> stored, List<byte[]> csvs) throws IOException {
        for (int i = 0; i < csvs.size(); i++) {
            Path file = Files.createTempFile(root, "sequential", DataFile.SUFFIX);
            CsvDatasetReader.Result expected;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                expected = TestPools.reader(new ByteArrayInputStream(csvs.get(i)), DatasetProperties.defaults(),
                        CsvDatasetReader.CHUNK_BYTES, 1).read("y", channel);
            }
            Dataset dataset = stored.get(i);
            assertThat(dataset.rows()).isEqualTo(expected.summary().rows());
            assertThat(dataset.sha256()).isEqualTo(expected.summary().sha256());
            assertThat(dataset.features()).isEqualTo(expected.summary().columns(expected.featureNames()));
            assertThat(dataset.targetSummary()).isEqualTo(expected.summary().target("y"));
        }
    }

    /** A CSV of several chunks: {@code rows} rows of four random features and a 0/1 target, about 45 bytes each. */
    private static byte[] csv(long seed, int rows) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("a,b,c,d,y\n");
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < 4; c++) {
                csv.append((float) random.nextGaussian()).append(',');
            }
            csv.append(random.nextInt(2)).append('\n');
        }
        return csv.toString().getBytes(UTF_8);
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** Gives its bytes, and once past {@code holdAt} of them calls {@code hold} once before giving more. */
    private static final class HoldingStream extends InputStream {

        interface Hold {
            boolean await() throws Exception;
        }

        private final ByteArrayInputStream bytes;
        private final int holdAt;
        private final Hold hold;
        private int given;
        private boolean held;

        HoldingStream(byte[] bytes, int holdAt, Hold hold) {
            this.bytes = new ByteArrayInputStream(bytes);
            this.holdAt = holdAt;
            this.hold = hold;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (given >= holdAt && !held) {
                held = true;
                try {
                    if (!hold.await()) {
                        throw new IOException("the test did not release the stream in time");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while held");
                } catch (IOException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException("the other uploads did not arrive in time", e);
                }
            }
            int n = bytes.read(b, off, given < holdAt ? Math.min(len, holdAt - given) : len);
            if (n > 0) {
                given += n;
            }
            return n;
        }
    }
}
