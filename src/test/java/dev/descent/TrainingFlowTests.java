package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.training.TrainingProperties;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The whole flow on a real server: upload, train, watch, predict, cancel, delete, for both model types. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrainingFlowTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        registry.add("descent.storage.dir", () -> storage.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    TrainingProperties training;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void logisticRegressionOnSeedNotebook000SeparatesItsClasses() throws Exception {
        JsonNode dataset = api.uploadCsv("seed-000", "label", SeedData.logisticCsv(42));
        assertThat(dataset.path("rows").asInt()).isEqualTo(100);
        assertThat(dataset.path("featureNames").toString()).isEqualTo("[\"x1\",\"x2\",\"x3\",\"x4\",\"x5\"]");
        assertThat(dataset.path("target").asString()).isEqualTo("label");

        JsonNode job = api.submit("""
                {"datasetId": "%s", "modelType": "logistic-regression",
                 "hyperparameters": {"learningRate": 0.01, "epochs": 1000, "batchSize": 32, "seed": 7}}
                """.formatted(dataset.path("id").asString()));
        assertThat(job.path("status").asString()).isIn("queued", "running");
        assertThat(job.path("hyperparameters").path("tolerance").asDouble()).isEqualTo(1e-4);
        assertThat(job.path("hyperparameters").path("seed").asLong()).isEqualTo(7);
        assertThat(job.path("hyperparameters").path("initialization").asString()).isEqualTo("zeros");

        JsonNode done = api.awaitEnd(job.path("id").asString(), TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("succeeded");
        assertThat(done.path("lossHistory").size()).isEqualTo(done.path("progress").path("epoch").asInt()).isPositive();
        // the job's times are instants, in the order it went through them, and its creation time does not move
        Instant createdAt = instant(done, "createdAt");
        assertThat(createdAt).isEqualTo(instant(job, "createdAt"));
        assertThat(instant(done, "startedAt")).isAfterOrEqualTo(createdAt).isBeforeOrEqualTo(instant(done, "finishedAt"));

        JsonNode model = api.get("/api/v1/models/" + done.path("modelId").asString());
        assertThat(model.path("modelType").asString()).isEqualTo("logistic-regression");
        assertThat(model.path("trainingJobId").asString()).isEqualTo(job.path("id").asString());
        assertThat(model.path("datasetId").asString()).isEqualTo(dataset.path("id").asString());
        assertThat(model.path("metrics").path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(model.path("weights").size()).isEqualTo(5);
        // the signs of the true weights [1, −2, 3, −1, 2] are recovered
        double[] signs = {1, -1, 1, -1, 1};
        for (int j = 0; j < 5; j++) {
            assertThat(Math.signum(model.path("weights").get(j).asDouble())).isEqualTo(signs[j]);
        }

        // a client reproduces every prediction from the raw-space weights and bias
        JsonNode predicted = api.predict(model.path("id").asString(),
                "{\"features\": [[0.5, -1.0, 0.25, 2.0, -0.5], [0, 0, 0, 0, 0]]}");
        for (int i = 0; i < 2; i++) {
            double[] x = i == 0 ? new double[] {0.5, -1.0, 0.25, 2.0, -0.5} : new double[5];
            double z = model.path("bias").asDouble();
            for (int j = 0; j < 5; j++) {
                z += model.path("weights").get(j).asDouble() * x[j];
            }
            double p = 1 / (1 + Math.exp(-z));
            JsonNode prediction = predicted.path("predictions").get(i);
            assertThat(prediction.path("probability").asDouble()).isCloseTo(p, within(1e-12));
            assertThat(prediction.path("label").asInt()).isEqualTo(p >= 0.5 ? 1 : 0);
        }

        // instances by feature name give the same answer; a threshold moves the label
        JsonNode byName = api.predict(model.path("id").asString(),
                "{\"instances\": [{\"x1\": 0.5, \"x2\": -1.0, \"x3\": 0.25, \"x4\": 2.0, \"x5\": -0.5}]}");
        assertThat(byName.path("predictions").get(0)).isEqualTo(predicted.path("predictions").get(0));
        String thresholdBody = api.http.post().uri("/api/v1/models/" + model.path("id").asString() + "/predictions?threshold=1.0")
                .contentType(MediaType.APPLICATION_JSON).body("{\"features\": [[0, 0, 0, 0, 0]]}").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(api.read(thresholdBody).path("predictions").get(0).path("label").asInt()).isZero();
    }

    @Test
    void linearRegressionOnSeedNotebook002LandsAtTheClosedFormError() throws Exception {
        double[][] points = SeedData.bivariateNormal(2);
        JsonNode dataset = api.uploadCsv("seed-002", null, SeedData.csv(points, "x,y"));
        assertThat(dataset.path("target").asString()).isEqualTo("y");

        JsonNode job = api.submit("""
                {"datasetId": "%s", "modelType": "linear-regression",
                 "hyperparameters": {"learningRate": 0.01, "epochs": 200, "batchSize": 32, "seed": 3}}
                """.formatted(dataset.path("id").asString()));
        JsonNode done = api.awaitEnd(job.path("id").asString(), TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("succeeded");

        JsonNode model = api.get("/api/v1/models/" + done.path("modelId").asString());
        double closedForm = SeedData.closedFormMse(points);
        assertThat(model.path("metrics").path("mse").asDouble()).isCloseTo(closedForm, within(closedForm * 0.01));
        assertThat(model.path("metrics").path("r2").asDouble()).isGreaterThan(0.7);

        JsonNode predicted = api.predict(model.path("id").asString(), "{\"features\": [[5.0]]}");
        double expected = model.path("bias").asDouble() + 5.0 * model.path("weights").get(0).asDouble();
        assertThat(predicted.path("predictions").get(0).path("value").asDouble()).isCloseTo(expected, within(1e-12));
        assertThat(predicted.path("predictions").get(0).has("label")).isFalse();
    }

    @Test
    void inlineDatasetTrainsAndIsKeptAsADataset() throws Exception {
        JsonNode job = api.submit("""
                {"dataset": {"features": [[0], [1], [2], [3]], "targets": [1, 3, 5, 7], "featureNames": ["x"]},
                 "modelType": "linear-regression",
                 "hyperparameters": {"learningRate": 0.1, "epochs": 500, "batchSize": 4, "tolerance": 0}}
                """);
        JsonNode done = api.awaitEnd(job.path("id").asString(), TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("succeeded");
        assertThat(api.get("/api/v1/datasets/" + done.path("datasetId").asString()).path("rows").asInt()).isEqualTo(4);
        JsonNode model = api.get("/api/v1/models/" + done.path("modelId").asString());
        assertThat(model.path("weights").get(0).asDouble()).isCloseTo(2.0, within(1e-3));
        assertThat(model.path("bias").asDouble()).isCloseTo(1.0, within(1e-3));
        assertThat(model.path("featureNames").get(0).asString()).isEqualTo("x");
    }

    @Test
    void randomSeedIsDrawnAndRecordedWhenAbsent() throws Exception {
        JsonNode job = api.submit("""
                {"dataset": {"features": [[0], [1]], "targets": [0, 1]}, "modelType": "logistic-regression",
                 "hyperparameters": {"epochs": 3}}
                """);
        assertThat(job.path("hyperparameters").path("seed").isIntegralNumber()).isTrue();
        assertThat(job.path("hyperparameters").path("epochs").asInt()).isEqualTo(3);
        assertThat(job.path("hyperparameters").path("batchSize").asInt()).isEqualTo(32);
        assertThat(job.path("hyperparameters").path("learningRate").asDouble()).isEqualTo(0.01);
        JsonNode done = api.awaitEnd(job.path("id").asString(), TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("succeeded");
        assertThat(done.path("hyperparameters").path("seed")).isEqualTo(job.path("hyperparameters").path("seed"));
    }

    @Test
    void eventsStreamEveryEpochThenTheFinalStatus() throws Exception {
        JsonNode dataset = api.uploadCsv("events", "label", SeedData.logisticCsv(5));
        // every worker busy, so that the job is still queued when the client subscribes: no epoch can pass unseen
        List<String> blockers = new ArrayList<>();
        for (int i = 0; i < training.workers(); i++) {
            blockers.add(api.submit(untilCancelled(dataset.path("id").asString())).path("id").asString());
        }
        for (String blocker : blockers) {
            api.awaitStatus(blocker, "running", TIMEOUT);
        }
        String path;
        HttpResponse<InputStream> stream;
        try {
            JsonNode job = api.submit("""
                    {"datasetId": "%s", "modelType": "logistic-regression",
                     "hyperparameters": {"epochs": 50, "tolerance": 0, "seed": 1}}
                    """.formatted(dataset.path("id").asString()));
            path = "/api/v1/training-jobs/" + job.path("id").asString() + "/events";
            // the answer's headers come after the controller has subscribed the stream
            stream = openEvents(path);
        } finally {
            for (String blocker : blockers) {
                api.cancel(blocker);
            }
        }
        List<String[]> events = readEvents(stream);

        assertThat(events.get(0)[0]).isEqualTo("status");
        assertThat(api.read(events.get(0)[1]).path("status").asString()).isEqualTo("queued");
        String[] last = events.get(events.size() - 1);
        assertThat(last[0]).isEqualTo("status");
        assertThat(api.read(last[1]).path("status").asString()).isEqualTo("succeeded");
        List<JsonNode> progress = events.stream().filter(e -> e[0].equals("progress")).map(e -> api.read(e[1])).toList();
        // every epoch arrived, in order, each with its loss
        assertThat(progress).extracting(p -> p.path("epoch").asInt()).containsExactlyElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
        assertThat(progress).allSatisfy(p -> assertThat(p.path("loss").isNumber()).as("loss of %s", p).isTrue());
        assertThat(progress).allSatisfy(p -> assertThat(p.path("learningRate").asDouble()).as("rate of %s", p).isEqualTo(0.01));

        // a client that connects after the end gets the final state at once
        List<String[]> late = readEvents(openEvents(path));
        assertThat(late).hasSize(1);
        JsonNode lateStatus = api.read(late.get(0)[1]);
        assertThat(lateStatus.path("progress").path("epoch").asInt()).isEqualTo(50);
        assertThat(lateStatus.has("lossHistory")).as("status events carry no history").isFalse();
        assertThat(lateStatus.path("progress").path("loss").isNumber()).isTrue();
        for (String blocker : blockers) {
            assertThat(api.awaitEnd(blocker, TIMEOUT).path("status").asString()).isEqualTo("cancelled");
        }
    }

    @Test
    void cancellingARunningJobEndsItCancelledWithoutAModel() throws Exception {
        JsonNode dataset = api.uploadCsv("cancel", "label", SeedData.logisticCsv(9));
        JsonNode job = api.submit("""
                {"datasetId": "%s", "modelType": "logistic-regression",
                 "hyperparameters": {"epochs": 100000, "batchSize": 1, "tolerance": 0}}
                """.formatted(dataset.path("id").asString()));
        String id = job.path("id").asString();
        api.awaitStatus(id, "running", TIMEOUT);
        assertThat(api.cancel(id).path("id").asString()).isEqualTo(id);
        JsonNode done = api.awaitEnd(id, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("cancelled");
        assertThat(done.path("modelId").isMissingNode() || done.path("modelId").isNull()).isTrue();

        // cancelling again: the job has ended
        api.problem(api.http.post().uri("/api/v1/training-jobs/" + id + "/cancel"), 409);
    }

    @Test
    void deletingAModelAndADataset() {
        JsonNode dataset = api.uploadCsv("to-delete", "label", SeedData.logisticCsv(11));
        String id = dataset.path("id").asString();
        api.http.delete().uri("/api/v1/datasets/" + id).exchange().expectStatus().isNoContent();
        api.problem(api.http.get().uri("/api/v1/datasets/" + id), 404);
        api.problem(api.http.delete().uri("/api/v1/models/00000000-0000-0000-0000-000000000000"), 404);
    }

    @Test
    void listsArePagedNewestFirst() {
        api.uploadCsv("page-a", "label", SeedData.logisticCsv(1));
        api.uploadCsv("page-b", "label", SeedData.logisticCsv(2));
        JsonNode page = api.get("/api/v1/datasets?page=0&size=1");
        assertThat(page.path("items").size()).isEqualTo(1);
        assertThat(page.path("page").asInt()).isZero();
        assertThat(page.path("size").asInt()).isEqualTo(1);
        assertThat(page.path("totalItems").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(page.path("items").get(0).path("name").asString()).isEqualTo("page-b");
        assertThat(api.get("/api/v1/training-jobs?size=5").path("size").asInt()).isEqualTo(5);
        assertThat(api.get("/api/v1/models").path("page").asInt()).isZero();
    }

    @Test
    void openApiListsEveryEndpoint() {
        JsonNode docs = api.get("/v3/api-docs");
        JsonNode paths = docs.path("paths");
        JsonNode schemas = docs.path("components").path("schemas");
        assertThat(paths.has("/api/v1/datasets")).isTrue();
        assertThat(paths.has("/api/v1/datasets/{id}")).isTrue();
        assertThat(paths.has("/api/v1/training-jobs")).isTrue();
        assertThat(paths.has("/api/v1/training-jobs/{id}")).isTrue();
        assertThat(paths.has("/api/v1/training-jobs/{id}/cancel")).isTrue();
        assertThat(paths.has("/api/v1/training-jobs/{id}/events")).isTrue();
        assertThat(paths.has("/api/v1/models")).isTrue();
        assertThat(paths.has("/api/v1/models/{id}")).isTrue();
        JsonNode predict = paths.path("/api/v1/models/{id}/predictions").path("post");
        assertThat(predict.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/PredictionRequest");
        assertThat(predict.path("parameters").findValuesAsString("name")).containsExactly("id", "threshold");
        assertThat(predict.path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/PredictionResponse");
        assertThat(schemas.path("Prediction").path("properties").has("probability")).isTrue();
        assertThat(schemas.path("TrainingJobRequest").path("example").path("modelType").asString()).isEqualTo("logistic-regression");
        assertThat(schemas.path("PredictionRequest").path("example").path("features").isArray()).isTrue();
        assertThat(schemas.path("TrainingJobResponse").path("properties").has("lossHistory")).isTrue();
        api.http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
    }

    /** A job on this dataset that trains until it is cancelled: 100,000 epochs of one-row batches, never converging. */
    private static String untilCancelled(String datasetId) {
        return """
                {"datasetId": "%s", "modelType": "logistic-regression",
                 "hyperparameters": {"epochs": 100000, "batchSize": 1, "tolerance": 0}}
                """.formatted(datasetId);
    }

    /** A job's timestamp field: present, and an ISO-8601 instant. */
    private static Instant instant(JsonNode job, String field) {
        JsonNode value = job.path(field);
        assertThat(value.isString()).as("%s of %s is an ISO-8601 string", field, job).isTrue();
        return Instant.parse(value.asString());
    }

    /** Opens an SSE stream; returns once the answer's headers have come. */
    private HttpResponse<InputStream> openEvents(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/event-stream").timeout(TIMEOUT).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        return response;
    }

    /** Reads a whole SSE stream (it ends when the job does) as [event name, data] pairs. */
    private static List<String[]> readEvents(HttpResponse<InputStream> response) throws Exception {
        List<String[]> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                } else if (line.isEmpty() && name != null) {
                    events.add(new String[] {name, data.toString()});
                    name = null;
                    data.setLength(0);
                }
            }
        }
        assertThat(events).as("events of %s", response.uri()).isNotEmpty();
        return events;
    }
}
