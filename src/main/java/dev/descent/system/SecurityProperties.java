package dev.descent.system;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Optional API-key authentication, off while no key is configured (the embedded local use).
 *
 * @param apiKeys     the accepted keys, each read-only or read-write, sent by clients in the {@code X-API-Key} header
 * @param publicPaths path patterns reachable without a key (health, API docs, Swagger UI by default)
 */
@ConfigurationProperties("descent.security")
public record SecurityProperties(
        @DefaultValue List<ApiKey> apiKeys,
        @DefaultValue({"/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                "/swagger-ui/**"}) List<String> publicPaths) {

    /** What a key may do: read-only keys may read and predict; read-write keys may also create, cancel and delete. */
    public enum Access { READ_ONLY, READ_WRITE }

    /** One accepted key. */
    public record ApiKey(String key, @DefaultValue("read-only") Access access) {
        public ApiKey {
            if (key == null || key.length() < 16) {
                throw new IllegalArgumentException("descent.security.api-keys[].key must be at least 16 characters");
            }
        }
    }

    public boolean enabled() {
        return !apiKeys.isEmpty();
    }
}
