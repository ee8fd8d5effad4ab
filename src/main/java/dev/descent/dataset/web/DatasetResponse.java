package dev.descent.dataset.web;

import dev.descent.dataset.ColumnSummary;
import dev.descent.dataset.Dataset;
import dev.descent.dataset.TargetSummary;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** The dataset view: identity, columns and summaries; the values themselves are not sent back. */
public record DatasetResponse(
        @Schema(example = "0d6c7a3e-6f55-4a8e-9c55-3f8b2f5d9a10") String id,
        @Schema(example = "houses") String name,
        @Schema(example = "1000") long rows,
        @Schema(description = "The feature columns in stored order (the target taken out)") List<String> featureNames,
        @Schema(description = "The target column's name", example = "price") String target,
        Instant createdAt,
        @Schema(description = "Per feature: min, max, mean and population standard deviation") List<ColumnSummary> features,
        @Schema(description = "The target's statistics, its count of 0s and 1s, and up to 10 of its distinct values")
        TargetSummary targetSummary,
        @Schema(description = "Bytes on disk") long sizeBytes,
        @Schema(description = "SHA-256 (hex) of the stored float32 values, row by row, features then target") String sha256,
        @Schema(description = "How the dataset arrived", allowableValues = {"csv", "json", "inline"}) String source) {

    public static DatasetResponse from(Dataset dataset) {
        return new DatasetResponse(dataset.id(), dataset.name(), dataset.rows(), dataset.featureNames(), dataset.target(),
                dataset.createdAt(), dataset.features(), dataset.targetSummary(), dataset.sizeBytes(), dataset.sha256(),
                dataset.source());
    }
}
