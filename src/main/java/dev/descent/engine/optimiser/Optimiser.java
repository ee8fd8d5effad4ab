package dev.descent.engine.optimiser;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** An update rule for the parameters from their gradient; an instance is configuration only, start() gives a run its own state. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "name")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Sgd.class, name = Sgd.NAME),
        @JsonSubTypes.Type(value = Momentum.class, name = Momentum.NAME),
        @JsonSubTypes.Type(value = AdaGrad.class, name = AdaGrad.NAME),
        @JsonSubTypes.Type(value = RmsProp.class, name = RmsProp.NAME),
        @JsonSubTypes.Type(value = Adam.class, name = Adam.NAME),
        @JsonSubTypes.Type(value = AdamW.class, name = AdamW.NAME)})
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
