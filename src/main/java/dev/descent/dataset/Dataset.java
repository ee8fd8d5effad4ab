package dev.descent.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stored dataset: its identity, column names and summaries. The values themselves stay on disk in the shared
 * float32 layout until {@link Datasets#load} reads them.
 *
 * @param featureNames the feature columns in stored order (the CSV's order with the target taken out)
 * @param features     one summary per feature, in the order of {@code featureNames}
 * @param sizeBytes    bytes of the data file on disk (its values and a 32-byte header)
 * @param sha256       SHA-256 (hex) of the float32 values in the shared layout, features then target per row
 * @param source       how the dataset arrived: {@code csv}, {@code json} or {@code inline}
 */
public record Dataset(String id, String name, long rows, List<String> featureNames, String target, Instant createdAt,
                      List<ColumnSummary> features, TargetSummary targetSummary, long sizeBytes, String sha256,
                      String source) {

    public static final String SOURCE_CSV = "csv";
    public static final String SOURCE_JSON = "json";
    public static final String SOURCE_INLINE = "inline";

    public Dataset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        featureNames = List.copyOf(featureNames);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(createdAt, "createdAt");
        features = List.copyOf(features);
        Objects.requireNonNull(targetSummary, "targetSummary");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(source, "source");
        if (rows < 1) {
            throw new IllegalArgumentException("a dataset has at least one row, got " + rows);
        }
        if (featureNames.isEmpty() || featureNames.size() != features.size()) {
            throw new IllegalArgumentException("expected one summary per feature (" + featureNames.size() + "), got "
                    + features.size());
        }
    }

    /** The number of feature columns (the target not counted). */
    public int featureCount() {
        return featureNames.size();
    }

    /** True when every target is 0 or 1: what logistic regression needs. */
    public boolean binaryTarget() {
        return targetSummary.zeros() + targetSummary.ones() == rows;
    }
}
