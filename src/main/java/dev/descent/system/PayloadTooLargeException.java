package dev.descent.system;

/** Input over a configured limit; the message names the limit and the property that raises it. Answered with 413. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
