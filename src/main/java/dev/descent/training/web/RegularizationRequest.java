package dev.descent.training.web;

import dev.descent.engine.Regularization;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code "regularization": {"l1": λ₁, "l2": λ₂}}; either may be left out (0). */
@Schema(description = "The penalty λ₁‖w‖₁ + ½λ₂‖w‖² added to the mean loss, on the weights only (never the bias), in "
        + "the space the run trains in (standardized features when standardize is on). L1 is applied as a proximal "
        + "step, so weights reach exact zeros.", example = "{\"l1\": 0.001, \"l2\": 0.01}")
public record RegularizationRequest(
        @Schema(description = "λ₁, ≥ 0; default 0") Double l1,
        @Schema(description = "λ₂, ≥ 0; default 0") Double l2) {

    /** The engine's penalty; {@link dev.descent.engine.InvalidHyperparameterException} names l1 or l2. */
    Regularization resolve() {
        return new Regularization(l1 != null ? l1 : 0, l2 != null ? l2 : 0);
    }
}
