package dev.descent.system;

/** The service is at capacity; answered with 429 and a Retry-After header. */
public class BusyException extends RuntimeException {

    private final long retryAfterSeconds;

    public BusyException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
