package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** API keys (read-only and read-write), public paths, CORS for a configured origin, request ids. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityTests {

    private static final String WRITER = "writer-key-0123456789";
    private static final String READER = "reader-key-0123456789";

    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("descent.storage.dir", () -> storage.toString());
        registry.add("descent.security.api-keys[0].key", () -> WRITER);
        registry.add("descent.security.api-keys[0].access", () -> "read-write");
        registry.add("descent.security.api-keys[1].key", () -> READER);
        registry.add("descent.security.api-keys[1].access", () -> "read-only");
        registry.add("descent.cors.allowed-origins", () -> "https://app.example.com");
    }

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void noKeyOrAnUnknownKeyIs401() {
        JsonNode missing = api.problem(api.http.get().uri("/api/v1/datasets"), 401);
        assertThat(missing.path("detail").asString()).contains("X-API-Key");
        api.problem(api.http.get().uri("/api/v1/datasets").header("X-API-Key", "not-a-key-at-all-xx"), 401);
    }

    @Test
    void readOnlyKeysReadAndPredictButDoNotWrite() throws Exception {
        String csv = SeedData.logisticCsv(1);
        JsonNode forbidden = api.problem(api.http.post().uri("/api/v1/datasets?name=x").header("X-API-Key", READER)
                .contentType(ApiClient.CSV).body(csv), 403);
        assertThat(forbidden.path("detail").asString()).contains("read-only");

        String body = api.http.post().uri("/api/v1/training-jobs").header("X-API-Key", WRITER)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"dataset\": {\"features\": [[0], [1]], \"targets\": [0, 1]}, \"modelType\": \"logistic-regression\", \"hyperparameters\": {\"epochs\": 3}}")
                .exchange().expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody();
        String jobId = api.read(body).path("id").asString();
        String modelId = null;
        for (int i = 0; i < 500 && modelId == null; i++) {
            JsonNode job = api.read(api.http.get().uri("/api/v1/training-jobs/" + jobId).header("X-API-Key", READER)
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
            if ("succeeded".equals(job.path("status").asString())) {
                modelId = job.path("modelId").asString();
            }
            Thread.sleep(20);
        }
        assertThat(modelId).isNotNull();
        api.http.post().uri("/api/v1/models/" + modelId + "/predictions").header("X-API-Key", READER)
                .contentType(MediaType.APPLICATION_JSON).body("{\"features\": [[1]]}")
                .exchange().expectStatus().isOk();
        api.problem(api.http.delete().uri("/api/v1/models/" + modelId).header("X-API-Key", READER), 403);
        api.http.delete().uri("/api/v1/models/" + modelId).header("X-API-Key", WRITER).exchange().expectStatus().isNoContent();
    }

    @Test
    void healthAndApiDocsArePublic() {
        api.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        api.http.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
        api.http.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void corsPreflightForAConfiguredOriginNeedsNoKey() {
        api.http.options().uri("/api/v1/datasets")
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "X-API-Key, Content-Type")
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://app.example.com");
        api.http.options().uri("/api/v1/datasets")
                .header("Origin", "https://evil.example.org")
                .header("Access-Control-Request-Method", "POST")
                .exchange().expectStatus().isForbidden();
        api.http.get().uri("/api/v1/datasets").header("Origin", "https://app.example.com").header("X-API-Key", READER)
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://app.example.com");
    }

    @Test
    void everyAnswerCarriesARequestIdAndProblemsRepeatIt() {
        api.http.get().uri("/api/v1/datasets").header("X-API-Key", READER).exchange()
                .expectHeader().valueMatches("X-Request-Id", "[0-9a-f-]{36}");
        JsonNode problem = api.problem(api.http.get().uri("/api/v1/models/nope").header("X-API-Key", READER)
                .header("X-Request-Id", "trace-42"), 404);
        assertThat(problem.path("requestId").asString()).isEqualTo("trace-42");
        JsonNode unauthorized = api.problem(api.http.get().uri("/api/v1/models").header("X-Request-Id", "trace-43"), 401);
        assertThat(unauthorized.path("requestId").asString()).isEqualTo("trace-43");
    }
}
