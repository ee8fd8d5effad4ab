package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A thin client over descent's REST API for integration tests: raw JSON trees, no mirror of the server's types. */
final class ApiClient {

    static final MediaType CSV = MediaType.parseMediaType("text/csv");
    static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;
    private static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled");

    final RestTestClient http;
    final JsonMapper json = JsonMapper.builder().build();
    final int port;

    ApiClient(int port) {
        this.port = port;
        this.http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    JsonNode read(String body) {
        return json.readTree(body);
    }

    JsonNode uploadCsv(String name, String target, String csv) {
        String uri = "/api/v1/datasets?name=" + name + (target == null ? "" : "&target=" + target);
        String body = http.post().uri(uri).contentType(CSV).body(csv).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/v1/datasets/[a-z0-9-]+")
                .expectBody(String.class).returnResult().getResponseBody();
        return read(body);
    }

    JsonNode submit(String requestJson) {
        String body = http.post().uri("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).body(requestJson)
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().valueMatches("Location", "/api/v1/training-jobs/[a-z0-9-]+")
                .expectBody(String.class).returnResult().getResponseBody();
        return read(body);
    }

    JsonNode get(String uri) {
        String body = http.get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return read(body);
    }

    /** A problem-details answer with the given status. */
    JsonNode problem(RestTestClient.RequestHeadersSpec<?> request, int status) {
        String body = request.exchange().expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(PROBLEM)
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode problem = read(body);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asString()).startsWith("https://descent.dev/problems/");
        assertThat(problem.path("detail").asString()).isNotBlank();
        return problem;
    }

    /** Asks a job to stop (200 whether it was queued or running) and returns the job as the answer shows it. */
    JsonNode cancel(String jobId) {
        return read(http.post().uri("/api/v1/training-jobs/" + jobId + "/cancel").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    JsonNode awaitEnd(String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = get("/api/v1/training-jobs/" + jobId);
            if (FINAL.contains(job.path("status").asString())) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " did not end in " + timeout + ": " + job);
            }
            Thread.sleep(20);
        }
    }

    JsonNode awaitStatus(String jobId, String status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = get("/api/v1/training-jobs/" + jobId);
            if (status.equals(job.path("status").asString())) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " did not reach " + status + " in " + timeout + ": " + job);
            }
            Thread.sleep(10);
        }
    }

    JsonNode predict(String modelId, String requestJson) {
        String body = http.post().uri("/api/v1/models/" + modelId + "/predictions").contentType(MediaType.APPLICATION_JSON)
                .body(requestJson).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return read(body);
    }
}
