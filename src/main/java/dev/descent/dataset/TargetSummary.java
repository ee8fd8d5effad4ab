package dev.descent.dataset;

import java.util.List;
import java.util.Objects;

/**
 * Summary of the target column: its statistics plus what a logistic job needs to be checked before it is queued.
 *
 * @param zeros              rows whose target is exactly 0
 * @param ones               rows whose target is exactly 1
 * @param distinctValues     up to the first 10 distinct target values seen, sorted ascending
 * @param moreDistinctValues true when the target has more distinct values than {@code distinctValues} lists
 */
public record TargetSummary(String name, double min, double max, double mean, double std, long zeros, long ones,
                            List<Double> distinctValues, boolean moreDistinctValues) {

    /** How many distinct values {@link #distinctValues} lists at most. */
    public static final int MAX_DISTINCT_VALUES = 10;

    public TargetSummary {
        Objects.requireNonNull(name, "name");
        distinctValues = List.copyOf(distinctValues);
    }
}
