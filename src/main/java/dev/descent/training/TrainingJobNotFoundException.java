package dev.descent.training;

import dev.descent.system.NotFoundException;

/** No training job with the requested id. */
public class TrainingJobNotFoundException extends NotFoundException {

    public TrainingJobNotFoundException(String id) {
        super("training job", id);
    }
}
