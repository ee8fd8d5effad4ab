package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** A restart on the same storage directory finds datasets, models and jobs intact, and predicts identically. */
class RestartTests {

    @TempDir
    Path storage;

    private ConfigurableApplicationContext start() {
        // command-line arguments, which outrank application.yml (default properties would not)
        return new SpringApplicationBuilder(DescentApplication.class)
                .run("--server.port=0", "--descent.storage.dir=" + storage, "--descent.training.shutdown-grace=1s");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void everythingAcknowledgedSurvivesARestart() throws Exception {
        String datasetId;
        String jobId;
        String modelId;
        JsonNode model;
        JsonNode predictions;
        String stuckJobId;
        String request = "{\"features\": [[0.1, 0.2, 0.3, 0.4, 0.5], [-1, 2, -3, 4, -5]]}";
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = new ApiClient(port(first));
            datasetId = api.uploadCsv("durable", "label", SeedData.logisticCsv(8)).path("id").asString();
            jobId = api.submit("""
                    {"datasetId": "%s", "modelType": "logistic-regression", "hyperparameters": {"epochs": 100, "seed": 4}}
                    """.formatted(datasetId)).path("id").asString();
            JsonNode done = api.awaitEnd(jobId, Duration.ofSeconds(60));
            assertThat(done.path("status").asString()).isEqualTo("succeeded");
            modelId = done.path("modelId").asString();
            model = api.get("/api/v1/models/" + modelId);
            predictions = api.predict(modelId, request);
            // a job that a crash left running: its record says so, as a kill -9 would leave it
            stuckJobId = "11111111-2222-3333-4444-555555555555";
            String stuck = Files.readString(storage.resolve("training-jobs").resolve(jobId + ".json"))
                    .replace(jobId, stuckJobId).replace("\"succeeded\"", "\"running\"");
            assertThat(stuck).as("the stored job, made to look running").contains(stuckJobId, "\"running\"");
            Files.writeString(storage.resolve("training-jobs").resolve(stuckJobId + ".json"), stuck);
            Files.writeString(storage.resolve("models").resolve("garbage.json"), "{not json");
        }

        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = new ApiClient(port(second));
            assertThat(api.get("/api/v1/datasets/" + datasetId).path("rows").asInt()).isEqualTo(100);
            assertThat(api.get("/api/v1/models/" + modelId)).isEqualTo(model);
            assertThat(api.predict(modelId, request)).isEqualTo(predictions);
            JsonNode job = api.get("/api/v1/training-jobs/" + jobId);
            assertThat(job.path("status").asString()).isEqualTo("succeeded");
            assertThat(job.path("modelId").asString()).isEqualTo(modelId);
            JsonNode stuck = api.get("/api/v1/training-jobs/" + stuckJobId);
            assertThat(stuck.path("status").asString()).isEqualTo("failed");
            assertThat(stuck.path("error").asString()).contains("interrupted by a restart");
            // and it trains again on the reloaded dataset, identically for the same seed
            String again = api.submit("""
                    {"datasetId": "%s", "modelType": "logistic-regression", "hyperparameters": {"epochs": 100, "seed": 4}}
                    """.formatted(datasetId)).path("id").asString();
            JsonNode againDone = api.awaitEnd(again, Duration.ofSeconds(60));
            assertThat(againDone.path("status").asString()).isEqualTo("succeeded");
            JsonNode againWeights = api.get("/api/v1/models/" + againDone.path("modelId").asString()).path("weights");
            assertThat(againWeights).hasSize(5).isEqualTo(model.path("weights"));
        }
    }
}
