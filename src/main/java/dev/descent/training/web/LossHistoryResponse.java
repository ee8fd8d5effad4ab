package dev.descent.training.web;

/** One epoch of a job's history: {@code {"epoch", "loss"}}, epochs counted from 1. */
public record LossHistoryResponse(int epoch, double loss) {
}
