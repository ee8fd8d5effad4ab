package dev.descent.engine;

/**
 * The penalty added to the mean loss: λ₁‖w‖₁ + ½λ₂‖w‖², on the weights only, never on the bias, in the space the
 * run trains in (standardized features when {@code standardize} is on). L2 enters the gradient (θ ← θ − η·(∇ + λ₂w));
 * L1 is a proximal step after each update, w ← sign(w)·max(|w| − η·λ₁, 0), so that weights reach exact zeros.
 *
 * @param l1 λ₁, at least 0
 * @param l2 λ₂, at least 0
 */
public record Regularization(double l1, double l2) {

    /** No penalty. */
    public static final Regularization NONE = new Regularization(0, 0);

    public Regularization {
        if (!(l1 >= 0) || !Double.isFinite(l1)) {
            throw new InvalidHyperparameterException("l1", "must be a finite number of at least 0, got " + l1);
        }
        if (!(l2 >= 0) || !Double.isFinite(l2)) {
            throw new InvalidHyperparameterException("l2", "must be a finite number of at least 0, got " + l2);
        }
    }

    /** The penalty's value at these weights: λ₁‖w‖₁ + ½λ₂‖w‖². */
    public double penalty(double[] weights) {
        double absolute = 0;
        double squares = 0;
        for (double w : weights) {
            absolute += Math.abs(w);
            squares += w * w;
        }
        return l1 * absolute + 0.5 * l2 * squares;
    }
}
