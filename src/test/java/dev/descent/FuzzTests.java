package dev.descent;

import static dev.descent.FuzzInputs.chance;
import static dev.descent.FuzzInputs.pick;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Random bytes, near-valid CSV and JSON, odd content types and ids thrown at a real server: every answer is below 500,
 * every 4xx is a problem with a detail, and a rejected request leaves no dataset, job, model or file behind.
 *
 * <p>Plain JUnit with seeded {@link Random}s: every try has its own seed, printed with any failure. Rerun one try with
 * {@code -Ddescent.fuzz.replay=<seed>}; change the run with {@code -Ddescent.fuzz.seed=} and {@code -Ddescent.fuzz.tries=};
 * print every request and answer with {@code -Ddescent.fuzz.verbose=true}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FuzzTests {

    private static final long SEED = Long.getLong("descent.fuzz.seed", 20_260_422L);
    private static final int TRIES = Integer.getInteger("descent.fuzz.tries", 250);
    private static final Long REPLAY = Long.getLong("descent.fuzz.replay");
    private static final boolean VERBOSE = Boolean.getBoolean("descent.fuzz.verbose");
    private static final int MAX_EPOCHS = 1000;
    private static final int MAX_PREDICTION_ROWS = 20;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);
    private static final String[] KINDS = {"datasets", "training-jobs", "models"};

    @TempDir
    static Path storage;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("descent.storage.dir", () -> storage.toString());
        registry.add("descent.training.max-epochs", () -> Integer.toString(MAX_EPOCHS));
        registry.add("descent.training.max-duration", () -> "20s");
        registry.add("descent.datasets.max-upload-size", () -> FuzzInputs.UPLOAD_LIMIT + "B");
        registry.add("descent.predictions.max-rows", () -> Integer.toString(MAX_PREDICTION_ROWS));
    }

    @LocalServerPort
    int port;

    ApiClient api;
    HttpClient http;
    /** What went wrong, by kind of failure: the first examples and a count. */
    final Map<String, List<String>> violations = new TreeMap<>();
    final Map<String, Integer> statuses = new TreeMap<>();
    /** Counts and files the store should hold now. */
    Map<String, Long> expected;
    Set<String> knownStrays = new HashSet<>();
    /** The files the listed records account for; refreshed when a request succeeded. */
    Set<String> allowedFiles;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    record Request(String method, String path, String contentType, byte[] body) {

        static Request post(String path, String contentType, byte[] body) {
            return new Request("POST", path, contentType, body);
        }

        @Override
        public String toString() {
            return method + " " + (path.length() > 300 ? path.substring(0, 300) + "…(" + path.length() + " chars)" : path)
                    + "\n  Content-Type: " + contentType + "\n  body (" + (body == null ? 0 : body.length) + " bytes): "
                    + escape(body, 1200);
        }
    }

    record Response(int status, String contentType, String body) {

        @Override
        public String toString() {
            return status + " " + contentType + "\n  " + escape(body == null ? null : body.getBytes(StandardCharsets.UTF_8), 1500);
        }
    }

    // ------------------------------------------------------------------------------------------------ the fuzzers

    @Test
    void csvUploads() {
        fuzz("csvUploads", 1, (random, seed) -> {
            List<String> columns = new ArrayList<>();
            byte[] csv = FuzzInputs.csv(random, columns);
            String name = FuzzInputs.name(random);
            String target = FuzzInputs.target(random, columns);
            int how = random.nextInt(100);
            Request request;
            if (how < 15) {
                String boundary = "fuzz" + Long.toHexString(random.nextLong());
                byte[] form = FuzzInputs.multipart(random, boundary, csv, name, target);
                request = Request.post("/api/v1/datasets", "multipart/form-data; boundary=" + boundary, form);
            } else {
                String contentType = how < 80 ? "text/csv" : pick(random, FuzzInputs.CSV_CONTENT_TYPES);
                String query = FuzzInputs.query("name", name) + FuzzInputs.query("target", target);
                request = Request.post("/api/v1/datasets" + (query.isEmpty() ? "" : "?" + query.substring(1)), contentType, csv);
            }
            createDataset(seed, request);
        });
    }

    @Test
    void jsonDatasets() {
        fuzz("jsonDatasets", 2, (random, seed) -> {
            double junk = pick(random, new Double[] {0.0, 0.1, 0.3, 0.6});
            String body = FuzzInputs.dataset(random, junk, chance(random, 0.5));
            if (chance(random, 0.2)) {
                body = FuzzInputs.junkJson(random, body);
            }
            String contentType = chance(random, 0.85) ? "application/json" : pick(random, FuzzInputs.JSON_CONTENT_TYPES);
            createDataset(seed, Request.post("/api/v1/datasets", contentType, FuzzInputs.utf8(body)));
        });
    }

    @Test
    void trainingJobs() throws Exception {
        String stored = api.uploadCsv("fuzz-stored", "label", SeedData.logisticCsv(7)).path("id").asString();
        String deleted = api.uploadCsv("fuzz-deleted", null, "a,b\n1,0\n2,1\n").path("id").asString();
        api.http.delete().uri("/api/v1/datasets/" + deleted).exchange().expectStatus().isNoContent();
        String[] datasetIds = {stored, stored, stored, deleted, "00000000-0000-0000-0000-000000000000", stored.toUpperCase()};
        fuzz("trainingJobs", 3, (random, seed) -> {
            double junk = pick(random, new Double[] {0.0, 0.1, 0.3, 0.6});
            String body = FuzzInputs.trainingJob(random, junk, datasetIds, MAX_EPOCHS);
            if (chance(random, 0.15)) {
                body = FuzzInputs.junkJson(random, body);
            }
            String contentType = chance(random, 0.9) ? "application/json" : pick(random, FuzzInputs.JSON_CONTENT_TYPES);
            Request request = Request.post("/api/v1/training-jobs", contentType, FuzzInputs.utf8(body));
            Response response = send(seed, request);
            if (response == null) {
                return;
            }
            if (response.status() == 202) {
                JsonNode job = api.read(response.body());
                JsonNode sent = api.read(body);
                expected.merge("training-jobs", 1L, Long::sum);
                if (sent.hasNonNull("dataset")) {
                    expected.merge("datasets", 1L, Long::sum);
                }
                JsonNode end = api.awaitEnd(job.path("id").asString(), JOB_TIMEOUT);
                statuses.merge("job " + end.path("status").asString(), 1, Integer::sum);
                if (end.path("status").asString().equals("succeeded")) {
                    expected.merge("models", 1L, Long::sum);
                } else if (end.path("error").asString().isBlank()) {
                    violation(seed, request, response, "a job that did not succeed has no error", end.toString());
                }
            }
            checkState(seed, request, response);
        });
    }

    @Test
    void predictions() throws Exception {
        String logistic = train("""
                {"dataset": {"features": [[0, 1, 2], [1, 0, 1], [2, 2, 0], [3, 1, 1]], "targets": [0, 1, 0, 1],
                 "featureNames": ["a", "b", "c"]}, "modelType": "logistic-regression", "hyperparameters": {"epochs": 5}}""");
        String linear = train("""
                {"dataset": {"features": [[0, 1], [1, 0], [2, 2]], "targets": [0.5, 1.5, -2],
                 "featureNames": ["u", "v"]}, "modelType": "linear-regression", "hyperparameters": {"epochs": 5}}""");
        fuzz("predictions", 4, (random, seed) -> {
            int which = random.nextInt(10);
            String modelId = which < 6 ? logistic : which < 9 ? linear : FuzzInputs.id(random);
            List<String> names = which < 6 ? List.of("a", "b", "c") : List.of("u", "v");
            double junk = pick(random, new Double[] {0.0, 0.1, 0.3, 0.6});
            String body = FuzzInputs.prediction(random, junk, names, MAX_PREDICTION_ROWS);
            if (chance(random, 0.15)) {
                body = FuzzInputs.junkJson(random, body);
            }
            String contentType = chance(random, 0.9) ? "application/json" : pick(random, FuzzInputs.JSON_CONTENT_TYPES);
            String threshold = FuzzInputs.threshold(random);
            String path = "/api/v1/models/" + modelId + "/predictions" + (threshold == null ? "" : "?" + FuzzInputs.query("threshold", threshold).substring(1));
            Request request = Request.post(path, contentType, FuzzInputs.utf8(body));
            Response response = send(seed, request);
            if (response != null) {
                checkState(seed, request, response);
            }
        });
    }

    @Test
    void idsAndPaging() {
        fuzz("idsAndPaging", 5, (random, seed) -> {
            String kind = pick(random, KINDS);
            String id = FuzzInputs.id(random);
            Request request = switch (random.nextInt(7)) {
                case 0, 1 -> new Request("GET", "/api/v1/" + kind + "/" + id, null, null);
                case 2 -> new Request("DELETE", "/api/v1/" + kind + "/" + id, null, null);
                case 3 -> Request.post("/api/v1/training-jobs/" + id + "/cancel", null, null);
                case 4 -> new Request("GET", "/api/v1/training-jobs/" + id + "/events", null, null);
                case 5 -> Request.post("/api/v1/models/" + id + "/predictions", "application/json", FuzzInputs.utf8("{\"features\": [[1, 2, 3]]}"));
                default -> {
                    String[] values = {"0", "1", "-1", "500", "501", "abc", "", "99999999999", "1.5", "%00", "2147483647"};
                    String query = FuzzInputs.query("page", chance(random, 0.7) ? pick(random, values) : null)
                            + FuzzInputs.query("size", chance(random, 0.7) ? pick(random, values) : null);
                    yield new Request("GET", "/api/v1/" + kind + (query.isEmpty() ? "" : "?" + query.substring(1)), null, null);
                }
            };
            Response response = send(seed, request);
            if (response != null) {
                checkState(seed, request, response);
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ found by fuzzing

    /** Seeds 20260483781334, …469: Tomcat cannot find a boundary, Spring's MultipartException surfaced as a 500. */
    @Test
    void multipartWithoutBoundaryIsAProblem() {
        byte[] csv = FuzzInputs.utf8("a,b\n1,0\n");
        expectProblem(Request.post("/api/v1/datasets", "multipart/form-data", csv));
        expectProblem(Request.post("/api/v1/datasets", "multipart/form-data; boundary=", csv));
    }

    /** Seed 20260483781352: a form whose closing boundary never comes ("Stream ended unexpectedly") is a 500. */
    @Test
    void truncatedMultipartIsAProblem() {
        expectProblem(Request.post("/api/v1/datasets", "multipart/form-data; boundary=xx", FuzzInputs.utf8(
                "--xx\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\na,b\n1,0\n\r\n")));
    }

    /**
     * Seeds 20260487781266 and many more: ids with an encoded slash or backslash, NUL, or bytes that are not UTF-8
     * are refused by Tomcat itself, before Spring, with its HTML error page instead of a problem.
     */
    @Test
    void idsTomcatRefusesAreProblems() {
        for (String id : new String[] {"a%2Fb", "..%2F..%2Fetc%2Fpasswd", "a%5Cb", "%00", "%FF", "%C0%AF"}) {
            expectProblem(new Request("GET", "/api/v1/datasets/" + id, null, null));
            expectProblem(Request.post("/api/v1/training-jobs/" + id + "/cancel", null, null));
        }
    }

    private void expectProblem(Request request) {
        expected = actualCounts();
        allowedFiles = null;
        knownStrays = new HashSet<>(strayFiles());
        Response response = send(-1, request);
        if (response != null) {
            if (response.status() < 400) {
                violation(-1, request, response, "not refused");
            }
            checkState(-1, request, response);
        }
        assertNoViolations("a bad request that is not answered with a 4xx problem");
    }

    // ------------------------------------------------------------------------------------------------ the checks

    @FunctionalInterface
    interface Try {
        void run(Random random, long seed) throws Exception;
    }

    private void fuzz(String name, int salt, Try body) {
        expected = actualCounts();
        allowedFiles = null;
        knownStrays = new HashSet<>(strayFiles());
        long started = System.nanoTime();
        int tries = 0;
        long first = SEED * 1_000_003L + salt * 1_000_000L;
        for (int i = 0; i < (REPLAY == null ? TRIES : 1); i++) {
            long seed = REPLAY == null ? first + i : REPLAY;
            try {
                // consecutive seeds give java.util.Random correlated first draws: scramble them first
                body.run(new Random(new SplittableRandom(seed).nextLong()), seed);
            } catch (Exception | AssertionError e) {
                violations.computeIfAbsent("the try itself failed", k -> new ArrayList<>()).add("seed " + seed + ": " + e);
                rebaseline();
            }
            tries++;
        }
        System.out.printf("FuzzTests.%s: %d tries in %.1f s, answers %s%n", name, tries,
                (System.nanoTime() - started) / 1e9, statuses);
        assertNoViolations(name + ": tries (of " + tries + ") that broke a property; -Ddescent.fuzz.replay=<seed> repeats one");
        // the properties hold for accepted and refused requests alike: a run that met only one kind tested half of them
        // (a short run, such as one replayed try, need not meet both)
        if (tries >= 100) {
            assertThat(statuses.keySet()).as("%s: answers of %d tries", name, tries)
                    .anyMatch(status -> status.startsWith("2")).anyMatch(status -> status.startsWith("4"));
        }
    }

    private void assertNoViolations(String title) {
        if (violations.isEmpty()) {
            return;
        }
        StringBuilder report = new StringBuilder(title);
        violations.forEach((what, examples) -> {
            report.append("\n\n").append(examples.size()).append(" × ").append(what).append(", e.g.");
            examples.stream().limit(3).forEach(example -> report.append("\n  ").append(example.replace("\n", "\n  ")));
        });
        throw new AssertionError(report.toString());
    }

    /** POSTs something that may create a dataset; a 201 is accounted for, anything else must change nothing. */
    private void createDataset(long seed, Request request) {
        Response response = send(seed, request);
        if (response == null) {
            return;
        }
        if (response.status() == 201) {
            expected.merge("datasets", 1L, Long::sum);
            JsonNode dataset = api.read(response.body());
            if (dataset.path("rows").asLong() < 1 || dataset.path("featureNames").isEmpty()) {
                violation(seed, request, response, "accepted a dataset without rows or features");
            }
        }
        checkState(seed, request, response);
    }

    /** Sends the request; checks the answer's status and form. Null when no answer came. */
    private Response send(long seed, Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + request.path()))
                .timeout(Duration.ofSeconds(60))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        Response response;
        try {
            HttpResponse<String> answer = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            response = new Response(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(null), answer.body());
        } catch (IOException | InterruptedException e) {
            violation(seed, request, null, "no answer", e.toString());
            return null;
        }
        statuses.merge(Integer.toString(response.status()), 1, Integer::sum);
        if (VERBOSE) {
            System.out.println("seed " + seed + ": " + request + "\n  -> " + response);
        }
        if (response.status() >= 500) {
            violation(seed, request, response, "a 5xx answer");
        } else if (response.status() >= 400) {
            checkProblem(seed, request, response);
        } else if (response.status() >= 300) {
            violation(seed, request, response, "a redirect");
        }
        return response;
    }

    private void checkProblem(long seed, Request request, Response response) {
        if (response.contentType() == null || !MediaType.parseMediaType(response.contentType()).isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
            violation(seed, request, response, "a 4xx that is not application/problem+json");
            return;
        }
        JsonNode problem;
        try {
            problem = api.read(response.body());
        } catch (RuntimeException e) {
            violation(seed, request, response, "a problem body that is not JSON", e.getMessage());
            return;
        }
        if (problem.path("detail").asString("").isBlank()) {
            violation(seed, request, response, "a problem without a detail");
        }
        if (problem.path("status").asInt() != response.status()) {
            violation(seed, request, response, "a problem whose status is not the answer's");
        }
        String body = response.body();
        if (body.contains(storage.toString()) || body.contains("\tat ") || body.contains("java.") || body.contains("dev.descent.")) {
            violation(seed, request, response, "a problem that shows a file path, class name or stack trace");
        }
    }

    /** The list endpoints count what is expected, and the storage directory holds exactly their files. */
    private void checkState(long seed, Request request, Response response) {
        if (response.status() < 300) {
            allowedFiles = null;
        }
        Map<String, Long> actual = actualCounts();
        if (!actual.equals(expected)) {
            violation(seed, request, response, "the store's counts changed", "expected " + expected + ", found " + actual);
            rebaseline();
            return;
        }
        Set<String> strays = strayFiles();
        strays.removeAll(knownStrays);
        if (!strays.isEmpty()) {
            violation(seed, request, response, "files left behind in the storage directory", strays.toString());
            knownStrays.addAll(strays);
        }
    }

    private void violation(long seed, Request request, Response response, String what) {
        violation(seed, request, response, what, null);
    }

    private void violation(long seed, Request request, Response response, String what, String detail) {
        violations.computeIfAbsent(what, k -> new ArrayList<>()).add("seed " + seed + (detail == null ? "" : " (" + detail + ")")
                + ": " + request + (response == null ? "" : "\n  -> " + response));
    }

    private void rebaseline() {
        allowedFiles = null;
        expected = actualCounts();
        knownStrays.addAll(strayFiles());
    }

    private Map<String, Long> actualCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (String kind : KINDS) {
            counts.put(kind, getJson("/api/v1/" + kind + "?size=1").path("totalItems").asLong());
        }
        return counts;
    }

    /** A GET on the fuzzing connection (kept alive, unlike the test client's): cheap enough for every try. */
    private JsonNode getJson(String path) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(answer.statusCode()).as("GET %s: %s", path, answer.body()).isEqualTo(200);
            return api.read(answer.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET " + path, e);
        }
    }

    private Set<String> ids(String kind) {
        Set<String> ids = new HashSet<>();
        for (int page = 0; ; page++) {
            JsonNode items = getJson("/api/v1/" + kind + "?size=500&page=" + page).path("items");
            items.forEach(item -> ids.add(item.path("id").asString()));
            if (items.size() < 500) {
                return ids;
            }
        }
    }

    /**
     * Files the listed records do not account for: temp files anywhere, and in each record directory anything but
     * {@code <id>.json} (and {@code <id>.f32} for datasets) of a listed id.
     */
    private Set<String> strayFiles() {
        if (allowedFiles == null) {
            allowedFiles = new HashSet<>();
            for (String kind : KINDS) {
                allowedFiles.add(kind);
                for (String id : ids(kind)) {
                    allowedFiles.add(kind + "/" + id + ".json");
                    if (kind.equals("datasets")) {
                        allowedFiles.add(kind + "/" + id + ".f32");
                    }
                    if (kind.equals("training-jobs")) {
                        allowedFiles.add(kind + "/" + id + ".history");
                    }
                }
            }
        }
        Set<String> allowed = allowedFiles;
        Set<String> strays = new TreeSet<>();
        try (Stream<Path> files = Files.walk(storage)) {
            files.filter(f -> !f.equals(storage)).forEach(f -> {
                String relative = storage.relativize(f).toString().replace('\\', '/');
                if (relative.endsWith(".tmp") || !allowed.contains(relative)) {
                    strays.add(relative);
                }
            });
        } catch (IOException e) {
            throw new AssertionError("cannot list " + storage, e);
        }
        return strays;
    }

    private String train(String job) throws InterruptedException {
        JsonNode end = api.awaitEnd(api.submit(job).path("id").asString(), JOB_TIMEOUT);
        assertThat(end.path("status").asString()).as("set-up job %s", end).isEqualTo("succeeded");
        return end.path("modelId").asString();
    }

    /** Printable ASCII as it is, everything else as an escape; long text cut in the middle. */
    static String escape(byte[] bytes, int max) {
        if (bytes == null) {
            return "(none)";
        }
        StringBuilder text = new StringBuilder("\"");
        String utf8 = new String(bytes, StandardCharsets.UTF_8);
        boolean clean = java.util.Arrays.equals(utf8.getBytes(StandardCharsets.UTF_8), bytes);
        int length = clean ? utf8.length() : bytes.length;
        for (int i = 0; i < length; i++) {
            if (length > max && i == max * 3 / 4) {
                text.append("\"…(").append(length - max).append(" more)…\"");
                i = length - max / 4;
            }
            int c = clean ? utf8.charAt(i) : bytes[i] & 0xFF;
            if (c == '"' || c == '\\') {
                text.append('\\').append((char) c);
            } else if (c == '\n') {
                text.append("\\n");
            } else if (c == '\r') {
                text.append("\\r");
            } else if (c >= 0x20 && c < 0x7F) {
                text.append((char) c);
            } else if (clean) {
                text.append(String.format("\\u%04x", c));
            } else {
                text.append(String.format("\\x%02x", c));
            }
        }
        return text.append('"').toString();
    }
}
