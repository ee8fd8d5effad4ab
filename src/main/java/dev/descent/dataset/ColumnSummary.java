package dev.descent.dataset;

import java.util.Objects;

/**
 * Summary statistics of one feature column, over the stored float32 values; {@code std} is the population
 * standard deviation (divisor n), the one standardization uses.
 */
public record ColumnSummary(String name, double min, double max, double mean, double std) {

    public ColumnSummary {
        Objects.requireNonNull(name, "name");
    }
}
