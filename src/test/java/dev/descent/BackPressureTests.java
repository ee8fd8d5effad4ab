package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One worker and a queue of one: the third job is refused with 429, and a queued job can be cancelled at once. Two
 * uploads at a time (the default): a third is refused with 429 while two bodies are still arriving.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BackPressureTests {

    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("descent.storage.dir", () -> storage.toString());
        registry.add("descent.training.workers", () -> "1");
        registry.add("descent.training.queue-capacity", () -> "1");
        registry.add("descent.training.retry-after", () -> "7s");
        registry.add("descent.training.memory-budget", () -> "10KB");
    }

    @LocalServerPort
    int port;

    @Test
    void aJobWhoseDataWouldNotFitTheMemoryBudgetIsRefusedUpFrontWithTheNumbers() {
        ApiClient api = new ApiClient(port);
        StringBuilder csv = new StringBuilder("a,b,c,d,e,y\n");
        for (int i = 0; i < 1000; i++) {
            csv.append(i).append(",1,2,3,4,").append(i % 2).append('\n');
        }
        String datasetId = api.uploadCsv("big", "y", csv.toString()).path("id").asString();
        long jobsBefore = api.get("/api/v1/training-jobs").path("totalItems").asLong();
        JsonNode problem = api.problem(api.http.post().uri("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .body("{\"datasetId\": \"" + datasetId + "\", \"modelType\": \"linear-regression\"}"), 413);
        assertThat(problem.path("detail").asString()).contains("1000 rows").contains("descent.training.memory-budget");
        assertThat(api.get("/api/v1/training-jobs").path("totalItems").asLong()).isEqualTo(jobsBefore);
    }

    @Test
    void fullQueueAnswers429WithRetryAfterAndQueuedJobsCancelAtOnce() throws Exception {
        ApiClient api = new ApiClient(port);
        String datasetId = api.uploadCsv("busy", "label", SeedData.logisticCsv(3)).path("id").asString();
        String longJob = """
                {"datasetId": "%s", "modelType": "logistic-regression",
                 "hyperparameters": {"epochs": 100000, "batchSize": 1, "tolerance": 0}}
                """.formatted(datasetId);

        String running = api.submit(longJob).path("id").asString();
        api.awaitStatus(running, "running", Duration.ofSeconds(30));
        String queued = api.submit(longJob).path("id").asString();
        long jobsBefore = api.get("/api/v1/training-jobs").path("totalItems").asLong();

        api.http.post().uri("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).body(longJob).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("Retry-After", "7")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(api.get("/api/v1/training-jobs").path("totalItems").asLong()).isEqualTo(jobsBefore);

        JsonNode cancelled = api.cancel(queued);
        assertThat(cancelled.path("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.path("startedAt").isNull() || cancelled.path("startedAt").isMissingNode()).isTrue();

        api.cancel(running);
        assertThat(api.awaitEnd(running, Duration.ofSeconds(30)).path("status").asString()).isEqualTo("cancelled");
        assertThat(api.get("/api/v1/models").path("totalItems").asLong()).isZero();
    }

    @Test
    void aThirdUploadWhileTwoBodiesAreStillArrivingIsRefusedWith429AndTheTwoComplete() throws Exception {
        ApiClient api = new ApiClient(port);
        long datasetsBefore = api.get("/api/v1/datasets").path("totalItems").asLong();
        byte[] head = "x,y\n1,0\n".getBytes(StandardCharsets.US_ASCII);
        byte[] rest = "2,1\n3,0\n".getBytes(StandardCharsets.US_ASCII);
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 1; i <= 2; i++) {
                // the headers and the first rows go now, the last rows later: the upload holds its request thread
                Socket socket = new Socket("localhost", port);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/datasets?name=slow&target=y HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\n"
                        + "Content-Length: " + (head.length + rest.length) + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(head);
                out.flush();
                slow.add(socket);
                awaitUploadsInProgress(api, i);
            }
            var third = api.http.post().uri("/api/v1/datasets?name=third&target=y").contentType(MediaType.parseMediaType("text/csv"))
                    .body("x,y\n1,0\n2,1\n").exchange().returnResult(String.class);
            assertThat(third.getStatus().value()).isEqualTo(429);
            assertThat(third.getResponseHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(third.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(api.read(third.getResponseBody()).path("detail").asString()).contains("descent.datasets.max-concurrent-uploads");

            for (Socket socket : slow) {
                socket.getOutputStream().write(rest);
                socket.getOutputStream().flush();
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 201").contains("\"rows\":3");
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        // the refused upload left nothing, and the permits came back
        assertThat(api.get("/api/v1/datasets").path("totalItems").asLong()).isEqualTo(datasetsBefore + 2);
        api.uploadCsv("after", "y", "x,y\n1,0\n2,1\n");
    }

    /** Waits until the service reports this many uploads being read (the descent.datasets.uploads.active gauge). */
    private static void awaitUploadsInProgress(ApiClient api, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double active;
        do {
            active = api.get("/actuator/metrics/descent.datasets.uploads.active").path("measurements").get(0).path("value").asDouble();
            if (active != expected) {
                Thread.sleep(20);
            }
        } while (active != expected && System.nanoTime() < deadline);
        assertThat(active).as("uploads being read").isEqualTo(expected);
    }
}
