package dev.descent.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The largest JSON request body the API reads. JSON bodies are parsed in memory (large datasets belong in a
 * streamed CSV upload), so this bounds the heap one request can take.
 *
 * @param maxJsonSize bytes of JSON per request
 */
@ConfigurationProperties("descent.api")
public record JsonLimitProperties(@DefaultValue("64MB") DataSize maxJsonSize) {
}
