package dev.descent.engine.optimiser;

import dev.descent.engine.InvalidHyperparameterException;

/**
 * AdaGrad: each parameter's step shrinks with the sum of its squared gradients (PyTorch's Adagrad without lr_decay).
 *
 * @param epsilon ε added to √G, greater than 0; the default is 1e-8 like Adam's and RMSProp's, where PyTorch's
 *                Adagrad uses 1e-10 (it only matters while a parameter's G is still near 0)
 */
public record AdaGrad(double epsilon) implements Optimiser {

    public static final String NAME = "adagrad";
    public static final double DEFAULT_EPSILON = 1e-8;

    public AdaGrad {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new InvalidHyperparameterException("epsilon", "must be a finite number greater than 0, got " + epsilon);
        }
    }

    public static AdaGrad defaults() {
        return new AdaGrad(DEFAULT_EPSILON);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run start(int parameters, int biases) {
        return new AdaGradRun(new ParameterLayout(parameters, biases), epsilon);
    }

    private static final class AdaGradRun implements Run {

        private final ParameterLayout layout;
        private final double epsilon;
        /** G, the sum of the squared gradients so far. */
        private final double[] squares;

        AdaGradRun(ParameterLayout layout, double epsilon) {
            this.layout = layout;
            this.epsilon = epsilon;
            this.squares = new double[layout.parameters()];
        }

        @Override
        public void step(double[] params, double[] gradient, double learningRate) {
            layout.check(params, gradient);
            for (int i = 0; i < params.length; i++) {
                double g = gradient[i];
                // G ← G + g²
                squares[i] += g * g;
                // θ ← θ − η·g/(√G + ε)
                params[i] -= learningRate * g / (Math.sqrt(squares[i]) + epsilon);
            }
        }
    }
}
