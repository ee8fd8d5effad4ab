package dev.descent.engine.optimiser;

import dev.descent.engine.InvalidHyperparameterException;

/**
 * AdamW: Adam with the weight decay decoupled from the gradient (Loshchilov and Hutter; PyTorch's AdamW), applied
 * to the weights only, never to the intercepts.
 *
 * @param beta1       β₁, the decay of the mean gradient m, in [0, 1)
 * @param beta2       β₂, the decay of the mean squared gradient v, in [0, 1)
 * @param epsilon     ε added to √v̂, greater than 0
 * @param weightDecay λ in θ ← θ − η·λ·θ, a finite number of at least 0
 */
public record AdamW(double beta1, double beta2, double epsilon, double weightDecay) implements Optimiser {

    public static final String NAME = "adamw";
    public static final double DEFAULT_BETA1 = Adam.DEFAULT_BETA1;
    public static final double DEFAULT_BETA2 = Adam.DEFAULT_BETA2;
    public static final double DEFAULT_EPSILON = Adam.DEFAULT_EPSILON;
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    public AdamW {
        Adam.check(beta1, beta2, epsilon);
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new InvalidHyperparameterException("weightDecay", "must be a finite number of at least 0, got " + weightDecay);
        }
    }

    public static AdamW defaults() {
        return new AdamW(DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, DEFAULT_WEIGHT_DECAY);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run start(int parameters, int biases) {
        ParameterLayout layout = new ParameterLayout(parameters, biases);
        Run adam = new Adam(beta1, beta2, epsilon).start(parameters, biases);
        int weights = layout.weights();
        return (params, gradient, learningRate) -> {
            layout.check(params, gradient);
            // θ ← θ − η·λ·θ on the weights, from the parameters before this step's Adam update (PyTorch's order)
            double keep = 1 - learningRate * weightDecay;
            for (int i = 0; i < weights; i++) {
                params[i] *= keep;
            }
            adam.step(params, gradient, learningRate);
        };
    }
}
