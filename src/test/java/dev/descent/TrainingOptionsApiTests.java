package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Optimisers and learning-rate schedules as clients give them: by name or with parameters, echoed in full. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrainingOptionsApiTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("descent.storage.dir", () -> storage.toString());
    }

    @LocalServerPort
    int port;

    private String job(ApiClient api, String hyperparameters) {
        String datasetId = api.uploadCsv("options", "label", SeedData.logisticCsv(41)).path("id").asString();
        return """
                {"datasetId": "%s", "modelType": "logistic-regression", "hyperparameters": %s}
                """.formatted(datasetId, hyperparameters);
    }

    @Test
    void aBareNameTakesTheOptimisersDefaultsAndTheViewsShowThemAll() throws Exception {
        ApiClient api = new ApiClient(port);
        JsonNode queued = api.submit(job(api, """
                {"optimizer": "adam", "learningRateSchedule": {"name": "step", "stepEpochs": 2},
                 "epochs": 6, "tolerance": 0, "learningRate": 0.05, "seed": 3}"""));

        JsonNode optimizer = queued.path("hyperparameters").path("optimizer");
        assertThat(optimizer.path("name").asString()).isEqualTo("adam");
        assertThat(optimizer.path("beta1").asDouble()).isEqualTo(0.9);
        assertThat(optimizer.path("beta2").asDouble()).isEqualTo(0.999);
        assertThat(optimizer.path("epsilon").asDouble()).isEqualTo(1e-8);
        JsonNode schedule = queued.path("hyperparameters").path("learningRateSchedule");
        assertThat(schedule.path("name").asString()).isEqualTo("step");
        assertThat(schedule.path("stepEpochs").asInt()).isEqualTo(2);
        assertThat(schedule.path("gamma").asDouble()).as("the default").isEqualTo(0.5);

        JsonNode done = api.awaitEnd(queued.path("id").asString(), TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("succeeded");
        // Step(2, 0.5) from 0.05: the sixth epoch ran at 0.05 / 4
        assertThat(done.path("progress").path("learningRate").asDouble()).isEqualTo(0.0125);
        JsonNode model = api.get("/api/v1/models/" + done.path("modelId").asString());
        assertThat(model.path("kernel").asString()).contains("+adam+");
        assertThat(model.path("hyperparameters").path("optimizer")).isEqualTo(optimizer);
        assertThat(model.path("hyperparameters").path("learningRateSchedule")).isEqualTo(schedule);
    }

    @Test
    void withoutOptionsAJobIsPlainSgdAtAConstantRate() throws Exception {
        ApiClient api = new ApiClient(port);
        JsonNode queued = api.submit(job(api, "{\"epochs\": 3}"));
        assertThat(queued.path("hyperparameters").path("optimizer").path("name").asString()).isEqualTo("sgd");
        assertThat(queued.path("hyperparameters").path("learningRateSchedule").path("name").asString()).isEqualTo("constant");
        JsonNode done = api.awaitEnd(queued.path("id").asString(), TIMEOUT);
        assertThat(api.get("/api/v1/models/" + done.path("modelId").asString()).path("kernel").asString())
                .doesNotContain("sgd").startsWith("openblas-sgemv+");
    }

    @Test
    void aParameterTheOptimiserDoesNotHaveIsRefusedByName() {
        ApiClient api = new ApiClient(port);
        JsonNode problem = api.problem(api.http.post().uri("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .body(job(api, "{\"optimizer\": {\"name\": \"momentum\", \"beta1\": 0.9}}")), 400);
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("hyperparameters.optimizer.beta1");
        assertThat(problem.path("errors").get(0).path("message").asString())
                .isEqualTo("does not apply to momentum (it takes momentum, nesterov)");
    }

    @Test
    void anUnknownOptimiserOrAnOutOfRangeParameterIsRefusedByName() {
        ApiClient api = new ApiClient(port);
        JsonNode unknown = api.problem(api.http.post().uri("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .body(job(api, "{\"optimizer\": \"nadam\"}")), 400);
        assertThat(unknown.path("errors").get(0).path("field").asString()).isEqualTo("hyperparameters.optimizer.name");
        assertThat(unknown.path("errors").get(0).path("message").asString())
                .contains("sgd, momentum, adagrad, rmsprop, adam, adamw").contains("'nadam'");

        JsonNode range = api.problem(api.http.post().uri("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .body(job(api, "{\"optimizer\": {\"name\": \"adam\", \"beta1\": 1.5}}")), 400);
        assertThat(range.path("errors").get(0).path("field").asString()).isEqualTo("hyperparameters.optimizer.beta1");

        JsonNode cosine = api.problem(api.http.post().uri("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .body(job(api, "{\"learningRate\": 0.01, \"learningRateSchedule\": {\"name\": \"cosine\", \"minLearningRate\": 0.5}}")), 400);
        assertThat(cosine.path("errors").get(0).path("field").asString())
                .isEqualTo("hyperparameters.learningRateSchedule.minLearningRate");
    }

    @Test
    void regularizationIsEchoedWithItsDefaultAndRefusedOutOfRange() throws Exception {
        ApiClient api = new ApiClient(port);
        JsonNode queued = api.submit(job(api, "{\"regularization\": {\"l2\": 0.01}, \"epochs\": 3}"));
        JsonNode regularization = queued.path("hyperparameters").path("regularization");
        assertThat(regularization.path("l1").asDouble()).isEqualTo(0.0);
        assertThat(regularization.path("l2").asDouble()).isEqualTo(0.01);
        assertThat(api.awaitEnd(queued.path("id").asString(), TIMEOUT).path("status").asString()).isEqualTo("succeeded");

        JsonNode problem = api.problem(api.http.post().uri("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .body(job(api, "{\"regularization\": {\"l1\": -1}}")), 400);
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("hyperparameters.regularization.l1");
    }

    @Test
    void aValidationSplitGivesAValidationLossPerEpochAndValidationMetricsWithTheModel() throws Exception {
        ApiClient api = new ApiClient(port);
        JsonNode queued = api.submit(job(api, """
                {"validationFraction": 0.25, "earlyStopping": {"patience": 2}, "epochs": 400, "learningRate": 0.5, "seed": 5,
                 "tolerance": 0}"""));
        assertThat(queued.path("hyperparameters").path("validationFraction").asDouble()).isEqualTo(0.25);
        JsonNode stopping = queued.path("hyperparameters").path("earlyStopping");
        assertThat(stopping.path("patience").asInt()).isEqualTo(2);
        assertThat(stopping.path("minDelta").asDouble()).isEqualTo(0.0);
        assertThat(stopping.path("restoreBestWeights").asBoolean()).isTrue();

        JsonNode done = api.awaitEnd(queued.path("id").asString(), TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("succeeded");
        int epochs = done.path("progress").path("epoch").asInt();
        assertThat(epochs).as("early stopping ended it").isLessThan(400);
        assertThat(done.path("progress").path("validationLoss").isNumber()).isTrue();
        JsonNode history = api.get("/api/v1/training-jobs/" + done.path("id").asString() + "/history");
        assertThat(history.path("totalItems").asInt()).isEqualTo(epochs);
        assertThat(history.path("items")).allSatisfy(item -> {
            assertThat(item.path("validationLoss").isNumber()).as("%s", item).isTrue();
            assertThat(item.path("learningRate").asDouble()).isEqualTo(0.5);
        });
        JsonNode model = api.get("/api/v1/models/" + done.path("modelId").asString());
        assertThat(model.path("validationMetrics").path("accuracy").isNumber()).isTrue();
        assertThat(model.path("bestEpoch").asInt()).isEqualTo(epochs - 2);
        double best = Double.MAX_VALUE;
        for (JsonNode item : history.path("items")) {
            best = Math.min(best, item.path("validationLoss").asDouble());
        }
        assertThat(model.path("validationMetrics").path("loss").asDouble())
                .as("the restored weights are the best epoch's").isCloseTo(best, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aWarmStartOfNEpochsAfterMEqualsMPlusNEpochsInOneRunBitForBit() throws Exception {
        ApiClient api = new ApiClient(port);
        String datasetId = api.uploadCsv("warm", "label", SeedData.logisticCsv(43)).path("id").asString();
        String plain = "\"shuffle\": false, \"standardize\": false, \"tolerance\": 0, \"learningRate\": 0.1, \"batchSize\": 16";
        String request = "{\"datasetId\": \"" + datasetId + "\", \"modelType\": \"logistic-regression\", \"hyperparameters\": {%s}}";

        JsonNode first = api.awaitEnd(api.submit(request.formatted(plain + ", \"epochs\": 3")).path("id").asString(), TIMEOUT);
        String parent = first.path("modelId").asString();
        JsonNode continued = api.submit(request.formatted(plain + ", \"epochs\": 4, \"initialModelId\": \"" + parent + "\""));
        assertThat(continued.path("initialModelId").asString()).isEqualTo(parent);
        JsonNode second = api.awaitEnd(continued.path("id").asString(), TIMEOUT);
        JsonNode once = api.awaitEnd(api.submit(request.formatted(plain + ", \"epochs\": 7")).path("id").asString(), TIMEOUT);

        JsonNode warm = api.get("/api/v1/models/" + second.path("modelId").asString());
        JsonNode cold = api.get("/api/v1/models/" + once.path("modelId").asString());
        assertThat(warm.path("parentModelId").asString()).isEqualTo(parent);
        assertThat(cold.path("parentModelId").isNull()).isTrue();
        assertThat(warm.path("weights")).isEqualTo(cold.path("weights"));
        assertThat(warm.path("bias").asDouble()).isEqualTo(cold.path("bias").asDouble());

        JsonNode linear = api.awaitEnd(api.submit("{\"datasetId\": \"" + datasetId
                + "\", \"modelType\": \"linear-regression\", \"hyperparameters\": {\"epochs\": 2}}").path("id").asString(), TIMEOUT);
        JsonNode wrongType = api.problem(api.http.post().uri("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .body(request.formatted("\"initialModelId\": \"" + linear.path("modelId").asString() + "\"")), 400);
        assertThat(wrongType.path("errors").get(0).path("field").asString()).isEqualTo("hyperparameters.initialModelId");
        assertThat(wrongType.path("errors").get(0).path("message").asString()).contains("is a linear-regression");
        String otherData = api.uploadCsv("other", "label", SeedData.logisticCsv(44).replaceFirst("x1,", "a1,")).path("id").asString();
        JsonNode wrongFeatures = api.problem(api.http.post().uri("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .body("{\"datasetId\": \"" + otherData + "\", \"modelType\": \"logistic-regression\", "
                        + "\"hyperparameters\": {\"initialModelId\": \"" + parent + "\"}}"), 400);
        assertThat(wrongFeatures.path("errors").get(0).path("message").asString()).contains("the same features");
    }

    @Test
    void aModelsManifestAndHyperparametersRepeatItsRunBitForBit() throws Exception {
        ApiClient api = new ApiClient(port);
        String datasetId = api.uploadCsv("manifest", "label", SeedData.logisticCsv(45)).path("id").asString();
        JsonNode first = api.awaitEnd(api.submit("{\"datasetId\": \"" + datasetId + "\", \"modelType\": \"logistic-regression\","
                + " \"hyperparameters\": {\"epochs\": 20, \"optimizer\": \"adam\", \"validationFraction\": 0.2}}")
                .path("id").asString(), TIMEOUT);
        JsonNode model = api.get("/api/v1/models/" + first.path("modelId").asString());
        JsonNode manifest = model.path("manifest");
        assertThat(manifest.path("datasetSha256").asString())
                .isEqualTo(api.get("/api/v1/datasets/" + datasetId).path("sha256").asString());
        assertThat(manifest.path("seed").asLong()).isEqualTo(model.path("hyperparameters").path("seed").asLong());
        assertThat(manifest.path("kernel").asString()).isEqualTo(model.path("kernel").asString());
        assertThat(manifest.path("engine").path("nd4j").asString()).isEqualTo("1.0.0-M2.1");
        assertThat(manifest.path("engine").path("openblas").asString()).isEqualTo("OpenBLAS 0.3.19");
        assertThat(manifest.path("jdk").asString()).contains(System.getProperty("java.version"));
        assertThat(manifest.path("descentVersion").asString()).isNotBlank();
        assertThat(manifest.path("descentCommit").asString()).isNotBlank();

        // every effective hyperparameter, sent back as it was shown, gives the same weights
        JsonNode again = api.awaitEnd(api.submit("{\"datasetId\": \"" + datasetId + "\", \"modelType\": \"logistic-regression\","
                + " \"hyperparameters\": " + model.path("hyperparameters") + "}").path("id").asString(), TIMEOUT);
        JsonNode repeated = api.get("/api/v1/models/" + again.path("modelId").asString());
        assertThat(repeated.path("weights")).isEqualTo(model.path("weights"));
        assertThat(repeated.path("bias")).isEqualTo(model.path("bias"));
        assertThat(repeated.path("hyperparameters")).isEqualTo(model.path("hyperparameters"));
    }

    @Test
    void aMaxF1ThresholdIsKeptWithTheModelAndUsedUnlessAPredictionOverridesIt() throws Exception {
        ApiClient api = new ApiClient(port);
        JsonNode fixed = api.awaitEnd(api.submit(job(api, "{\"epochs\": 5, \"seed\": 2}")).path("id").asString(), TIMEOUT);
        assertThat(api.get("/api/v1/models/" + fixed.path("modelId").asString()).path("threshold").asDouble()).isEqualTo(0.5);

        JsonNode tuned = api.awaitEnd(api.submit(job(api, """
                {"epochs": 5, "seed": 2, "thresholdPolicy": "max-f1", "validationFraction": 0.3}""")).path("id").asString(), TIMEOUT);
        String modelId = tuned.path("modelId").asString();
        JsonNode model = api.get("/api/v1/models/" + modelId);
        assertThat(model.path("hyperparameters").path("thresholdPolicy").asString()).isEqualTo("max-f1");
        double threshold = model.path("threshold").asDouble();
        assertThat(threshold).isStrictlyBetween(0.0, 1.0);

        // a row scored just below and one just above the model's threshold
        String rows = "{\"features\": [[0, 0, 0, 0, 0]]}";
        double p = api.predict(modelId, rows).path("predictions").get(0).path("probability").asDouble();
        int label = api.predict(modelId, rows).path("predictions").get(0).path("label").asInt();
        assertThat(label).as("p %.4f against the model's threshold %.4f", p, threshold).isEqualTo(p >= threshold ? 1 : 0);
        double other = p >= threshold ? Math.min(1, p + 1e-6) : Math.max(0, p - 1e-6);
        JsonNode overridden = api.read(api.http.post().uri("/api/v1/models/" + modelId + "/predictions?threshold=" + other)
                .contentType(MediaType.APPLICATION_JSON).body(rows).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(overridden.path("predictions").get(0).path("label").asInt()).isEqualTo(p >= other ? 1 : 0);
    }

    @Test
    void aLogisticPredictionGivesTheRawScoreThatAClientCanRecomputeFromTheModel() throws Exception {
        ApiClient api = new ApiClient(port);
        JsonNode done = api.awaitEnd(api.submit(job(api, "{\"epochs\": 4, \"seed\": 9}")).path("id").asString(), TIMEOUT);
        JsonNode model = api.get("/api/v1/models/" + done.path("modelId").asString());
        double[] x = {0.5, -1, 0.25, 2, -0.5};
        double z = model.path("bias").asDouble();
        for (int j = 0; j < x.length; j++) {
            z += model.path("weights").get(j).asDouble() * x[j];
        }

        JsonNode prediction = api.predict(done.path("modelId").asString(),
                "{\"features\": [[0.5, -1, 0.25, 2, -0.5]]}").path("predictions").get(0);

        assertThat(prediction.path("score").asDouble()).isCloseTo(z, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(prediction.path("probability").asDouble())
                .isCloseTo(1 / (1 + Math.exp(-prediction.path("score").asDouble())), org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void progressEventsCarryTheLearningRate() throws Exception {
        ApiClient api = new ApiClient(port);
        String id = api.submit(job(api, """
                {"learningRateSchedule": "exponential", "epochs": 4, "tolerance": 0, "learningRate": 0.1}""")).path("id").asString();
        JsonNode done = api.awaitEnd(id, TIMEOUT);
        // exponential, γ = 0.95 by default: the fourth epoch at 0.1 · 0.95³
        assertThat(done.path("progress").path("learningRate").asDouble()).isCloseTo(0.1 * 0.95 * 0.95 * 0.95,
                org.assertj.core.api.Assertions.within(1e-15));
    }
}
