package dev.descent.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which implementation runs a mini-batch step: the same math either way, tested equal. */
public enum KernelChoice {
    /** The fused fast step (BLAS calls and a Vector-API loop over the job's buffers). */
    @JsonProperty("auto") AUTO,
    /** The reference step: the loss and gradient written as ND4J array operations, readable as the formulas. */
    @JsonProperty("nd4j") ND4J
}
