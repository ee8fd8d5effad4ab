package dev.descent.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the weights start: the lecture's θ ← 0, or small normal values drawn from the job's seed. */
public enum Initialization {
    @JsonProperty("zeros")
    ZEROS,
    @JsonProperty("random")
    RANDOM
}
