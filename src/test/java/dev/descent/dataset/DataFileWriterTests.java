package dev.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

class DataFileWriterTests {

    @TempDir
    Path dir;

    @Test
    void writesFilesLargerThanAWritebackIntact() throws IOException, NoSuchAlgorithmException {
        ThreadPoolTaskExecutor writeback = TestPools.started(new DatasetExecutors()
                .datasetWritebackExecutor(DatasetProperties.defaults()));
        try {
            writeIntact(writeback);
            assertThat(writeback.getThreadPoolExecutor().getTaskCount()).isPositive();
        } finally {
            writeback.shutdown();
        }
    }

    /** A writeback the pool refuses (full, or shut down as the context closes) is skipped: the commit's fsync writes it. */
    @Test
    void writesIntactWhenTheWritebackPoolRefusesWritebacks() throws IOException, NoSuchAlgorithmException {
        ThreadPoolTaskExecutor writeback = TestPools.started(new DatasetExecutors()
                .datasetWritebackExecutor(DatasetProperties.defaults()));
        writeback.shutdown();

        writeIntact(writeback);

        assertThat(writeback.getThreadPoolExecutor().getTaskCount()).isZero();
    }

    private void writeIntact(AsyncTaskExecutor writeback) throws IOException, NoSuchAlgorithmException {
        int features = 99;
        int rowBytes = (features + 1) * Float.BYTES;
        int rowsPerBlock = 2_000;
        int blocks = (int) (2.5 * DataFileWriter.WRITEBACK_BYTES / (rowsPerBlock * rowBytes)) + 1; // two writebacks and more
        ByteBuffer block = ByteBuffer.allocate(rowsPerBlock * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        Path file = dir.resolve("data.bin");
        DataFileWriter.Summary summary;
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            DataFileWriter writer = new DataFileWriter(channel, features, Long.MAX_VALUE, writeback);
            for (int b = 0; b < blocks; b++) {
                for (int i = 0; i < rowsPerBlock * (features + 1); i++) {
                    block.putFloat(i * Float.BYTES, (i % (features + 1) == features) ? i & 1 : b + i % 7);
                }
                writer.appendRows(block.array(), rowsPerBlock);
                expected.update(block.array());
            }
            summary = writer.finish();
        }

        long rows = (long) blocks * rowsPerBlock;
        assertThat(summary.rows()).isEqualTo(rows);
        assertThat(Files.size(file)).isEqualTo(summary.sizeBytes()).isEqualTo(DataFile.HEADER_BYTES + rows * rowBytes);
        assertThat(summary.sha256()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
        byte[] stored = Files.readAllBytes(file);
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        actual.update(stored, DataFile.HEADER_BYTES, stored.length - DataFile.HEADER_BYTES);
        assertThat(HexFormat.of().formatHex(actual.digest())).isEqualTo(summary.sha256());
        assertThat(summary.zeros() + summary.ones()).isEqualTo(rows);
        assertThat(Arrays.copyOf(summary.max(), 1)).containsExactly(blocks - 1 + 6);
    }
}
