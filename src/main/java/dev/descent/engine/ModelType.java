package dev.descent.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The linear models descent trains. */
public enum ModelType {
    /** p = σ(w·x + b), fitted by minimising the mean cross-entropy; labels are 0 or 1. */
    @JsonProperty("logistic-regression")
    LOGISTIC_REGRESSION("logistic-regression"),
    /** ŷ = w·x + b, fitted by minimising ½·mean((ŷ − y)²). */
    @JsonProperty("linear-regression")
    LINEAR_REGRESSION("linear-regression");

    private final String wireName;

    ModelType(String wireName) {
        this.wireName = wireName;
    }

    /** The name clients use in JSON and URLs. */
    public String wireName() {
        return wireName;
    }

    public static ModelType fromWireName(String name) {
        for (ModelType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown model type '" + name + "'; expected logistic-regression or linear-regression");
    }
}
