package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Every class of bad request to the training and model endpoints: a 4xx problem, and nothing created. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiErrorTests {

    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        registry.add("descent.storage.dir", () -> storage.toString());
        registry.add("descent.training.max-epochs", () -> "5000");
        registry.add("descent.predictions.max-rows", () -> "3");
        registry.add("descent.api.max-json-size", () -> "2KB");
    }

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private JsonNode rejectJob(String json, int status) {
        long jobsBefore = api.get("/api/v1/training-jobs").path("totalItems").asLong();
        long datasetsBefore = api.get("/api/v1/datasets").path("totalItems").asLong();
        JsonNode problem = api.problem(api.http.post().uri("/api/v1/training-jobs")
                .contentType(MediaType.APPLICATION_JSON).body(json), status);
        assertThat(api.get("/api/v1/training-jobs").path("totalItems").asLong()).isEqualTo(jobsBefore);
        assertThat(api.get("/api/v1/datasets").path("totalItems").asLong()).isEqualTo(datasetsBefore);
        return problem;
    }

    private static String field(JsonNode problem) {
        return problem.path("errors").get(0).path("field").asString();
    }

    @Test
    void malformedJson() {
        JsonNode problem = rejectJob("{\"modelType\": ", 400);
        assertThat(problem.path("detail").asString()).contains("not valid JSON");
    }

    @Test
    void unknownFieldIsNamed() {
        JsonNode problem = rejectJob("""
                {"dataset": {"features": [[1]], "targets": [1]}, "modelType": "linear-regression", "learningrate": 0.1}
                """, 400);
        assertThat(problem.path("detail").asString()).contains("learningrate");
    }

    @Test
    void unknownModelType() {
        JsonNode problem = rejectJob("""
                {"dataset": {"features": [[1]], "targets": [1]}, "modelType": "random-forest"}
                """, 400);
        assertThat(problem.path("detail").asString()).contains("logistic-regression").contains("linear-regression");
        assertThat(field(problem)).isEqualTo("modelType");
    }

    @Test
    void missingModelTypeAndMissingData() {
        assertThat(field(rejectJob("{\"dataset\": {\"features\": [[1]], \"targets\": [1]}}", 400))).isEqualTo("modelType");
        rejectJob("{\"modelType\": \"linear-regression\"}", 400);
    }

    @Test
    void wrongTypes() {
        JsonNode problem = rejectJob("""
                {"dataset": {"features": [[1]], "targets": [1]}, "modelType": "linear-regression",
                 "hyperparameters": {"epochs": "many"}}
                """, 400);
        assertThat(field(problem)).isEqualTo("hyperparameters.epochs");
    }

    @Test
    void hyperparametersOutOfRange() {
        String template = """
                {"dataset": {"features": [[1], [2]], "targets": [1, 2]}, "modelType": "linear-regression",
                 "hyperparameters": {%s}}
                """;
        assertThat(field(rejectJob(template.formatted("\"learningRate\": 0"), 400))).isEqualTo("hyperparameters.learningRate");
        assertThat(field(rejectJob(template.formatted("\"learningRate\": -1"), 400))).isEqualTo("hyperparameters.learningRate");
        assertThat(field(rejectJob(template.formatted("\"batchSize\": 0"), 400))).isEqualTo("hyperparameters.batchSize");
        assertThat(field(rejectJob(template.formatted("\"epochs\": 0"), 400))).isEqualTo("hyperparameters.epochs");
        assertThat(field(rejectJob(template.formatted("\"tolerance\": -0.1"), 400))).isEqualTo("hyperparameters.tolerance");
        JsonNode tooMany = rejectJob(template.formatted("\"epochs\": 5001"), 400);
        assertThat(tooMany.path("detail").asString()).contains("descent.training.max-epochs");
        assertThat(field(rejectJob(template.formatted("\"initialization\": \"ones\""), 400))).isEqualTo("hyperparameters.initialization");
    }

    @Test
    void raggedFeaturesAndWrongTargetCount() {
        JsonNode ragged = rejectJob("""
                {"dataset": {"features": [[1, 2], [3]], "targets": [1, 2]}, "modelType": "linear-regression"}
                """, 400);
        assertThat(ragged.path("detail").asString()).contains("features[1]: expected 2 values (as many as in row 0), got 1");
        assertThat(field(ragged)).isEqualTo("features[1]");
        JsonNode problem = rejectJob("""
                {"dataset": {"features": [[1], [3]], "targets": [1, 2, 3]}, "modelType": "linear-regression"}
                """, 400);
        assertThat(problem.path("detail").asString()).contains("targets: expected 2 targets (one per row of features), got 3");
        assertThat(field(problem)).isEqualTo("targets");
    }

    @Test
    void logisticRegressionNeedsZeroOneTargetsAndBothClasses() {
        JsonNode notBinary = rejectJob("""
                {"dataset": {"features": [[1], [2], [3]], "targets": [0, 1, 2]}, "modelType": "logistic-regression"}
                """, 400);
        assertThat(notBinary.path("detail").asString()).contains("needs a target of 0 and 1 only, but 'y' holds the values 0, 1, 2");
        assertThat(field(notBinary)).isEqualTo("modelType");
        JsonNode oneClass = rejectJob("""
                {"dataset": {"features": [[1], [2]], "targets": [1, 1]}, "modelType": "logistic-regression"}
                """, 400);
        assertThat(oneClass.path("detail").asString()).contains("needs both classes, but every row of 'y' is 1");
    }

    @Test
    void unknownDatasetId() {
        JsonNode problem = rejectJob("""
                {"datasetId": "00000000-0000-0000-0000-000000000000", "modelType": "linear-regression"}
                """, 400);
        assertThat(field(problem)).isEqualTo("datasetId");
    }

    @Test
    void unknownAndAbsurdIds() {
        api.problem(api.http.get().uri("/api/v1/training-jobs/nope"), 404);
        api.problem(api.http.get().uri("/api/v1/models/" + "a".repeat(5000)), 404);
        api.problem(api.http.get().uri("/api/v1/models/..%2F..%2Fetc%2Fpasswd"), 404);
        api.problem(api.http.post().uri("/api/v1/training-jobs/nope/cancel"), 404);
        api.problem(api.http.get().uri("/api/v1/datasets/NOT-AN-ID"), 404);
        api.problem(api.http.post().uri("/api/v1/models/nope/predictions").contentType(MediaType.APPLICATION_JSON)
                .body("{\"features\": [[1]]}"), 404);
    }

    @Test
    void unsupportedMediaTypeAndBadPaging() {
        api.problem(api.http.post().uri("/api/v1/training-jobs").contentType(MediaType.TEXT_PLAIN).body("hello"), 415);
        api.problem(api.http.get().uri("/api/v1/models?size=0"), 400);
        api.problem(api.http.get().uri("/api/v1/models?page=-1"), 400);
        api.problem(api.http.get().uri("/api/v1/models?page=abc"), 400);
    }

    @Test
    void badPredictions() throws Exception {
        String modelId = twoFeatureModel();
        String uri = "/api/v1/models/" + modelId + "/predictions";

        JsonNode wrongWidth = predictProblem(uri, "{\"features\": [[1, 2, 3]]}", 400);
        assertThat(wrongWidth.path("detail").asString()).contains("expected 2 features, got 3");
        assertThat(field(wrongWidth)).isEqualTo("features[0]");
        JsonNode unknownFeature = predictProblem(uri, "{\"instances\": [{\"a\": 1, \"c\": 2}]}", 400);
        assertThat(unknownFeature.path("detail").asString()).contains("unknown features [c]; the model's features are [a, b]");
        assertThat(field(unknownFeature)).isEqualTo("instances[0]");
        JsonNode missingFeature = predictProblem(uri, "{\"instances\": [{\"a\": 1}]}", 400);
        assertThat(missingFeature.path("detail").asString()).contains("instances[0].b: is missing");
        assertThat(field(missingFeature)).isEqualTo("instances[0].b");
        predictProblem(uri, "{\"features\": [[1, \"NaN\"]]}", 400);
        predictProblem(uri, "{\"features\": [[1, null]]}", 400);
        predictProblem(uri, "{\"features\": []}", 400);
        predictProblem(uri, "{}", 400);
        predictProblem(uri, "{\"features\": [[1, 2]], \"instances\": [{\"a\": 1, \"b\": 2}]}", 400);
        JsonNode tooMany = predictProblem(uri, "{\"features\": [[1, 2], [1, 2], [1, 2], [1, 2]]}", 413);
        assertThat(tooMany.path("detail").asString()).contains("descent.predictions.max-rows");
        api.problem(api.http.post().uri(uri + "?threshold=1.5").contentType(MediaType.APPLICATION_JSON)
                .body("{\"features\": [[1, 2]]}"), 400);
    }

    /** The prediction body is read with a streaming parser: its errors name the field as data binding's do. */
    @Test
    void predictionBodiesThatAreNotTheSchemaNameTheField() throws Exception {
        String modelId = twoFeatureModel();
        String uri = "/api/v1/models/" + modelId + "/predictions";

        assertThat(field(predictProblem(uri, "{\"features\": [[1, \"2\"]]}", 400))).isEqualTo("features[0][1]");
        assertThat(field(predictProblem(uri, "{\"features\": [[1, 2], [1, [2]]]}", 400))).isEqualTo("features[1][1]");
        assertThat(field(predictProblem(uri, "{\"features\": [[1, 2], 3]}", 400))).isEqualTo("features[1]");
        assertThat(field(predictProblem(uri, "{\"features\": \"1, 2\"}", 400))).isEqualTo("features");
        assertThat(field(predictProblem(uri, "{\"instances\": [{\"a\": \"x\", \"b\": 1}]}", 400))).isEqualTo("instances[0].a");
        JsonNode unknown = predictProblem(uri, "{\"features\": [[1, 2]], \"rows\": 1}", 400);
        assertThat(unknown.path("detail").asString()).contains("Unknown field 'rows'");
        assertThat(predictProblem(uri, "[[1, 2]]", 400).path("detail").asString()).contains("wrong type");
        assertThat(predictProblem(uri, "{\"features\": [[1, 2]]} {}", 400).path("detail").asString()).isNotBlank();
        assertThat(predictProblem(uri, "{\"features\": [[1, 2]", 400).path("detail").asString()).contains("not valid JSON");
        assertThat(predictProblem(uri, "", 400).path("detail").asString()).contains("missing");

        api.problem(api.http.get().uri(uri), 405);
        api.problem(api.http.post().uri(uri).contentType(MediaType.TEXT_PLAIN).body("{\"features\": [[1, 2]]}"), 415);
        api.problem(api.http.post().uri(uri + "?threshold=high").contentType(MediaType.APPLICATION_JSON)
                .body("{\"features\": [[1, 2]]}"), 400);
        // an empty threshold is the default, as it was for the annotated controller; a charset is still JSON
        String answer = api.http.post().uri(uri + "?threshold=").contentType(MediaType.parseMediaType("application/json;charset=UTF-8"))
                .body("{\"features\": [[1, 2]], \"instances\": null}").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(api.read(answer).path("predictions").size()).isEqualTo(1);
        assertThat(api.read(answer).path("modelId").asString()).isEqualTo(modelId);

        // the request metrics still name the route, for answers and for problems alike
        for (String status : List.of("200", "400", "405", "415")) {
            String metric = api.http.get().uri("/actuator/metrics/http.server.requests?tag={uri}&tag=status:{status}",
                            "uri:/api/v1/models/{id}/predictions", status)
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            assertThat(api.read(metric).path("measurements").get(0).path("value").asDouble()).as(status).isGreaterThanOrEqualTo(1);
        }
    }

    /** The prediction answers JSON only: an Accept that rules JSON out is 406, as from an annotated controller. */
    @Test
    void predictionsForAnAcceptThatRulesOutJsonAre406() throws Exception {
        String uri = "/api/v1/models/" + twoFeatureModel() + "/predictions";
        String body = "{\"features\": [[1, 2]]}";
        for (String accept : List.of("text/csv", "application/json;q=0", "application/xml, text/html", "not a media type")) {
            JsonNode problem = api.problem(api.http.post().uri(uri).contentType(MediaType.APPLICATION_JSON)
                    .header("Accept", accept).body(body), 406);
            // Spring's own detail: what the endpoint could have answered, or that the header does not parse
            assertThat(problem.path("detail").asString()).as(accept)
                    .contains(accept.equals("not a media type") ? "Could not parse Accept header" : "[application/json]");
        }
        for (String accept : List.of("application/*", "text/csv, application/json;q=0.5", "*/*;q=0.1", "application/json")) {
            api.http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).header("Accept", accept).body(body)
                    .exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        }
        // the annotated controllers answer the same way
        api.problem(api.http.get().uri(uri.replace("/predictions", "")).header("Accept", "text/csv"), 406);
        api.problem(api.http.get().uri(uri.replace("/predictions", "")).header("Accept", "not a media type"), 406);
    }

    @Test
    void jsonBodyOverTheLimitIs413AndNamesTheProperty() throws Exception {
        String rows = "[1.0, 2.0, 3.0]," .repeat(200);
        String big = "{\"dataset\": {\"features\": [" + rows + "[1.0, 2.0, 3.0]], \"targets\": [1]}, \"modelType\": \"linear-regression\"}";
        JsonNode problem = rejectJob(big, 413);
        assertThat(problem.path("detail").asString()).contains("descent.api.max-json-size");

        // the same body sent chunked, without a Content-Length, is cut off while it streams
        long datasetsBefore = api.get("/api/v1/datasets").path("totalItems").asLong();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/v1/datasets"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/datasets").path("totalItems").asLong()).isEqualTo(datasetsBefore);
    }

    /** A logistic model trained on features a and b: the subject of the prediction tests. */
    private String twoFeatureModel() throws InterruptedException {
        JsonNode job = api.submit("""
                {"dataset": {"features": [[0, 1], [1, 0], [2, 2]], "targets": [0, 1, 1], "featureNames": ["a", "b"]},
                 "modelType": "logistic-regression", "hyperparameters": {"epochs": 5}}
                """);
        return api.awaitEnd(job.path("id").asString(), java.time.Duration.ofSeconds(60)).path("modelId").asString();
    }

    private JsonNode predictProblem(String uri, String body, int status) {
        return api.problem(api.http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body), status);
    }
}
