package dev.descent.dataset;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The binary form of a dataset: a 32-byte header (magic, format version, features, rows) followed by the values in
 * the shared float32 layout, little-endian. The header lets a foreign or truncated file be told apart at once.
 */
final class DataFile {

    static final String SUFFIX = ".f32";
    static final int HEADER_BYTES = 32;
    static final int VERSION = 1;
    /** The values of one data file must fit one direct ByteBuffer. */
    static final long MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 7;

    private static final long MAGIC = 0x3233_4654_4e45_4344L; // "DCENTF32" read little-endian

    private DataFile() {
    }

    /** What the header says. */
    record Header(int version, int features, long rows) {

        long payloadBytes() {
            return rows * (features + 1L) * Float.BYTES;
        }
    }

    static ByteBuffer header(int features, long rows) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(MAGIC).putInt(VERSION).putInt(features).putLong(rows).putLong(0L);
        return header.flip();
    }

    /** Reads and checks the header; a file that is not a descent data file gives an {@link IOException}. */
    static Header readHeader(FileChannel channel) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, bytes, 0);
        bytes.flip();
        if (bytes.getLong() != MAGIC) {
            throw new IOException("not a descent data file (wrong magic number)");
        }
        Header header = new Header(bytes.getInt(), bytes.getInt(), bytes.getLong());
        if (header.version() != VERSION) {
            throw new IOException("data file format version " + header.version() + " is not supported (expected " + VERSION + ")");
        }
        if (header.features() < 1 || header.rows() < 1 || header.payloadBytes() > MAX_PAYLOAD_BYTES) {
            throw new IOException("data file header is corrupt (" + header.rows() + " rows, " + header.features() + " features)");
        }
        long expectedSize = HEADER_BYTES + header.payloadBytes();
        if (channel.size() != expectedSize) {
            throw new IOException("data file is " + channel.size() + " bytes, its header promises " + expectedSize);
        }
        return header;
    }

    /** Checks the file's header against what the metadata says. */
    static Header check(Path file, long rows, int features) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return check(channel, rows, features);
        }
    }

    /**
     * The values, mapped read-only from the file after checking its header against the metadata (a direct buffer,
     * positioned at 0). A mapping copies nothing and counts nothing against the JVM's direct-memory limit: a copy per
     * load stayed until a GC freed it, so repeated loads of a large dataset hit that limit, and each then waited for
     * {@code System.gc()} (a 385 MB load took 1.2–1.5 s instead of 0.26 in the fourth and fifth loads of one JVM) or
     * failed. Data files are replaced by rename and never written in place, so a mapping stays valid; a deleted file
     * keeps its pages until its mapping is collected.
     */
    static ByteBuffer mapValues(Path file, long rows, int features) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = check(channel, rows, features);
            return channel.map(FileChannel.MapMode.READ_ONLY, HEADER_BYTES, header.payloadBytes()).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static Header check(FileChannel channel, long rows, int features) throws IOException {
        Header header = readHeader(channel);
        if (header.rows() != rows || header.features() != features) {
            throw new IOException("data file holds " + header.rows() + " rows of " + header.features()
                    + " features, its metadata says " + rows + " rows of " + features);
        }
        return header;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int read = channel.read(into, at);
            if (read < 0) {
                throw new EOFException("data file ends early, at byte " + at);
            }
            at += read;
        }
    }
}
