package dev.descent.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.RequiresLinux;
import dev.descent.system.ThreadPriority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Health probes, readiness after warm-up, build info, the custom meters on the Prometheus endpoint, and the training
 * threads' lower priority (on Linux, which keeps a nice value per thread).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsTests {

    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        registry.add("descent.storage.dir", () -> storage.toString());
    }

    /** Records whether the engine was warm at the moment the application declared itself ready. */
    @TestConfiguration
    static class ReadinessProbe {
        static final AtomicReference<Boolean> warmWhenReady = new AtomicReference<>();

        @Bean
        ApplicationListener<AvailabilityChangeEvent<ReadinessState>> readinessListener(EngineWarmUp warmUp) {
            return event -> {
                if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
                    warmWhenReady.compareAndSet(null, warmUp.isWarm());
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    EngineWarmUp warmUp;

    private final JsonMapper json = JsonMapper.builder().build();

    private RestTestClient http() {
        return RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    private String body(String uri) {
        return http().get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void readinessComesUpOnlyAfterTheEngineIsWarm() {
        assertThat(ReadinessProbe.warmWhenReady.get()).isTrue();
        JsonNode readiness = json.readTree(body("/actuator/health/readiness"));
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("engine").path("status").asString()).isEqualTo("UP");
        assertThat(json.readTree(body("/actuator/health/liveness")).path("status").asString()).isEqualTo("UP");
    }

    @Test
    void engineIndicatorIsOutOfServiceBeforeWarmUp() {
        EngineWarmUp cold = new EngineWarmUp();
        assertThat(cold.health().getStatus().getCode()).isEqualTo("OUT_OF_SERVICE");
        assertThat(warmUp.health().getStatus().getCode()).isEqualTo("UP");
    }

    @Test
    void infoShowsVersionAndCommit() {
        JsonNode info = json.readTree(body("/actuator/info"));
        assertThat(info.path("build").path("version").asString()).isNotBlank();
        assertThat(info.path("git").path("commit").path("id").asString()).isNotBlank();
    }

    /** The nice values of this process's threads whose kernel name (the first 15 characters) starts with prefix. */
    private static List<Integer> nicenessOfThreadsNamed(String prefix) throws IOException {
        List<Integer> values = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
                        String stat = Files.readString(task.resolve("stat"));
                        values.add(Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]));
                    }
                } catch (NoSuchFileException ended) {
                    // the thread ended while we looked
                }
            }
        }
        return values;
    }

    /** Submits an inline job of this model type and answers its model id once it has succeeded. */
    private String trainedModel(String modelType) throws InterruptedException {
        String job = http().post().uri("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).body("""
                {"dataset": {"features": [[0], [1], [2], [3]], "targets": [0, 0, 1, 1]},
                 "modelType": "%s", "hyperparameters": {"epochs": 20, "tolerance": 0}}
                """.formatted(modelType)).exchange().expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody();
        String id = json.readTree(job).path("id").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode state = json.readTree(body("/api/v1/training-jobs/" + id));
            if (state.path("status").asString().equals("succeeded")) {
                return state.path("modelId").asString();
            }
            assertThat(System.nanoTime()).as("job %s has not succeeded in 30 s: %s", id, state).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    @RequiresLinux
    void trainingThreadsRunAtTheConfiguredNicenessAndRequestThreadsAtTheProcesses() throws Exception {
        // a linear-regression job, so that the logistic-regression meters counted below stay this class's only ones
        trainedModel("linear-regression");
        // The job ran on a pool thread at descent.training.niceness (10 by default); request threads keep the nice
        // value the JVM started with, as this test's thread does.
        int started = ThreadPriority.niceness().orElseThrow();
        assertThat(nicenessOfThreadsNamed("training-")).isNotEmpty().containsOnly(10);
        assertThat(nicenessOfThreadsNamed("http-nio-")).isNotEmpty().containsOnly(started);
    }

    @Test
    void prometheusExposesTheCustomMetersAfterATrainingJob() throws Exception {
        String modelId = trainedModel("logistic-regression");
        http().post().uri("/api/v1/models/" + modelId + "/predictions").contentType(MediaType.APPLICATION_JSON)
                .body("{\"features\": [[1.5]]}").exchange().expectStatus().isOk();

        String metrics = body("/actuator/prometheus");
        assertThat(metrics)
                .containsPattern("descent_training_jobs\\{[^}]*status=\"succeeded\"[^}]*} [1-9]")
                .contains("descent_training_queue_depth")
                .contains("descent_training_active")
                .containsPattern("descent_training_epoch_duration_seconds_count\\{[^}]*model_type=\"logistic-regression\"[^}]*} 20")
                .contains("descent_training_rows_per_second")
                .containsPattern("descent_prediction_latency_seconds_count\\{[^}]*model_type=\"logistic-regression\"[^}]*} 1")
                .containsPattern("descent_datasets_stored_bytes(_bytes)?\\{?[^ ]* [1-9]");
    }
}
