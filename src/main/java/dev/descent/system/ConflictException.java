package dev.descent.system;

/** The request does not fit the record's current state (e.g. cancelling a finished job); answered with 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
