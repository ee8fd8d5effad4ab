package dev.descent.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a logistic model chooses the probability at and above which it predicts class 1. */
public enum ThresholdPolicy {
    /** 0.5. */
    @JsonProperty("fixed") FIXED,
    /** The threshold with the highest F1 on the held-out rows (the training rows when the run holds none out). */
    @JsonProperty("max-f1") MAX_F1;

    /** The threshold of {@link #FIXED}. */
    public static final double DEFAULT_THRESHOLD = 0.5;
}
