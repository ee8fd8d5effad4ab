package dev.descent.system;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler priority of the calling thread. Java thread priorities do nothing on Linux without root, but the
 * kernel keeps a nice value per thread, and any thread may lower its own priority with {@code setpriority} on its
 * thread id. Background work that lowers its priority leaves the cores to request threads whenever they want them
 * and still uses every idle cycle.
 */
public final class ThreadPriority {

    private static final Logger log = LoggerFactory.getLogger(ThreadPriority.class);
    /** {@code PRIO_PROCESS}: on Linux a thread id names one thread. */
    private static final int PRIO_PROCESS = 0;
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private ThreadPriority() {
    }

    /**
     * Sets the calling thread's nice value (0 to 19; higher runs less when the cores are busy). Never fails: where
     * the system has no per-thread nice value (not Linux) it logs once at debug level and returns false.
     */
    public static boolean setNiceness(int niceness) {
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("niceness must be between 0 and 19, got " + niceness);
        }
        OptionalInt tid = threadId();
        if (tid.isEmpty()) {
            return false;
        }
        try {
            int rc = NativeLibrary.getInstance("c").getFunction("setpriority")
                    .invokeInt(new Object[] {PRIO_PROCESS, tid.getAsInt(), niceness});
            return rc == 0;
        } catch (RuntimeException | LinkageError e) {
            log.debug("Cannot set the nice value of thread {}", tid.getAsInt(), e);
            return false;
        }
    }

    /** The calling thread's nice value, or empty where the system does not tell. */
    public static OptionalInt niceness() {
        OptionalInt tid = threadId();
        if (tid.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            // /proc/<pid>/task/<tid>/stat: field 19 is the nice value; the command (field 2) is in parentheses and
            // may hold spaces, so count from the last ')'.
            String stat = Files.readString(THREAD_SELF.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(fields[16]));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** The kernel's id of the calling thread, from the /proc/thread-self link ("pid/task/tid"). */
    private static OptionalInt threadId() {
        try {
            Path link = Files.readSymbolicLink(THREAD_SELF);
            return OptionalInt.of(Integer.parseInt(link.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            log.debug("No thread id from {}", THREAD_SELF, e);
            return OptionalInt.empty();
        }
    }
}
