package dev.descent.system;

/** A request named a record that does not exist; answered with 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String kind, String id) {
        super("No " + kind + " with id '" + abbreviate(id) + "' exists.");
    }

    private static String abbreviate(String id) {
        return id.length() <= 80 ? id : id.substring(0, 80) + "…";
    }
}
