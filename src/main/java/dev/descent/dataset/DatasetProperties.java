package dev.descent.dataset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what an upload may hold; over them a request gets a 413 (or 400) naming the limit and this property.
 *
 * @param maxRows       data rows per dataset
 * @param maxFeatures   feature columns per dataset (the target not counted)
 * @param maxNameLength characters in a dataset name or a column name
 * @param maxUploadSize bytes of CSV read from one upload
 * @param maxConcurrentUploads uploads read at once; one more is answered 429, so that slow uploads cannot hold every
 *                             request thread
 */
@ConfigurationProperties("descent.datasets")
public record DatasetProperties(@DefaultValue("50000000") long maxRows,
                                @DefaultValue("10000") int maxFeatures,
                                @DefaultValue("200") int maxNameLength,
                                @DefaultValue("4GB") DataSize maxUploadSize,
                                @DefaultValue("2") int maxConcurrentUploads) {

    public DatasetProperties {
        if (maxRows < 1) {
            throw new IllegalArgumentException("descent.datasets.max-rows must be 1 or more, got " + maxRows);
        }
        if (maxFeatures < 1) {
            throw new IllegalArgumentException("descent.datasets.max-features must be 1 or more, got " + maxFeatures);
        }
        if (maxNameLength < 1) {
            throw new IllegalArgumentException("descent.datasets.max-name-length must be 1 or more, got " + maxNameLength);
        }
        if (maxUploadSize == null || maxUploadSize.toBytes() < 1) {
            throw new IllegalArgumentException("descent.datasets.max-upload-size must be positive, got " + maxUploadSize);
        }
        if (maxConcurrentUploads < 1) {
            throw new IllegalArgumentException("descent.datasets.max-concurrent-uploads must be 1 or more, got " + maxConcurrentUploads);
        }
    }

    /** The defaults, as bound when nothing is configured. */
    public static DatasetProperties defaults() {
        return new DatasetProperties(50_000_000, 10_000, 200, DataSize.ofGigabytes(4), 2);
    }
}
