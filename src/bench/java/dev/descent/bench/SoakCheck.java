package dev.descent.bench;

import dev.descent.bench.SoakHttp.Answer;
import dev.descent.bench.SoakLedger.DatasetEntry;
import dev.descent.bench.SoakLedger.JobEntry;
import dev.descent.bench.SoakLedger.Kind;
import dev.descent.bench.SoakLedger.ModelEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The check after a restart, with no client running: the API's lists against the ledger (acknowledged records there
 * and unchanged, acknowledged deletes still done, in-doubt operations resolved one way or the other), no job left
 * queued or running, and the storage directory against the lists (no temp file, no orphan, sizes and counts equal).
 */
final class SoakCheck {

    private static final int PAGE = 500;
    private static final Set<String> STORE_DIRECTORIES = Set.of("datasets", "models", "training-jobs");

    /** What the check saw, for the cycle line. */
    record Result(int datasets, long datasetBytes, int models, int jobs, Map<String, Integer> jobStatuses,
                  int waitedForJobs) {
    }

    private final SoakHttp http;
    private final Path storage;
    private final SoakLedger ledger;
    private final SoakFindings findings;
    private final SoakTally tally;
    private final SoakOptions options;

    SoakCheck(SoakHttp http, Path storage, SoakLedger ledger, SoakFindings findings, SoakTally tally,
              SoakOptions options) {
        this.http = http;
        this.storage = storage;
        this.ledger = ledger;
        this.findings = findings;
        this.tally = tally;
        this.options = options;
    }

    Result run() throws InterruptedException, IOException {
        int[] waited = {0};
        Map<String, JsonNode> jobs = awaitJobsEnded(waited);
        Map<String, JsonNode> datasets = listAll("/api/v1/datasets");
        Map<String, JsonNode> models = listAll("/api/v1/models");
        if (jobs == null || datasets == null || models == null) {
            return new Result(-1, -1, -1, -1, Map.of(), waited[0]);
        }
        synchronized (ledger) {
            checkDatasets(datasets);
            resolveModelDeletes(models);
            checkJobs(jobs, models);
            checkModels(models, jobs);
            checkRecentDeletes();
        }
        long bytes = checkDisk(datasets, models, jobs);
        Map<String, Integer> statuses = new TreeMap<>();
        jobs.values().forEach(j -> statuses.merge(SoakJson.text(j, "status"), 1, Integer::sum));
        return new Result(datasets.size(), bytes, models.size(), jobs.size(), statuses, waited[0]);
    }

    // ---- the lists ----

    /** Every item of a paged list by id, or null (a violation) when the list cannot be read. */
    private Map<String, JsonNode> listAll(String path) throws InterruptedException {
        Map<String, JsonNode> items = new LinkedHashMap<>();
        long total = -1;
        for (int page = 0; page < 1_000; page++) {
            Answer answer = http.get(path + "?page=" + page + "&size=" + PAGE);
            if (!answer.is(200)) {
                findings.violation("GET " + path + "?page=" + page + " after the restart answered " + answer);
                return null;
            }
            JsonNode json = SoakJson.parse(answer.body());
            long pageTotal = json.path("totalItems").asLong();
            if (total >= 0 && pageTotal != total) {
                findings.violation(path + ": totalItems went from " + total + " to " + pageTotal + " between pages");
            }
            total = pageTotal;
            JsonNode pageItems = json.path("items");
            for (JsonNode item : pageItems) {
                if (items.put(SoakJson.text(item, "id"), item) != null) {
                    findings.violation(path + " lists " + SoakJson.text(item, "id") + " twice");
                }
            }
            if (pageItems.size() < PAGE || items.size() >= total) {
                break;
            }
        }
        if (items.size() != total) {
            findings.violation(path + " has totalItems " + total + " but its pages hold " + items.size() + " items");
        }
        return items;
    }

