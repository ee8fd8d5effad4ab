package dev.descent.engine;

/** A hyperparameter outside its valid range; names the field so that clients can point at it. */
public class InvalidHyperparameterException extends IllegalArgumentException {

    private final String field;

    public InvalidHyperparameterException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public String reason() {
        String message = getMessage();
        return message.substring(field.length() + 2);
    }
}
