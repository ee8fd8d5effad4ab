package dev.descent;

import static dev.descent.storage.FaultyFileSystem.Operation.DELETE;
import static dev.descent.storage.FaultyFileSystem.Operation.FORCE;
import static dev.descent.storage.FaultyFileSystem.Operation.MOVE;
import static dev.descent.storage.FaultyFileSystem.Operation.OPEN_FOR_WRITE;
import static dev.descent.storage.FaultyFileSystem.Operation.WRITE;
import static dev.descent.storage.FaultyFileSystem.directory;
import static dev.descent.storage.FaultyFileSystem.filesBelow;
import static dev.descent.storage.FaultyFileSystem.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.storage.FaultyFileSystem;
import dev.descent.storage.FaultyFileSystem.Operation;
import dev.descent.storage.StorageLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every write of the service on a storage that fails — full (ENOSPC) or broken (EIO) — at each step of the write:
 * the request is answered 507 or 503 with problem details, nothing it began is left on disk or in the lists, and
 * the service works again once the storage does. The storage is the real directory behind a file system that
 * fails on demand ({@link FaultyFileSystem}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StorageFaultTests {

    private static final FaultyFileSystem FS = new FaultyFileSystem();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("descent.storage.dir", () -> storage.resolve("unused").toString());
    }

    @TestConfiguration
    static class FaultyStorage {
        @Bean
        @Primary
        StorageLayout faultyStorageLayout() {
            return new StorageLayout(FS.wrap(storage.resolve("data")));
        }
    }

    @LocalServerPort
    int port;

    @AfterEach
    void disarm() {
        FS.clear();
    }

    private Path data() {
        return storage.resolve("data");
    }

    /** The steps of an upload's writes: the data file, its commit, the metadata file and its commit. */
    static Stream<Arguments> uploadSteps() {
        return Stream.of(
                Arguments.of("creating the data file", Set.of(OPEN_FOR_WRITE), named(".f32"), 0),
                Arguments.of("writing the data file", Set.of(WRITE), named(".f32"), 0),
                Arguments.of("fsyncing the data file", Set.of(FORCE), named(".f32"), 0),
                Arguments.of("renaming the data file", Set.of(MOVE), named(".f32"), 0),
                Arguments.of("fsyncing the directory after the data file", Set.of(FORCE), directory("datasets"), 0),
                Arguments.of("creating the metadata file", Set.of(OPEN_FOR_WRITE), named(".json"), 0),
                Arguments.of("writing the metadata file", Set.of(WRITE), named(".json"), 0),
                Arguments.of("fsyncing the metadata file", Set.of(FORCE), named(".json"), 0),
                Arguments.of("renaming the metadata file", Set.of(MOVE), named(".json"), 0),
                Arguments.of("fsyncing the directory after the metadata", Set.of(FORCE), directory("datasets"), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uploadSteps")
    void anUploadThatFindsTheDiskFullAnswers507AndLeavesNothing(String step, Set<Operation> operations,
                                                                Predicate<Path> where, int skip) throws Exception {
        ApiClient api = new ApiClient(port);
        long before = api.get("/api/v1/datasets").path("totalItems").asLong();
        List<String> filesBefore = filesBelow(data().resolve("datasets"));
        FaultyFileSystem.Fault fault = FS.fail(operations, where, FaultyFileSystem.noSpace(), skip, -1);

        JsonNode problem = api.problem(api.http.post().uri("/api/v1/datasets?name=full&target=label")
                .contentType(ApiClient.CSV).body(SeedData.logisticCsv(21)), 507);

        assertThat(fault.hits()).as("the fault was reached").isPositive();
        assertThat(problem.path("type").asString()).isEqualTo("https://descent.dev/problems/insufficient-storage");
        assertThat(problem.path("detail").asString()).contains("storage is full", "nothing of this request was kept");
        assertThat(problem.path("requestId").asString()).isNotBlank();
        assertThat(filesBelow(data().resolve("datasets"))).as("files after the failed upload").isEqualTo(filesBefore);
        assertThat(api.get("/api/v1/datasets").path("totalItems").asLong()).isEqualTo(before);

        FS.clear();
        api.uploadCsv("after", "label", SeedData.logisticCsv(22));
        assertThat(api.get("/api/v1/datasets").path("totalItems").asLong()).isEqualTo(before + 1);
    }

    @Test
    void anUploadOnABrokenDiskAnswers503() throws Exception {
        ApiClient api = new ApiClient(port);
        List<String> filesBefore = filesBelow(data().resolve("datasets"));
        FS.fail(Set.of(WRITE), named(".f32"), FaultyFileSystem.ioError(), -1);

        JsonNode problem = api.problem(api.http.post().uri("/api/v1/datasets?name=broken&target=label")
                .contentType(ApiClient.CSV).body(SeedData.logisticCsv(23)), 503);

        assertThat(problem.path("type").asString()).isEqualTo("https://descent.dev/problems/storage-unavailable");
        assertThat(filesBelow(data().resolve("datasets"))).isEqualTo(filesBefore);
    }

    @Test
    void aJobWhoseRecordCannotBeWrittenIsRefusedWith507AndLeavesNothing() throws Exception {
        ApiClient api = new ApiClient(port);
        String datasetId = api.uploadCsv("jobs", "label", SeedData.logisticCsv(24)).path("id").asString();
        long jobsBefore = api.get("/api/v1/training-jobs").path("totalItems").asLong();
        long datasetsBefore = api.get("/api/v1/datasets").path("totalItems").asLong();
        List<String> filesBefore = filesBelow(data());
        FS.fail(Set.of(MOVE), FaultyFileSystem.in("training-jobs"), FaultyFileSystem.noSpace(), -1);

        api.problem(api.http.post().uri("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .body("{\"datasetId\": \"" + datasetId + "\", \"modelType\": \"logistic-regression\"}"), 507);
        api.problem(api.http.post().uri("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"modelType": "linear-regression",
                         "dataset": {"features": [[0], [1], [2]], "targets": [1, 3, 5]}}"""), 507);

        assertThat(filesBelow(data())).as("no job record, and the inline dataset removed again").isEqualTo(filesBefore);
        assertThat(api.get("/api/v1/training-jobs").path("totalItems").asLong()).isEqualTo(jobsBefore);
        assertThat(api.get("/api/v1/datasets").path("totalItems").asLong()).isEqualTo(datasetsBefore);
    }

    @Test
    void aJobWhoseModelCannotBeSavedEndsFailedOnDiskAndInMemoryWithNoModelLeft() throws Exception {
        ApiClient api = new ApiClient(port);
        String datasetId = api.uploadCsv("models", "label", SeedData.logisticCsv(25)).path("id").asString();
        List<String> modelsBefore = filesBelow(data().resolve("models"));
        FaultyFileSystem.Fault fault = FS.fail(Set.of(WRITE), FaultyFileSystem.in("models"), FaultyFileSystem.noSpace(), -1);

        String jobId = api.submit("{\"datasetId\": \"" + datasetId + "\", \"modelType\": \"logistic-regression\","
                + " \"hyperparameters\": {\"epochs\": 3}}").path("id").asString();
        JsonNode job = api.awaitEnd(jobId, TIMEOUT);

        assertThat(fault.hits()).isPositive();
        assertThat(job.path("status").asString()).isEqualTo("failed");
        assertThat(job.path("error").asString()).contains("could not write to the service's storage", "No space left");
        assertThat(job.path("modelId").isNull()).as("modelId is present and null").isTrue();
        assertThat(filesBelow(data().resolve("models"))).isEqualTo(modelsBefore);
        JsonNode onDisk = api.read(Files.readString(data().resolve("training-jobs").resolve(jobId + ".json")));
        assertThat(onDisk.path("status").asString()).isEqualTo("failed");
        assertThat(onDisk.path("schemaVersion").asInt()).isEqualTo(2);
    }

    @Test
    void aJobThatCannotRecordItsStartEndsFailedAndAnsweredSo() throws Exception {
        ApiClient api = new ApiClient(port);
        String datasetId = api.uploadCsv("start", "label", SeedData.logisticCsv(26)).path("id").asString();
        // the submission's record goes through; every later write of a job record fails
        FaultyFileSystem.Fault fault = FS.fail(Set.of(MOVE), FaultyFileSystem.in("training-jobs"),
                FaultyFileSystem.noSpace(), 1, -1);

        String jobId = api.submit("{\"datasetId\": \"" + datasetId + "\", \"modelType\": \"logistic-regression\"}")
                .path("id").asString();
        JsonNode job = api.awaitEnd(jobId, TIMEOUT);

        assertThat(fault.hits()).as("the start, then the failure, could not be written").isEqualTo(2);
        assertThat(job.path("status").asString()).isEqualTo("failed");
        assertThat(job.path("error").asString()).contains("could not be started", "No space left on device");
        assertThat(job.path("startedAt").isNull()).isTrue();
        JsonNode onDisk = api.read(Files.readString(data().resolve("training-jobs").resolve(jobId + ".json")));
        assertThat(onDisk.path("status").asString()).as("the last record that could be written").isEqualTo("queued");
    }

    @Test
    void aJobWhoseHistoryCannotBeWrittenEndsFailed() throws Exception {
        ApiClient api = new ApiClient(port);
        String datasetId = api.uploadCsv("history", "label", SeedData.logisticCsv(27)).path("id").asString();
        FS.fail(Set.of(WRITE), named(".history"), FaultyFileSystem.noSpace(), -1);

        String jobId = api.submit("{\"datasetId\": \"" + datasetId + "\", \"modelType\": \"logistic-regression\"}")
                .path("id").asString();
        JsonNode job = api.awaitEnd(jobId, TIMEOUT);

        assertThat(job.path("status").asString()).isEqualTo("failed");
        assertThat(job.path("error").asString()).contains("storage", "No space left on device");
        assertThat(job.path("modelId").isNull()).isTrue();
    }

    @Test
    void aDeleteThatTheDiskRefusesAnswers503AndKeepsTheDatasetWhole() throws Exception {
        ApiClient api = new ApiClient(port);
        String datasetId = api.uploadCsv("kept", "label", SeedData.logisticCsv(28)).path("id").asString();
        FS.fail(Set.of(DELETE), named(datasetId), FaultyFileSystem.ioError(), -1);

        api.problem(api.http.delete().uri("/api/v1/datasets/" + datasetId), 503);

        assertThat(api.get("/api/v1/datasets/" + datasetId).path("id").asString()).isEqualTo(datasetId);
        assertThat(filesBelow(data().resolve("datasets"))).contains(datasetId + ".f32", datasetId + ".json");
        FS.clear();
        api.http.delete().uri("/api/v1/datasets/" + datasetId).exchange().expectStatus().isNoContent();
        assertThat(filesBelow(data().resolve("datasets"))).noneMatch(f -> f.startsWith(datasetId));
    }
}
