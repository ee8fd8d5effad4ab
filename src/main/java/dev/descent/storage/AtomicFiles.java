package dev.descent.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a crash at any moment leaves either the old content or the new, never a partial file:
 * the bytes go to a temporary sibling, are fsynced, renamed over the target, and the directory is fsynced.
 */
public final class AtomicFiles {

    /** Temporary files carry this suffix; whatever a crash leaves with it is garbage, removed at start-up. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** Receives the stream of a file being written. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, byte[] content) {
        write(target, out -> out.write(content));
    }

    /** @throws StorageException when the file cannot be written; nothing of it is left then */
    public static void write(Path target, Writer writer) {
        Path temp = temporarySibling(target);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            commit(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StorageException("could not write " + target.getFileName(), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** A fresh temporary path beside the target, for writers that stream into it themselves before {@link #commit}. */
    public static Path temporarySibling(Path target) {
        return target.resolveSibling(target.getFileName() + "." + Long.toHexString(System.nanoTime()) + TEMP_SUFFIX);
    }

    /** Fsyncs a finished temporary file, renames it over the target atomically and fsyncs the directory. */
    public static void commit(Path temp, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the storage directory's file system cannot rename atomically", e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Deletes a file and fsyncs its directory, so that the deletion survives a crash. */
    public static boolean delete(Path file) {
        try {
            boolean deleted = Files.deleteIfExists(file);
            if (deleted) {
                syncDirectory(file.toAbsolutePath().getParent());
            }
            return deleted;
        } catch (IOException e) {
            throw new StorageException("could not delete " + file.getFileName(), e);
        }
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a leftover temp file is removed at the next start
        }
    }

    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
