package dev.descent.training.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Small data sent with the job itself; it is stored as a dataset of source "inline". */
@Schema(example = """
        {"features": [[0.0], [1.0], [2.0], [3.0]], "targets": [1.0, 3.0, 5.0, 7.0], "featureNames": ["x"]}""")
public record InlineDatasetRequest(
        @Schema(description = "A name; generated when missing") String name,
        @Schema(description = "One name per feature column; x1..xd when missing") List<String> featureNames,
        @Schema(description = "Rows of feature values, all of the same length") double[][] features,
        @Schema(description = "One target per row") double[] targets) {
}
