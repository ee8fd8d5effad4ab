package dev.descent.training;

import dev.descent.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A job's record of each epoch, kept apart from its record so that the record stays small whatever the epochs:
 * {@code <id>.history}, a 16-byte header (magic {@code DLH1}, schema version, columns per epoch, 0) then one
 * little-endian float64 per column per epoch — the training loss, the learning rate, the validation loss (NaN when
 * none) — appended as the job runs and forced before its final record is written. Files of fewer columns (the
 * loss only, moved out of release 0.1.0's records) read the others as NaN. A crash can leave a partial last epoch;
 * reading ignores it.
 */
final class LossHistoryFile implements AutoCloseable {

    static final String SUFFIX = ".history";
    static final int SCHEMA_VERSION = 1;
    private static final int MAGIC = 0x31484c44; // "DLH1" little-endian
    private static final int HEADER_BYTES = 16;
    private static final int COLUMNS = 3;
    private static final int BUFFERED_EPOCHS = 512;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFERED_EPOCHS * COLUMNS * Double.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);

    private LossHistoryFile(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Starts a job's history, replacing any earlier one of the same id. */
    static LossHistoryFile create(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            LossHistoryFile history = new LossHistoryFile(file, channel);
            try {
                channel.write(header());
            } catch (IOException e) {
                history.close();
                throw e;
            }
            return history;
        } catch (IOException e) {
            throw new StorageException("cannot write the loss history " + file.getFileName(), e);
        }
    }

    /** Writes a whole history of losses at once, durably: for records of release 0.1.0, which kept it inline. */
    static void write(Path file, double[] losses) {
        try (LossHistoryFile history = create(file)) {
            for (double loss : losses) {
                history.append(loss, Double.NaN, Double.NaN);
            }
            history.force();
        }
    }

    /** Adds one epoch; written out in batches of epochs, and by {@link #force}. */
    void append(double loss, double learningRate, double validationLoss) {
        buffer.putDouble(loss).putDouble(learningRate).putDouble(validationLoss);
        if (!buffer.hasRemaining()) {
            flush();
        }
    }

    /** Writes what is buffered and fsyncs the file: the history is durable up to the last appended epoch. */
    void force() {
        flush();
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new StorageException("cannot write the loss history " + file.getFileName(), e);
        }
    }

    private void flush() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new StorageException("cannot write the loss history " + file.getFileName(), e);
        } finally {
            buffer.clear();
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // the data that matters was forced before, or the job failed already
        }
    }

    /** The epochs in a history file, in order; empty when the file does not exist. */
    static EpochHistory read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < HEADER_BYTES) {
                return EpochHistory.empty();
            }
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // read it all
            }
            bytes.flip();
            int magic = bytes.getInt();
            int version = bytes.getInt();
            int columns = bytes.getInt();
            bytes.getInt();
            if (magic != MAGIC || version < 1 || columns < 1) {
                throw new IllegalStateException(file.getFileName() + " is not a loss history file");
            }
            if (version > SCHEMA_VERSION) {
                throw new IllegalStateException(file.getFileName() + " was written by a newer release (schema version "
                        + version + ")");
            }
            int epochs = bytes.remaining() / (columns * Double.BYTES);
            double[][] series = new double[3][epochs];
            for (int e = 0; e < epochs; e++) {
                for (int c = 0; c < 3; c++) {
                    series[c][e] = c < columns ? bytes.getDouble(HEADER_BYTES + (e * columns + c) * Double.BYTES) : Double.NaN;
                }
            }
            return new EpochHistory(series[0], series[1], series[2]);
        } catch (NoSuchFileException e) {
            return EpochHistory.empty();
        } catch (IOException e) {
            throw new StorageException("cannot read the loss history " + file.getFileName(), e);
        }
    }

    private static ByteBuffer header() {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putInt(SCHEMA_VERSION).putInt(COLUMNS).putInt(0).flip();
        return header;
    }
}
