package dev.descent.engine.optimiser;

/** Plain stochastic gradient descent: θ ← θ − η·g (PyTorch's SGD without momentum or weight decay). */
public record Sgd() implements Optimiser {

    public static final String NAME = "sgd";

    public static Sgd defaults() {
        return new Sgd();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run start(int parameters, int biases) {
        ParameterLayout layout = new ParameterLayout(parameters, biases);
        return (params, gradient, learningRate) -> {
            layout.check(params, gradient);
            // θ ← θ − η·g
            for (int i = 0; i < params.length; i++) {
                params[i] -= learningRate * gradient[i];
            }
        };
    }
}
