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
import tools.jackson.databind.JsonNode;

/** A job still training after descent.training.max-duration ends failed, saying why, with no model. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MaxDurationTests {

    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("descent.storage.dir", () -> storage.toString());
        registry.add("descent.training.max-duration", () -> "500ms");
    }

    @LocalServerPort
    int port;

    @Test
    void aJobOverTheWallClockLimitFailsWithTheReason() throws Exception {
        ApiClient api = new ApiClient(port);
        String datasetId = api.uploadCsv("slow", "label", SeedData.logisticCsv(21)).path("id").asString();
        JsonNode job = api.submit("""
                {"datasetId": "%s", "modelType": "logistic-regression",
                 "hyperparameters": {"epochs": 100000, "batchSize": 1, "tolerance": 0}}
                """.formatted(datasetId));
        JsonNode done = api.awaitEnd(job.path("id").asString(), Duration.ofSeconds(60));
        assertThat(done.path("status").asString()).isEqualTo("failed");
        assertThat(done.path("error").asString()).contains("descent.training.max-duration");
        assertThat(done.path("modelId").isNull() || done.path("modelId").isMissingNode()).isTrue();
        int epochs = done.path("progress").path("epoch").asInt();
        assertThat(epochs).isPositive().isLessThan(100000);
        assertThat(done.path("lossCurve").path("epochs").asInt()).isEqualTo(epochs);
    }
}
