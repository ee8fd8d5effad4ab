package dev.descent.engine;

/** Polled by a trainer between mini-batches; a non-null reason stops the run with {@link TrainingStoppedException}. */
@FunctionalInterface
public interface CancellationSignal {

    CancellationSignal NEVER = () -> null;

    /** Why the run must stop now, or null to go on. */
    String stopReason();
}
