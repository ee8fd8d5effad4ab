package dev.descent.engine.optimiser;

/**
 * How many values a run updates and how many of them, at the end, are intercepts; checks each step's arrays.
 *
 * @param parameters the length of every params and gradient array the run is given
 * @param biases     the last this many parameters are intercepts, which weight decay leaves alone
 */
record ParameterLayout(int parameters, int biases) {

    ParameterLayout {
        if (parameters < 1) {
            throw new IllegalArgumentException("expected at least 1 parameter, got " + parameters);
        }
        if (biases < 0 || biases > parameters) {
            throw new IllegalArgumentException("expected 0 to " + parameters + " biases, got " + biases);
        }
    }

    /** The parameters before the biases. */
    int weights() {
        return parameters - biases;
    }

    /** Refuses arrays of another length: the state was sized for {@link #parameters()} values. */
    void check(double[] params, double[] gradient) {
        if (params.length != parameters) {
            throw new IllegalArgumentException("expected " + parameters + " parameters, got " + params.length);
        }
        if (gradient.length != parameters) {
            throw new IllegalArgumentException("expected a gradient of " + parameters + " values, got " + gradient.length);
        }
    }
}
