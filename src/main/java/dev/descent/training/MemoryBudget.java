package dev.descent.training;

/**
 * The native memory that running jobs hold together. A job reserves what it needs before it is given a worker and
 * releases it when it ends; a job that would take the total past the budget stays queued, holding no worker, until
 * others release enough, so that two jobs that each fit cannot together exhaust the machine. No single reservation
 * exceeds the budget: larger jobs are refused at submission.
 */
final class MemoryBudget {

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

    /** Reserves {@code bytes} if they fit beside what running jobs hold; false, reserving nothing, if not. */
    synchronized boolean tryReserve(long bytes) {
        long wanted = Math.min(bytes, total);
        if (reserved + wanted > total) {
            return false;
        }
        reserved += wanted;
        return true;
    }

    /** Returns a reservation made by {@link #tryReserve}. */
    synchronized void release(long bytes) {
        reserved -= Math.min(bytes, total);
    }
}
