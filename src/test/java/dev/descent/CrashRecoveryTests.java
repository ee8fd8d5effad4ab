package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ends real service processes — SIGKILL in the middle of a training job and of an upload, SIGTERM during a job —
 * and restarts them on the same storage directory: everything acknowledged is intact, nothing half-written is left,
 * and no job is left running.
 */
class CrashRecoveryTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PREDICTION_REQUEST =
            "{\"features\": [[0.5, -1.0, 0.25, 2.0, -0.5], [0, 0, 0, 0, 0], [-1, 2, -3, 4, -5]]}";
    /** On {@link #longCsv} this runs for minutes: it is still running whenever the test ends the service. */
    private static final String LONG_JOB = """
            {"datasetId": "%s", "modelType": "logistic-regression",
             "hyperparameters": {"epochs": 100000, "batchSize": 1, "tolerance": 0}}
            """;
    private static final String SHORT_JOB = """
            {"datasetId": "%s", "modelType": "logistic-regression", "hyperparameters": {"epochs": 100, "seed": 4}}
            """;

    @TempDir
    Path temp;

    private final List<ServiceProcess> services = new ArrayList<>();

    /** Shows what the services said when a test fails, while their logs are still there. */
    @RegisterExtension
    final TestExecutionExceptionHandler printServiceLogs = (context, failure) -> {
        services.forEach(service -> System.err.println(service.logTail(60)));
        throw failure;
    };

    @AfterEach
    void stopServices() throws InterruptedException {
        for (ServiceProcess service : services) {
            service.close();
        }
    }

    private ServiceProcess start(Path storage, String name, String... arguments) throws Exception {
        ServiceProcess service = ServiceProcess.start(storage, temp.resolve(name + ".log"), arguments);
        services.add(service);
        return service;
    }

    @Test
    void killNineDuringTrainingAndUploadKeepsEverythingAcknowledged() throws Exception {
        Path storage = temp.resolve("storage");
        ServiceProcess first = start(storage, "first");
        ApiClient api = new ApiClient(first.port());

        String datasetId = api.uploadCsv("acknowledged", "label", SeedData.logisticCsv(11)).path("id").asString();
        String jobId = api.submit(SHORT_JOB.formatted(datasetId)).path("id").asString();
        JsonNode job = api.awaitEnd(jobId, TIMEOUT);
        assertThat(job.path("status").asString()).isEqualTo("succeeded");
        String modelId = job.path("modelId").asString();
        JsonNode dataset = api.get("/api/v1/datasets/" + datasetId);
        JsonNode model = api.get("/api/v1/models/" + modelId);
        JsonNode predictions = api.predict(modelId, PREDICTION_REQUEST);

        String longDatasetId = api.uploadCsv("long", "label", longCsv(12)).path("id").asString();
        JsonNode longDataset = api.get("/api/v1/datasets/" + longDatasetId);
        String longJobId = api.submit(LONG_JOB.formatted(longDatasetId)).path("id").asString();
        api.awaitStatus(longJobId, "running", TIMEOUT);

        try (EndlessCsv csv = new EndlessCsv(SeedData.logisticCsv(12))) {
            URI uri = URI.create("http://localhost:" + first.port() + "/api/v1/datasets?name=interrupted&target=label");
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> csv)).build();
            CompletableFuture<HttpResponse<String>> upload = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).build()
                    .sendAsync(request, HttpResponse.BodyHandlers.ofString());
            Path partial = awaitPartialDataFile(storage.resolve("datasets"), upload);

            assertThat(first.kill()).as("exit code of a SIGKILLed JVM").isEqualTo(137);

            assertThat(upload).as("the upload was cut off, not answered").failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(ExecutionException.class);
            assertThat(partial).as("the kill left a half-written data file").exists();
            assertThat(csv.sent()).isGreaterThan(1 << 20);
        }

        ServiceProcess second = start(storage, "second");
        api = new ApiClient(second.port());

        try (Stream<Path> files = Files.walk(storage)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp")))
                    .as("temp files left by interrupted writes").isEmpty();
        }
        try (Stream<Path> files = Files.list(storage.resolve("datasets"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                    datasetId + ".f32", datasetId + ".json", longDatasetId + ".f32", longDatasetId + ".json");
        }
        JsonNode datasets = api.get("/api/v1/datasets");
        assertThat(datasets.path("items").valueStream().map(item -> item.path("id").asString()))
                .as("datasets after the restart").containsExactlyInAnyOrder(datasetId, longDatasetId);
        assertThat(api.get("/api/v1/datasets/" + datasetId)).isEqualTo(dataset);
        assertThat(api.get("/api/v1/datasets/" + longDatasetId)).isEqualTo(longDataset);

        assertThat(api.get("/api/v1/models/" + modelId)).isEqualTo(model);
        assertThat(api.predict(modelId, PREDICTION_REQUEST)).isEqualTo(predictions);
        assertThat(api.get("/api/v1/models").path("totalItems").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/training-jobs/" + jobId)).isEqualTo(job);

        JsonNode longJob = api.get("/api/v1/training-jobs/" + longJobId);
        assertThat(longJob.path("status").asString()).isEqualTo("failed");
        assertThat(longJob.path("error").asString()).contains("restart");

        // it trains again on the reloaded dataset, bit-identically for the same seed
        JsonNode again = api.awaitEnd(api.submit(SHORT_JOB.formatted(datasetId)).path("id").asString(), TIMEOUT);
        assertThat(again.path("status").asString()).isEqualTo("succeeded");
        assertThat(api.get("/api/v1/models/" + again.path("modelId").asString()).path("weights"))
                .isEqualTo(model.path("weights"));
    }

    @Test
    void sigtermStopsJobsRecordsThemAndExits() throws Exception {
        Path storage = temp.resolve("storage");
        ServiceProcess first = start(storage, "first", "--descent.training.shutdown-grace=2s",
                "--descent.training.workers=1");
        ApiClient api = new ApiClient(first.port());
        String datasetId = api.uploadCsv("graceful", "label", longCsv(13)).path("id").asString();
        String running = api.submit(LONG_JOB.formatted(datasetId)).path("id").asString();
        api.awaitStatus(running, "running", TIMEOUT);
        String queued = api.submit(LONG_JOB.formatted(datasetId)).path("id").asString();
        assertThat(api.get("/api/v1/training-jobs/" + queued).path("status").asString()).isEqualTo("queued");

        // The service turns SIGTERM into System.exit(0) once its shutdown hooks (Spring's context close, which runs
        // the grace period and writes the job records) have finished.
        int exitCode = first.terminate(TIMEOUT);
        assertThat(exitCode).as("exit code after SIGTERM").isZero();
        assertThat(first.logText()).contains("Training job " + running + " stopped");

        // flushed by the shutdown itself, before any restart could repair the records
        JsonMapper json = JsonMapper.builder().build();
        for (String id : List.of(running, queued)) {
            JsonNode record = json.readTree(storage.resolve("training-jobs").resolve(id + ".json").toFile());
            assertThat(record.path("status").asString()).as("job %s on disk", id).isEqualTo("failed");
            assertThat(record.path("error").asString()).contains("shut down");
        }

        ServiceProcess second = start(storage, "second");
        api = new ApiClient(second.port());
        for (String id : List.of(running, queued)) {
            JsonNode job = api.get("/api/v1/training-jobs/" + id);
            assertThat(job.path("status").asString()).isEqualTo("failed");
            assertThat(job.path("error").asString()).contains("shut down");
        }
        assertThat(api.get("/api/v1/models").path("totalItems").asInt()).isZero();
    }

    /** 20 000 rows: seed notebook 000's hundred, repeated. */
    private static String longCsv(long seed) {
        String csv = SeedData.logisticCsv(seed);
        int headerEnd = csv.indexOf('\n') + 1;
        return csv.substring(0, headerEnd) + csv.substring(headerEnd).repeat(200);
    }

    /** Waits until the upload has flushed rows into its temporary data file, and answers that file. */
    private static Path awaitPartialDataFile(Path datasets, CompletableFuture<HttpResponse<String>> upload)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (upload.isDone()) {
                throw new AssertionError("the endless upload was answered: " + upload.join().statusCode() + " "
                        + upload.join().body());
            }
            try (Stream<Path> files = Files.list(datasets)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()) {
                    if (Files.size(file) > 0) {
                        return file;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no partly written data file appeared in " + datasets);
    }

    /**
     * A CSV body that never ends: the rows of a seed data set over and over, made as they are read and paced a
     * little, so that the upload is still in flight when the service is killed.
     */
    private static final class EndlessCsv extends InputStream {

        private static final int CHUNK = 16 * 1024;

        private final byte[] header;
        private final byte[] rows;
        private final AtomicLong sent = new AtomicLong();
        private volatile boolean closed;
        private int position;

        EndlessCsv(String csv) {
            int headerEnd = csv.indexOf('\n') + 1;
            this.header = csv.substring(0, headerEnd).getBytes(StandardCharsets.UTF_8);
            this.rows = csv.substring(headerEnd).getBytes(StandardCharsets.UTF_8);
        }

        long sent() {
            return sent.get();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (closed) {
                return -1;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            int count = Math.min(length, CHUNK);
            for (int i = 0; i < count; i++) {
                long at = sent.getAndIncrement();
                if (at < header.length) {
                    buffer[offset + i] = header[(int) at];
                } else {
                    buffer[offset + i] = rows[position];
                    position = (position + 1) % rows.length;
                }
            }
            return count;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
