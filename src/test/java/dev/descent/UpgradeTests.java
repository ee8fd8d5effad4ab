package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The current release on the data directory that release 0.1.0 wrote ({@code fixtures/release-0.1.0}): every record
 * loads and answers as that release did, job records move to schema version 2 with their history in its own file,
 * and files that a newer release wrote are left exactly as they are.
 */
class UpgradeTests {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/release-0.1.0");
    private static final String LOGISTIC_MODEL = "82e54c2a-7434-45f9-918e-bb322432c024";
    private static final String LINEAR_MODEL = "8b253715-0698-4463-bb44-ffec37635bec";
    private static final String LOGISTIC_JOB = "c44fda49-d9bb-4479-8e07-9ef9cfcafa69";
    private static final String INTERRUPTED_JOB = "0c0ffee0-0000-4000-8000-000000000001";
    private static final String NEWER_ID = "0c0ffee0-0000-4000-8000-0000000000ff";

    @TempDir
    Path storage;

    @Test
    void release010sRecordsLoadAndAnswerAsThatReleaseDid() throws Exception {
        copy(FIXTURES, storage);
        JsonNode v1Job = read(FIXTURES.resolve("training-jobs/" + LOGISTIC_JOB + ".json"));
        byte[] linearModelFile = Files.readAllBytes(storage.resolve("models/" + LINEAR_MODEL + ".json"));
        try (ConfigurableApplicationContext service = start()) {
            ApiClient api = new ApiClient(port(service));

            assertThat(api.get("/api/v1/datasets").path("totalItems").asInt()).isEqualTo(2);
            JsonNode iris = api.get("/api/v1/datasets/3283e537-d490-4965-a71e-578002249cba");
            assertThat(iris.path("sha256").asString())
                    .isEqualTo("a06bc31fd4f4796076b268bbb48d0423a01ca4753f66882189efb0af361bdd57");
            assertThat(iris.path("rows").asInt()).isEqualTo(20);

            JsonNode predictions = api.predict(LOGISTIC_MODEL,
                    "{\"features\": [[5.0, 3.4, 1.5, 0.2], [6.1, 2.8, 4.7, 1.2]]}").path("predictions");
            assertThat(predictions.get(0).path("probability").asDouble()).isEqualTo(0.040355620029319465);
            assertThat(predictions.get(1).path("probability").asDouble()).isEqualTo(0.9616348881313641);
            assertThat(predictions.get(1).path("label").asInt()).isEqualTo(1);
            assertThat(api.get("/api/v1/models/" + LINEAR_MODEL).path("weights").get(0).asDouble())
                    .isEqualTo(1.7505858238094874);

            JsonNode job = api.get("/api/v1/training-jobs/" + LOGISTIC_JOB);
            assertThat(job.path("status").asString()).isEqualTo("succeeded");
            assertThat(job.path("lossHistory")).isEqualTo(v1Job.path("lossHistory"));
            assertThat(job.path("progress").path("loss").asDouble())
                    .isEqualTo(v1Job.path("lossHistory").get(29).asDouble());
            JsonNode history = api.get("/api/v1/training-jobs/" + LOGISTIC_JOB + "/history?size=10&page=2");
            assertThat(history.path("totalItems").asInt()).isEqualTo(30);
            assertThat(history.path("items").get(0).path("epoch").asInt()).isEqualTo(21);
            assertThat(history.path("items").get(0).path("loss").asDouble())
                    .isEqualTo(v1Job.path("lossHistory").get(20).asDouble());

            JsonNode interrupted = api.get("/api/v1/training-jobs/" + INTERRUPTED_JOB);
            assertThat(interrupted.path("status").asString()).isEqualTo("failed");
            assertThat(interrupted.path("error").asString()).contains("interrupted by a restart");
            assertThat(interrupted.path("lossHistory").size()).isEqualTo(12);
        }

        JsonNode rewritten = read(storage.resolve("training-jobs/" + LOGISTIC_JOB + ".json"));
        assertThat(rewritten.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(rewritten.has("lossHistory")).isFalse();
        assertThat(storage.resolve("training-jobs/" + LOGISTIC_JOB + ".history")).isRegularFile();
        assertThat(Files.readAllBytes(storage.resolve("models/" + LINEAR_MODEL + ".json")))
                .as("a record already of the current version is not rewritten").isEqualTo(linearModelFile);

        try (ConfigurableApplicationContext again = start()) {
            ApiClient api = new ApiClient(port(again));
            assertThat(api.get("/api/v1/training-jobs/" + LOGISTIC_JOB).path("lossHistory"))
                    .as("after a second start, from the history file").isEqualTo(v1Job.path("lossHistory"));
        }
    }

    @Test
    void recordsOfANewerReleaseAreLeftExactlyAsTheyAre() throws Exception {
        copy(FIXTURES, storage);
        List<Path> newer = new ArrayList<>();
        newer.add(newerCopy("models/" + LINEAR_MODEL + ".json", "models/" + NEWER_ID + ".json"));
        newer.add(newerCopy("training-jobs/" + LOGISTIC_JOB + ".json", "training-jobs/" + NEWER_ID + ".json"));
        newer.add(newerCopy("datasets/3283e537-d490-4965-a71e-578002249cba.json", "datasets/" + NEWER_ID + ".json"));
        Path newerData = storage.resolve("datasets/" + NEWER_ID + ".f32");
        Files.copy(storage.resolve("datasets/3283e537-d490-4965-a71e-578002249cba.f32"), newerData);
        newer.add(newerData);
        List<byte[]> before = new ArrayList<>();
        for (Path file : newer) {
            before.add(Files.readAllBytes(file));
        }

        try (ConfigurableApplicationContext service = start("--descent.training.retention.max-count=0")) {
            ApiClient api = new ApiClient(port(service));
            api.http.get().uri("/api/v1/models/" + NEWER_ID).exchange().expectStatus().isNotFound();
            api.http.get().uri("/api/v1/training-jobs/" + NEWER_ID).exchange().expectStatus().isNotFound();
            api.http.get().uri("/api/v1/datasets/" + NEWER_ID).exchange().expectStatus().isNotFound();
            assertThat(api.get("/api/v1/training-jobs").path("totalItems").asInt())
                    .as("retention of 0 removed every ended job it could read").isZero();
        }

        for (int i = 0; i < newer.size(); i++) {
            assertThat(Files.readAllBytes(newer.get(i))).as("%s untouched", newer.get(i)).isEqualTo(before.get(i));
        }
    }

    /** Copies a fixture under a new id, marked as written by a release from the future. */
    private Path newerCopy(String from, String to) throws IOException {
        String text = Files.readString(storage.resolve(from), StandardCharsets.UTF_8);
        String id = from.substring(from.indexOf('/') + 1, from.lastIndexOf('.'));
        Path target = storage.resolve(to);
        Files.writeString(target, "{\"schemaVersion\": 99, " + text.substring(1).replace(id, NEWER_ID),
                StandardCharsets.UTF_8);
        return target;
    }

    private ConfigurableApplicationContext start(String... more) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--descent.storage.dir=" + storage));
        arguments.addAll(List.of(more));
        return new SpringApplicationBuilder(DescentApplication.class).run(arguments.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static JsonNode read(Path file) throws IOException {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(Files.readAllBytes(file));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".md"))
                    .toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }
}
