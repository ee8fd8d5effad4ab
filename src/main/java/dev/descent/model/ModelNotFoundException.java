package dev.descent.model;

import dev.descent.system.NotFoundException;

/** No model with the requested id. */
public class ModelNotFoundException extends NotFoundException {

    public ModelNotFoundException(String id) {
        super("model", id);
    }
}
