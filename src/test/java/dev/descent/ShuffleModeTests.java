package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The {@code shuffleMode} hyperparameter on a real server: its default, its values, the order a job ran in, its errors. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShuffleModeTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        registry.add("descent.storage.dir", () -> storage.toString());
    }

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void theJobShowsItsShuffleModeAndTheModelTheOrderItRan() throws Exception {
        String datasetId = api.uploadCsv("seed-000", "label", SeedData.logisticCsv(42)).path("id").asString();
        String request = """
                {"datasetId": "%s", "modelType": "logistic-regression",
                 "hyperparameters": {"epochs": 3, "seed": 7%s}}
                """;

        JsonNode byDefault = api.submit(request.formatted(datasetId, ""));
        JsonNode blocks = api.submit(request.formatted(datasetId, ", \"shuffleMode\": \"blocks\""));
        JsonNode fileOrder = api.submit(request.formatted(datasetId, ", \"shuffleMode\": \"rows\", \"shuffle\": false"));

        assertThat(byDefault.path("hyperparameters").path("shuffleMode").asString()).isEqualTo("auto");
        assertThat(blocks.path("hyperparameters").path("shuffleMode").asString()).isEqualTo("blocks");
        assertThat(fileOrder.path("hyperparameters").path("shuffleMode").asString()).isEqualTo("rows");
        // 100 rows of 5 features are far below auto's threshold: auto shuffles rows
        assertThat(kernelOf(byDefault)).endsWith("+rows");
        assertThat(kernelOf(blocks)).endsWith("+blocks");
        assertThat(kernelOf(fileOrder)).endsWith("+file-order");
        assertThat(api.get("/api/v1/training-jobs/" + blocks.path("id").asString())
                .path("hyperparameters").path("shuffleMode").asString()).isEqualTo("blocks");
    }

    @Test
    void anUnknownShuffleModeIsRejectedWithItsField() {
        String json = """
                {"dataset": {"features": [[1], [2]], "targets": [1, 2]}, "modelType": "linear-regression",
                 "hyperparameters": {"shuffleMode": "columns"}}
                """;
        JsonNode problem = api.problem(api.http.post().uri("/api/v1/training-jobs")
                .contentType(MediaType.APPLICATION_JSON).body(json), 400);

        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("hyperparameters.shuffleMode");
    }

    private String kernelOf(JsonNode job) throws InterruptedException {
        JsonNode done = api.awaitEnd(job.path("id").asString(), TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("succeeded");
        return api.get("/api/v1/models/" + done.path("modelId").asString()).path("kernel").asString();
    }
}
