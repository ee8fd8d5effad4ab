package dev.descent.engine.optimiser;

/** An update rule for the parameters from their gradient; an instance is configuration only, start() gives a run its own state. */
public interface Optimiser {

    /** The name clients use: sgd, momentum, adagrad, rmsprop, adam, adamw. */
    String name();

    /**
     * A fresh state for one run over {@code parameters} values, of which the last {@code biases} are intercepts
     * (weight decay leaves them alone).
     */
    Run start(int parameters, int biases);

    /** Per-run state; not thread-safe, allocates nothing per step. */
    interface Run {

        /** One update of {@code params} in place from {@code gradient} at this step's learning rate. */
        void step(double[] params, double[] gradient, double learningRate);
    }
}
