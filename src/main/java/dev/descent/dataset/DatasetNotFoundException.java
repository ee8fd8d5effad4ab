package dev.descent.dataset;

import dev.descent.system.NotFoundException;

/** No dataset has the requested id; answered with 404. */
public class DatasetNotFoundException extends NotFoundException {

    public DatasetNotFoundException(String id) {
        super("dataset", id);
    }
}
