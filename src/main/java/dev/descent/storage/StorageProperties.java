package dev.descent.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where descent keeps its datasets, models and job records.
 *
 * @param dir the data directory; created when missing
 */
@ConfigurationProperties("descent.storage")
public record StorageProperties(@DefaultValue("./data") Path dir) {
}
