package dev.descent.system;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access for web front ends.
 *
 * @param allowedOrigins origins (or origin patterns such as {@code https://*.example.com}) allowed to call the API; none by default
 */
@ConfigurationProperties("descent.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {
}
