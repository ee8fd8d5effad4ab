package dev.descent.training.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One epoch of a job's history, epochs counted from 1: its training loss, the learning rate it ran at and the
 * held-out rows' loss; the last two are left out where unknown (no validation rows, or a history of release 0.1.0).
 */
public record LossHistoryResponse(
        int epoch,
        double loss,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double learningRate,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double validationLoss) {
}
