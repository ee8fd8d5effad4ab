package dev.descent.training;

import java.util.function.Supplier;

/**
 * The native memory that running jobs hold together. A job reserves what it needs before it loads its data and
 * releases it when it ends; a job that would take the total past the budget waits, still queued, until others
 * release enough, so that two jobs that each fit cannot together exhaust the machine. No single reservation exceeds
 * the budget: larger jobs are refused at submission.
 */
final class MemoryBudget {

    /** How often a waiting job looks at its stop reason. */
    private static final long POLL_MILLIS = 100;

    private final long total;
    private long reserved;

    MemoryBudget(long total) {
        this.total = total;
    }

    long total() {
        return total;
    }

    synchronized long reserved() {
        return reserved;
    }

    /**
     * Waits until {@code bytes} fit beside what running jobs hold, then reserves them.
     *
     * @param stopReason read while waiting; a non-null answer ends the wait
     * @return null once reserved, or the stop reason that ended the wait (nothing is reserved then)
     */
    synchronized String reserve(long bytes, Supplier<String> stopReason) throws InterruptedException {
        long wanted = Math.min(bytes, total);
        while (reserved + wanted > total) {
            String reason = stopReason.get();
            if (reason != null) {
                return reason;
            }
            wait(POLL_MILLIS);
        }
        reserved += wanted;
        return null;
    }

    /** Returns a reservation made by {@link #reserve}. */
    synchronized void release(long bytes) {
        reserved -= Math.min(bytes, total);
        notifyAll();
    }
}