    /** The jobs list once nothing is queued or running, waiting up to the bound; what stays is a violation. */
    private Map<String, JsonNode> awaitJobsEnded(int[] waited) throws InterruptedException {
        long deadline = System.nanoTime() + options.jobEndTimeout().toNanos();
        while (true) {
            Map<String, JsonNode> jobs = listAll("/api/v1/training-jobs");
            if (jobs == null) {
                return null;
            }
            List<JsonNode> active = jobs.values().stream()
                    .filter(j -> !SoakLedger.isFinal(SoakJson.text(j, "status"))).toList();
            if (active.isEmpty()) {
                return jobs;
            }
            if (waited[0] == 0) {
                waited[0] = active.size();
            }
            if (System.nanoTime() > deadline) {
                for (JsonNode job : active) {
                    findings.violation("job " + SoakJson.text(job, "id") + " is still " + SoakJson.text(job, "status")
                            + " " + options.jobEndTimeout().toSeconds() + " s after the restart, with no client asking"
                            + " anything (createdAt " + SoakJson.text(job, "createdAt") + ", startedAt "
                            + SoakJson.text(job, "startedAt") + ")");
                }
                return jobs;
            }
            Thread.sleep(500);
        }
    }

    // ---- datasets ----

    private void checkDatasets(Map<String, JsonNode> listed) throws IOException {
        for (Map.Entry<String, JsonNode> item : listed.entrySet()) {
            String id = item.getKey();
            if (ledger.datasets.containsKey(id)) {
                continue;
            }
            String name = SoakJson.text(item.getValue(), "name");
            SoakData.Csv csv = ledger.pendingUploads.remove(name);
            if (ledger.deletedDatasets.contains(id)) {
                findings.violation("dataset " + id + " (" + name + ") is listed again after its delete was acknowledged");
            } else if (csv == null) {
                findings.violation("dataset " + id + " (" + name + ") is listed, but no upload of this soak that could "
                        + "have made it is unanswered");
            } else {
                String problem = SoakClient.datasetProblem(csv, item.getValue());
                if (problem != null) {
                    findings.violation("dataset " + id + " of the unanswered upload " + name + " has " + problem);
                }
                ledger.datasets.put(id, new DatasetEntry(id, csv, item.getValue()));
                tally.count("in-doubt upload: stored (found after the restart)");
            }
        }
        tally.add("in-doubt upload: not stored", ledger.pendingUploads.size());
        ledger.pendingUploads.clear();

        for (DatasetEntry entry : List.copyOf(ledger.datasets.values())) {
            JsonNode json = listed.get(entry.id);
            if (entry.deleteInDoubt) {
                if (resolveDelete(Kind.DATASET, entry.id, json == null)) {
                    continue;
                }
                entry.deleting = false;
                entry.deleteInDoubt = false;
            }
            if (json == null) {
                findings.violation("acknowledged dataset " + entry.id + " (" + entry.csv.name() + ", "
                        + entry.csv.rows() + " rows) is not listed after the restart");
                ledger.datasets.remove(entry.id);
                tally.count("lost: datasets");
                continue;
            }
            String difference = SoakJson.firstDifference(entry.json, json);
            if (difference != null) {
                findings.violation("dataset " + entry.id + " is listed differently after the restart: " + difference);
            }
            checkDataFile(entry);
        }
        for (String id : ledger.deletedDatasets) {
            if (listed.containsKey(id)) {
                findings.violation("dataset " + id + " is listed again after its delete was acknowledged");
            }
        }
    }

