package dev.descent.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/** QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED; a queued job may also end CANCELLED or FAILED directly. */
public enum JobStatus {
    @JsonProperty("queued") QUEUED,
    @JsonProperty("running") RUNNING,
    @JsonProperty("succeeded") SUCCEEDED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("cancelled") CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public String wireName() {
        return name().toLowerCase();
    }
}
