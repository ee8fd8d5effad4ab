package dev.descent.storage;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * The data directory refused a read or a write. {@link #insufficientSpace()} tells a full disk or quota (answered
 * 507, the client may retry once space is freed) from any other I/O failure (answered 503). Whatever threw it has
 * removed what it had begun to write.
 */
public class StorageException extends RuntimeException {

    private final boolean insufficientSpace;

    public StorageException(String message, IOException cause) {
        super(message + ": " + reason(cause), cause);
        this.insufficientSpace = isOutOfSpace(cause);
    }

    /** True when the file system is full or over a quota (ENOSPC, EDQUOT). */
    public boolean insufficientSpace() {
        return insufficientSpace;
    }

    /** ENOSPC and EDQUOT, as the JDK reports them on Linux and macOS: the OS's message is the only sign of which. */
    static boolean isOutOfSpace(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String text = cause instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : cause.getMessage();
            if (text != null && (text.contains("No space left on device") || text.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    private static String reason(IOException cause) {
        if (cause instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