    /** The data file holds exactly the values uploaded: its size and the SHA-256 of everything past the header. */
    private void checkDataFile(DatasetEntry entry) throws IOException {
        Path file = storage.resolve("datasets").resolve(entry.id + ".f32");
        if (!Files.isRegularFile(file)) {
            findings.violation("dataset " + entry.id + " is listed but " + file + " does not exist");
            return;
        }
        long size = Files.size(file);
        if (size != entry.csv.sizeBytes()) {
            findings.violation(file + " has " + size + " bytes, the dataset says " + entry.csv.sizeBytes());
            return;
        }
        MessageDigest sha256 = SoakData.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(SoakData.HEADER_BYTES);
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(entry.csv.sha256())) {
            findings.violation(file + ": the values on disk hash to " + actual + ", uploaded " + entry.csv.sha256());
        }
        tally.add("bytes of data files hashed by the checks", size);
    }

    // ---- jobs ----

    private void checkJobs(Map<String, JsonNode> listed, Map<String, JsonNode> listedModels) {
        for (Map.Entry<String, JsonNode> item : listed.entrySet()) {
            String id = item.getKey();
            if (ledger.jobs.containsKey(id)) {
                continue;
            }
            long seed = item.getValue().path("hyperparameters").path("seed").asLong();
            SoakLedger.PendingJob pending = ledger.pendingJobs.remove(seed);
            if (ledger.deletedJobs.contains(id)) {
                findings.violation("job " + id + " is listed again after its delete was acknowledged");
            } else if (pending == null || !pending.datasetId().equals(SoakJson.text(item.getValue(), "datasetId"))) {
                findings.violation("job " + id + " (seed " + seed + ") is listed, but no unanswered submission of this "
                        + "soak could have made it");
            } else {
                JobEntry entry = new JobEntry(id, seed, pending.longJob());
                entry.status = "queued";
                ledger.jobs.put(id, entry);
                tally.count("in-doubt " + (pending.longJob() ? "job-long" : "job-short") + ": stored (found after the restart)");
            }
        }
        tally.add("in-doubt job submission: not stored", ledger.pendingJobs.size());
        ledger.pendingJobs.clear();

        for (JobEntry entry : List.copyOf(ledger.jobs.values())) {
            JsonNode json = listed.get(entry.id);
            if (entry.deleteInDoubt) {
                if (resolveDelete(Kind.JOB, entry.id, json == null)) {
                    continue;
                }
                entry.deleting = false;
                entry.deleteInDoubt = false;
            }
            if (json == null) {
                findings.violation("acknowledged job " + entry.id + " (last shown " + entry.status
                        + ") is not listed after the restart");
                ledger.jobs.remove(entry.id);
                tally.count("lost: jobs");
                continue;
            }
            String status = SoakJson.text(json, "status");
            boolean wasActive = !entry.ended();
            String problem = ledger.update(entry, json, status);
            if (problem != null) {
                findings.violation(problem);
            }
            if (wasActive && entry.ended()) {
                tally.count((entry.longJob ? "long" : "short") + " jobs last shown queued or running, after the restart: "
                        + status + errorShape(SoakJson.text(json, "error")));
            }
            String modelId = SoakJson.text(json, "modelId");
            if ("succeeded".equals(status) && modelId != null && !listedModels.containsKey(modelId)
                    && !ledger.deletedModels.contains(modelId)) {
                findings.violation("job " + entry.id + " succeeded with model " + modelId + ", which is not listed "
                        + "though it was never deleted");
            }
        }
    }

    /** A job's error without ids and numbers, to count failures by reason. */
    private static String errorShape(String error) {
        if (error == null) {
            return "";
        }
        String shape = error.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>").replaceAll("\\d+", "<n>");
        return " (\"" + SoakHttp.abbreviate(shape, 90) + "\")";
    }

    // ---- models ----

    private void resolveModelDeletes(Map<String, JsonNode> listed) {
        for (ModelEntry entry : List.copyOf(ledger.models.values())) {
            if (entry.deleteInDoubt && !resolveDelete(Kind.MODEL, entry.id, !listed.containsKey(entry.id))) {
                entry.deleting = false;
                entry.deleteInDoubt = false;
            }
        }
    }

    private void checkModels(Map<String, JsonNode> listed, Map<String, JsonNode> jobs) throws InterruptedException {
        for (ModelEntry entry : List.copyOf(ledger.models.values())) {
            if (!listed.containsKey(entry.id)) {
                findings.violation("model " + entry.id + ", shown before the kill, is not listed after the restart");
                ledger.models.remove(entry.id);
                tally.count("lost: models");
                continue;
            }
            Answer answer = http.get("/api/v1/models/" + entry.id);
            if (!answer.is(200)) {
                findings.violation("GET /api/v1/models/" + entry.id + " after the restart answered " + answer);
                continue;
            }
            if (!answer.body().equals(entry.jsonText)) {
                String difference = SoakJson.firstDifference(entry.json, SoakJson.parse(answer.body()));
                if (difference != null) {
                    findings.violation("model " + entry.id + " changed across the restart: " + difference);
                } else {
                    findings.note("a model's JSON is the same after a restart but not byte for byte (key order)");
                }
            }
            predict(entry);
        }
        for (Map.Entry<String, JsonNode> item : listed.entrySet()) {
            String id = item.getKey();
            if (ledger.models.containsKey(id)) {
                continue;
            }
            if (ledger.deletedModels.contains(id)) {
                findings.violation("model " + id + " is listed again after its delete was acknowledged");
                continue;
            }
            // a model that no client saw: made by a job whose success came between the last look and the kill
            String jobId = SoakJson.text(item.getValue(), "trainingJobId");
            JsonNode job = jobs.get(jobId);
            if (job != null && !("succeeded".equals(SoakJson.text(job, "status"))
                    && id.equals(SoakJson.text(job, "modelId")))) {
                findings.violation("model " + id + " (createdAt " + SoakJson.text(item.getValue(), "createdAt")
                        + ") exists, but its job " + jobId + " is " + SoakJson.text(job, "status") + " with modelId "
                        + SoakJson.text(job, "modelId") + " (startedAt " + SoakJson.text(job, "startedAt")
                        + ", finishedAt " + SoakJson.text(job, "finishedAt") + ", error \"" + SoakJson.text(job, "error")
                        + "\")");
            } else if (job == null && !ledger.deletedJobs.contains(jobId)) {
                findings.violation("model " + id + " names job " + jobId + ", which is not listed and was never deleted");
            }
            Answer answer = http.get("/api/v1/models/" + id);
            if (!answer.is(200)) {
                findings.violation("GET /api/v1/models/" + id + " (listed) after the restart answered " + answer);
                continue;
            }
            String problem = ledger.modelSeen(id, answer.body());
            if (problem != null) {
                findings.violation(problem);
            }
            tally.count("models first seen after a restart");
            predict(ledger.models.get(id));
        }
    }

    private void predict(ModelEntry entry) throws InterruptedException {
        Answer answer = http.postJson("/api/v1/models/" + entry.id + "/predictions",
                SoakData.predictionRequest(entry.features));
        if (!answer.is(200)) {
            findings.violation("POST /api/v1/models/" + entry.id + "/predictions after the restart answered " + answer);
            return;
        }
        boolean first = entry.prediction == null;
        String problem = ledger.predictionSeen(entry, answer.body());
        if (problem != null) {
            findings.violation(problem + " after the restart");
        } else if (!first) {
            tally.count("predictions compared bit for bit after a restart");
        }
    }

    // ---- deletes ----

    /** An unanswered delete: true when it happened (the record is gone), false when the record is still there. */
    private boolean resolveDelete(Kind kind, String id, boolean gone) {
        String name = switch (kind) {
            case DATASET -> "delete-dataset";
            case MODEL -> "delete-model";
            case JOB -> "delete-job";
        };
        tally.count("in-doubt " + name + ": " + (gone ? "done" : "not done"));
        if (gone) {
            ledger.deleteAcknowledged(kind, id);
        }
        return gone;
    }

    /** Every delete acknowledged since the last check answers 404 now. */
    private void checkRecentDeletes() throws InterruptedException {
        for (Map.Entry<Kind, String> deleted : ledger.recentDeletes) {
            String path = switch (deleted.getKey()) {
                case DATASET -> "/api/v1/datasets/";
                case MODEL -> "/api/v1/models/";
                case JOB -> "/api/v1/training-jobs/";
            } + deleted.getValue();
            Answer answer = http.get(path);
            if (!answer.is(404)) {
                findings.violation("GET " + path + ", deleted, answered " + answer + " after the restart");
            }
        }
        tally.add("deletes checked to stay deleted (404) after a restart", ledger.recentDeletes.size());
        ledger.recentDeletes.clear();
    }

    // ---- the storage directory ----

    /** Answers the bytes of the data files; every file must belong to a listed record, and none be temporary. */
    private long checkDisk(Map<String, JsonNode> datasets, Map<String, JsonNode> models, Map<String, JsonNode> jobs)
            throws IOException {
        try (Stream<Path> all = Files.walk(storage)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                if (path.getFileName().toString().endsWith(".tmp")) {
                    findings.violation("temporary file " + storage.relativize(path) + " after the restart");
                }
            }
        }
        try (Stream<Path> entries = Files.list(storage)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (!STORE_DIRECTORIES.contains(entry.getFileName().toString())) {
                    findings.note("the storage directory holds " + entry.getFileName() + ", which the soak does not know");
                }
            }
        }
        long dataBytes = 0, listedBytes = 0;
        int dataFiles = 0, metadataFiles = 0;
        for (Path file : files("datasets")) {
            String name = file.getFileName().toString();
            String id = idOf(name);
            if (!datasets.containsKey(id) || !(name.equals(id + ".f32") || name.equals(id + ".json"))) {
                findings.violation("orphan datasets/" + name + " (" + Files.size(file) + " bytes): no listed dataset owns it");
            } else if (name.endsWith(".f32")) {
                dataFiles++;
                dataBytes += Files.size(file);
            } else {
                metadataFiles++;
            }
        }
        for (Map.Entry<String, JsonNode> dataset : datasets.entrySet()) {
            listedBytes += dataset.getValue().path("sizeBytes").asLong();
            for (String suffix : List.of(".f32", ".json")) {
                if (!Files.isRegularFile(storage.resolve("datasets").resolve(dataset.getKey() + suffix))) {
                    findings.violation("listed dataset " + dataset.getKey() + " has no " + suffix + " file");
                }
            }
        }
        if (dataBytes != listedBytes || dataFiles != datasets.size() || metadataFiles != datasets.size()) {
            findings.violation("datasets/: " + dataFiles + " data files of " + dataBytes + " bytes and " + metadataFiles
                    + " metadata files, the API lists " + datasets.size() + " datasets of " + listedBytes + " bytes");
        }
        int modelFiles = 0;
        for (Path file : files("models")) {
            String name = file.getFileName().toString();
            if (!name.equals(idOf(name) + ".json") || !models.containsKey(idOf(name))) {
                findings.violation("orphan models/" + name + ": no listed model owns it");
            } else {
                modelFiles++;
            }
        }
        if (modelFiles != models.size()) {
            findings.violation("models/: " + modelFiles + " model files, the API lists " + models.size() + " models");
        }
        int jobFiles = 0;
        for (Path file : files("training-jobs")) {
            String name = file.getFileName().toString();
            if (!jobs.containsKey(idOf(name))) {
                findings.violation("orphan training-jobs/" + name + ": no listed job owns it");
            } else if (name.equals(idOf(name) + ".json")) {
                jobFiles++;
            }
        }
        if (jobFiles != jobs.size()) {
            findings.violation("training-jobs/: " + jobFiles + " job records, the API lists " + jobs.size() + " jobs");
        }
        return dataBytes;
    }

    private List<Path> files(String directory) throws IOException {
        Path dir = storage.resolve(directory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.list(dir)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                if (Files.isDirectory(path)) {
                    findings.violation("unexpected directory " + storage.relativize(path));
                } else {
                    files.add(path);
                }
            }
        }
        return files;
    }

    /** A record's id from one of its file names: everything before the first dot (ids have none). */
    private static String idOf(String fileName) {
        int dot = fileName.indexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    /** What a kill left in the storage directory before the restart cleans up: temp files and unfinished data files. */
    static Map<String, Integer> leftovers(Path storage) throws IOException {
        Map<String, Integer> found = new TreeMap<>(Map.of("temp files", 0, "data files without metadata", 0));
        if (!Files.isDirectory(storage)) {
            return found;
        }
        try (Stream<Path> all = Files.walk(storage)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                String name = path.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    found.merge("temp files", 1, Integer::sum);
                } else if (name.endsWith(".f32") && !Files.exists(path.resolveSibling(idOf(name) + ".json"))) {
                    found.merge("data files without metadata", 1, Integer::sum);
                }
            }
        }
        return found;
    }
}
