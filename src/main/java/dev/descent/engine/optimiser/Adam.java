package dev.descent.engine.optimiser;

import dev.descent.engine.InvalidHyperparameterException;

/**
 * Adam: steps by bias-corrected moving averages of the gradient and of its square (PyTorch's Adam, no amsgrad).
 *
 * @param beta1   β₁, the decay of the mean gradient m, in [0, 1)
 * @param beta2   β₂, the decay of the mean squared gradient v, in [0, 1)
 * @param epsilon ε added to √v̂, greater than 0
 */
public record Adam(double beta1, double beta2, double epsilon) implements Optimiser {

    public static final String NAME = "adam";
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;

    public Adam {
        check(beta1, beta2, epsilon);
    }

    public static Adam defaults() {
        return new Adam(DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    /** The ranges Adam and AdamW share. */
    static void check(double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new InvalidHyperparameterException("beta1", "must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new InvalidHyperparameterException("beta2", "must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new InvalidHyperparameterException("epsilon", "must be a finite number greater than 0, got " + epsilon);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run start(int parameters, int biases) {
        return new AdamRun(new ParameterLayout(parameters, biases), beta1, beta2, epsilon);
    }

    private static final class AdamRun implements Run {

        private final ParameterLayout layout;
        private final double beta1;
        private final double beta2;
        private final double epsilon;
        /** m, the moving mean of the gradients. */
        private final double[] means;
        /** v, the moving mean of the squared gradients. */
        private final double[] meanSquares;
        /** t, the steps taken. */
        private long steps;

        AdamRun(ParameterLayout layout, double beta1, double beta2, double epsilon) {
            this.layout = layout;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            this.means = new double[layout.parameters()];
            this.meanSquares = new double[layout.parameters()];
        }

        @Override
        public void step(double[] params, double[] gradient, double learningRate) {
            layout.check(params, gradient);
            // t ← t+1; m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
            steps++;
            double correction1 = 1 - Math.pow(beta1, steps);
            double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, steps));
            // η·m̂/(√v̂ + ε) = (η/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε), in PyTorch's order of operations
            double stepSize = learningRate / correction1;
            for (int i = 0; i < params.length; i++) {
                double g = gradient[i];
                // m ← β₁m + (1−β₁)g
                double m = beta1 * means[i] + (1 - beta1) * g;
                // v ← β₂v + (1−β₂)g²
                double v = beta2 * meanSquares[i] + (1 - beta2) * g * g;
                means[i] = m;
                meanSquares[i] = v;
                // θ ← θ − η·m̂/(√v̂ + ε)
                params[i] -= stepSize * m / (Math.sqrt(v) / sqrtCorrection2 + epsilon);
            }
        }
    }
}
