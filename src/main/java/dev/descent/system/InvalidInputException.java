package dev.descent.system;

import java.util.List;

/** Input that descent cannot use, with a sentence naming the fix; answered with 400 and the offending fields. */
public class InvalidInputException extends RuntimeException {

    /** One offending field (a JSON path or a CSV location) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors;

    public InvalidInputException(String detail) {
        this(detail, List.of());
    }

    public InvalidInputException(String detail, List<FieldError> errors) {
        super(detail);
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException forField(String field, String message) {
        return new InvalidInputException(field + ": " + message, List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
