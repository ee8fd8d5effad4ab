package dev.descent.engine.optimiser;

import dev.descent.engine.InvalidHyperparameterException;

/**
 * SGD with heavy-ball or Nesterov momentum, as PyTorch's SGD with {@code momentum} and no dampening.
 *
 * @param momentum μ, the fraction of the velocity kept from one step to the next, in [0, 1)
 * @param nesterov step along g + μ·v (the look-ahead) instead of along v
 */
public record Momentum(double momentum, boolean nesterov) implements Optimiser {

    public static final String NAME = "momentum";
    public static final double DEFAULT_MOMENTUM = 0.9;
    public static final boolean DEFAULT_NESTEROV = false;

    public Momentum {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new InvalidHyperparameterException("momentum", "must be in [0, 1), got " + momentum);
        }
    }

    public static Momentum defaults() {
        return new Momentum(DEFAULT_MOMENTUM, DEFAULT_NESTEROV);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run start(int parameters, int biases) {
        return new MomentumRun(new ParameterLayout(parameters, biases), momentum, nesterov);
    }

    private static final class MomentumRun implements Run {

        private final ParameterLayout layout;
        private final double momentum;
        private final boolean nesterov;
        /** v, zero before the first step, so that the first v is g as in PyTorch. */
        private final double[] velocity;

        MomentumRun(ParameterLayout layout, double momentum, boolean nesterov) {
            this.layout = layout;
            this.momentum = momentum;
            this.nesterov = nesterov;
            this.velocity = new double[layout.parameters()];
        }

        @Override
        public void step(double[] params, double[] gradient, double learningRate) {
            layout.check(params, gradient);
            for (int i = 0; i < params.length; i++) {
                // v ← μ·v + g
                double v = momentum * velocity[i] + gradient[i];
                velocity[i] = v;
                // θ ← θ − η·v; Nesterov: θ ← θ − η·(g + μ·v)
                params[i] -= learningRate * (nesterov ? gradient[i] + momentum * v : v);
            }
        }
    }
}
