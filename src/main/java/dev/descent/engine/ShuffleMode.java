package dev.descent.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a shuffled run orders its rows each epoch; {@code shuffle: false} keeps file order whatever the mode.
 * Every mode visits every row exactly once per epoch, in an order drawn from the job's seed.
 */
public enum ShuffleMode {
    /** Rows when the run's copy of the data is small enough for the row gather to stay in cache, blocks otherwise. */
    @JsonProperty("auto")
    AUTO,
    /** A fresh permutation of the rows every epoch; each batch is gathered row by row. */
    @JsonProperty("rows")
    ROWS,
    /** The rows permuted once into the run's copy, then a fresh permutation of its batch-sized blocks every epoch. */
    @JsonProperty("blocks")
    BLOCKS
}
