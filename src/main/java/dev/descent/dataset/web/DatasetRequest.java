package dev.descent.dataset.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A dataset sent as JSON arrays: one row of features per example and one target per row. */
@Schema(description = "A dataset given as arrays", example = """
        {"name": "xor-ish", "featureNames": ["x1", "x2"], "features": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": [0, 1, 1, 1]}""")
public record DatasetRequest(
        @Schema(description = "A name for people; a time-stamped one is made when missing", example = "houses")
        String name,
        @Schema(description = "One name per feature column; x1..xd when missing")
        List<String> featureNames,
        @Schema(description = "The rows: one array of finite numbers per example, all of the same length",
                requiredMode = Schema.RequiredMode.REQUIRED)
        double[][] features,
        @Schema(description = "One target per row: 0 or 1 for logistic regression, any finite number for linear",
                requiredMode = Schema.RequiredMode.REQUIRED)
        double[] targets) {
}
