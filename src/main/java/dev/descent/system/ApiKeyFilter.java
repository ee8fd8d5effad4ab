package dev.descent.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the {@code X-API-Key} header when keys are configured: no key or an unknown one is 401, a read-only key
 * on a request that changes state is 403. Predictions only read, so read-only keys may make them.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-API-Key";
    private static final Pattern PREDICTION = Pattern.compile("/api/v1/models/[^/]+/predictions");

    private final SecurityProperties properties;
    private final JsonMapper json;
    private final AntPathMatcher paths = new AntPathMatcher();

    public ApiKeyFilter(SecurityProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!properties.enabled() || CorsUtils.isPreFlightRequest(request)) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return properties.publicPaths().stream().anyMatch(pattern -> paths.match(pattern, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        SecurityProperties.ApiKey key = given == null ? null : find(given);
        if (key == null) {
            response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
            reject(response, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", given == null
                    ? "This service needs an API key: send it in the " + HEADER + " header."
                    : "The API key in the " + HEADER + " header is not one this service accepts.");
            return;
        }
        if (key.access() == SecurityProperties.Access.READ_ONLY && changesState(request)) {
            reject(response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "This API key is read-only; " + request.getMethod() + " " + request.getRequestURI()
                            + " needs a read-write key.");
            return;
        }
        chain.doFilter(request, response);
    }

    private SecurityProperties.ApiKey find(String given) {
        byte[] candidate = given.getBytes(StandardCharsets.UTF_8);
        SecurityProperties.ApiKey found = null;
        for (SecurityProperties.ApiKey key : properties.apiKeys()) {
            // constant-time comparison: response times say nothing about how much of a key matched
            if (MessageDigest.isEqual(candidate, key.key().getBytes(StandardCharsets.UTF_8))) {
                found = key;
            }
        }
        return found;
    }

    private static boolean changesState(HttpServletRequest request) {
        String method = request.getMethod();
        if (List.of("GET", "HEAD", "OPTIONS").contains(method)) {
            return false;
        }
        return !("POST".equals(method) && PREDICTION.matcher(request.getRequestURI()).matches());
    }

    private void reject(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
            throws IOException {
        ProblemResponses.write(response, json, status, type, title, detail);
    }
}
