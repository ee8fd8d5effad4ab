package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Two jobs that each fit the memory budget but not together never train at the same time. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MemoryBudgetTests {

    /** 1000 rows × 5 features: 24 KB for the loaded dataset and 24 KB for the job's copy. */
    private static final int ROWS = 1000;

    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("descent.storage.dir", () -> storage.toString());
        registry.add("descent.training.workers", () -> "2");
        registry.add("descent.training.memory-budget", () -> "80KB");
    }

    @LocalServerPort
    int port;

    @Test
    void aJobThatFitsAloneButNotBesideARunningOneWaitsQueuedUntilItEnds() throws Exception {
        ApiClient api = new ApiClient(port);
        String datasetId = uploadHalfTheBudget(api);
        String longJob = untilCancelled(datasetId, "logistic-regression");
        String shortJob = """
                {"datasetId": "%s", "modelType": "logistic-regression", "hyperparameters": {"epochs": 2}}
                """.formatted(datasetId);

        String first = api.submit(longJob).path("id").asString();
        api.awaitStatus(first, "running", Duration.ofSeconds(30));
        String second = api.submit(shortJob).path("id").asString();
        // A worker is free, so without the budget the second job would have been handed to it before submit answered.
        assertThat(gauge(api, "descent.training.queue.depth")).as("jobs waiting").isEqualTo(1);
        assertThat(gauge(api, "descent.training.active")).as("jobs holding a worker").isEqualTo(1);
        assertThat(api.get("/api/v1/training-jobs/" + second).path("status").asString()).isEqualTo("queued");
        assertThat(api.get("/api/v1/training-jobs/" + first).path("status").asString()).isEqualTo("running");

        api.cancel(first);
        assertThat(api.awaitEnd(first, Duration.ofSeconds(30)).path("status").asString()).isEqualTo("cancelled");
        assertThat(api.awaitEnd(second, Duration.ofSeconds(30)).path("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aJobWaitingForMemoryCancelsAtOnce() throws Exception {
        ApiClient api = new ApiClient(port);
        String datasetId = uploadHalfTheBudget(api);
        String longJob = untilCancelled(datasetId, "linear-regression");

        String first = api.submit(longJob).path("id").asString();
        api.awaitStatus(first, "running", Duration.ofSeconds(30));
        String second = api.submit(longJob).path("id").asString();
        assertThat(gauge(api, "descent.training.queue.depth")).as("the second job waits").isEqualTo(1);
        api.cancel(second);
        assertThat(api.awaitEnd(second, Duration.ofSeconds(5)).path("status").asString()).isEqualTo("cancelled");
        assertThat(api.get("/api/v1/training-jobs/" + first).path("status").asString()).isEqualTo("running");

        api.cancel(first);
        assertThat(api.awaitEnd(first, Duration.ofSeconds(30)).path("status").asString()).isEqualTo("cancelled");
    }

    private static double gauge(ApiClient api, String name) {
        return api.get("/actuator/metrics/" + name).path("measurements").get(0).path("value").asDouble();
    }

    /** A job that trains until it is cancelled: 100,000 epochs of one-row batches, never converging early. */
    private static String untilCancelled(String datasetId, String modelType) {
        return """
                {"datasetId": "%s", "modelType": "%s",
                 "hyperparameters": {"epochs": 100000, "batchSize": 1, "tolerance": 0}}
                """.formatted(datasetId, modelType);
    }

    /** A dataset of ROWS × 5 features: a job on it needs about 52 KB of the 80 KB budget (loaded, copied, targets). */
    private static String uploadHalfTheBudget(ApiClient api) {
        StringBuilder csv = new StringBuilder("a,b,c,d,e,y\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append(i % 7).append(",1,").append(i % 3).append(",3,4,").append(i % 2).append('\n');
        }
        return api.uploadCsv("half-the-budget", "y", csv.toString()).path("id").asString();
    }
}
