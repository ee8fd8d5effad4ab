package dev.descent.engine.optimiser;

import dev.descent.engine.InvalidHyperparameterException;

/**
 * RMSProp: each parameter's step is scaled by a moving root mean square of its gradients (PyTorch's RMSprop,
 * not centered, without momentum).
 *
 * @param rho     ρ, the decay of the mean square, in [0, 1); the default 0.9 is Hinton's and Keras's, where
 *                PyTorch's alpha defaults to 0.99
 * @param epsilon ε added to √s, greater than 0
 */
public record RmsProp(double rho, double epsilon) implements Optimiser {

    public static final String NAME = "rmsprop";
    public static final double DEFAULT_RHO = 0.9;
    public static final double DEFAULT_EPSILON = 1e-8;

    public RmsProp {
        if (!(rho >= 0 && rho < 1)) {
            throw new InvalidHyperparameterException("rho", "must be in [0, 1), got " + rho);
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new InvalidHyperparameterException("epsilon", "must be a finite number greater than 0, got " + epsilon);
        }
    }

    public static RmsProp defaults() {
        return new RmsProp(DEFAULT_RHO, DEFAULT_EPSILON);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run start(int parameters, int biases) {
        return new RmsPropRun(new ParameterLayout(parameters, biases), rho, epsilon);
    }

    private static final class RmsPropRun implements Run {

        private final ParameterLayout layout;
        private final double rho;
        private final double epsilon;
        /** s, the moving mean of the squared gradients, 0 before the first step. */
        private final double[] meanSquares;

        RmsPropRun(ParameterLayout layout, double rho, double epsilon) {
            this.layout = layout;
            this.rho = rho;
            this.epsilon = epsilon;
            this.meanSquares = new double[layout.parameters()];
        }

        @Override
        public void step(double[] params, double[] gradient, double learningRate) {
            layout.check(params, gradient);
            for (int i = 0; i < params.length; i++) {
                double g = gradient[i];
                // s ← ρ·s + (1−ρ)·g²
                double s = rho * meanSquares[i] + (1 - rho) * g * g;
                meanSquares[i] = s;
                // θ ← θ − η·g/(√s + ε)
                params[i] -= learningRate * g / (Math.sqrt(s) + epsilon);
            }
        }
    }
}
