package dev.descent.engine.optimiser;

import dev.descent.engine.InvalidHyperparameterException;
import java.util.List;

/** The optimisers by the names clients use, each with its default settings. */
public final class Optimisers {

    /** Every name {@link #defaults(String)} knows, in the order the documentation lists them. */
    public static final List<String> NAMES =
            List.of(Sgd.NAME, Momentum.NAME, AdaGrad.NAME, RmsProp.NAME, Adam.NAME, AdamW.NAME);

    private Optimisers() {
    }

    /** The optimiser called {@code name} with its defaults. */
    public static Optimiser defaults(String name) {
        if (name == null) {
            throw unknown(null);
        }
        return switch (name) {
            case Sgd.NAME -> Sgd.defaults();
            case Momentum.NAME -> Momentum.defaults();
            case AdaGrad.NAME -> AdaGrad.defaults();
            case RmsProp.NAME -> RmsProp.defaults();
            case Adam.NAME -> Adam.defaults();
            case AdamW.NAME -> AdamW.defaults();
            default -> throw unknown(name);
        };
    }

    private static InvalidHyperparameterException unknown(String name) {
        return new InvalidHyperparameterException("name", "must be one of " + String.join(", ", NAMES) + ", got " + name);
    }
}
