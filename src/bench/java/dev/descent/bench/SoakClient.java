package dev.descent.bench;

import dev.descent.bench.SoakHttp.Answer;
import dev.descent.bench.SoakLedger.DatasetEntry;
import dev.descent.bench.SoakLedger.JobEntry;
import dev.descent.bench.SoakLedger.Kind;
import dev.descent.bench.SoakLedger.ModelEntry;
import dev.descent.bench.SoakLedger.PendingJob;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One client thread of a cycle: mixed operations (uploads, short and long jobs, cancels, status reads, predictions,
 * deletes) one after another until the cycle stops it, each outcome taken into the ledger. An answer the service
 * should not give (a 5xx, a 404 for something that was never deleted, a changed model) is a violation.
 */
final class SoakClient implements Runnable {

    /** Bounds a cycle's work whatever happens to the clock or the kill. */
    private static final int MAX_OPERATIONS = 5_000;

    private final String name;
    private final SoakHttp http;
    private final SoakLedger ledger;
    private final SoakTally tally;
    private final SoakFindings findings;
    private final SoakOptions options;
    private final Random random;
    private final AtomicBoolean stop;
    private final AtomicBoolean killing;
    private final AtomicBoolean jobDeletes;
    private final AtomicLong sequence;
    private final long deadline;
    private volatile String current = "idle";

    SoakClient(String name, SoakHttp http, SoakLedger ledger, SoakTally tally, SoakFindings findings,
               SoakOptions options, Random random, AtomicBoolean stop, AtomicBoolean killing, AtomicBoolean jobDeletes,
               AtomicLong sequence, long deadline) {
        this.name = name;
        this.http = http;
        this.ledger = ledger;
        this.tally = tally;
        this.findings = findings;
        this.options = options;
        this.random = random;
        this.stop = stop;
        this.killing = killing;
        this.jobDeletes = jobDeletes;
        this.sequence = sequence;
        this.deadline = deadline;
    }

    /** The operation under way, for the cycle line: what the kill interrupted. */
    String current() {
        return current;
    }

    @Override
    public void run() {
        try {
            for (int done = 0; done < MAX_OPERATIONS && !stop.get() && System.nanoTime() < deadline; done++) {
                String kind = choose(ledger.stats());
                current = kind;
                perform(kind);
                current = "idle";
                if (!stop.get()) {
                    Thread.sleep(options.think().toMillis() / 2 + random.nextInt((int) options.think().toMillis() + 1));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            findings.violation("client " + name + " stopped on " + e + " during " + current);
            e.printStackTrace(System.out);
        }
    }

    private String choose(SoakLedger.Stats s) {
        int datasets = s.smallDatasets() + s.bigDatasets();
        String[] kinds = {"upload-small", "upload-large", "job-short", "job-long", "cancel", "job-status",
                "model-get", "predict", "delete-dataset", "delete-model", "delete-job"};
        double[] weights = {
                10 + (s.smallDatasets() < 5 ? 20 : 0),
                s.bigDatasets() == 0 ? 6 : s.bigDatasets() < 3 ? 1.5 : 0,
                s.smallDatasets() > 0 ? 16 : 0,
                s.bigDatasets() > 0 && s.activeLongJobs() < options.maxLongJobs() ? 4 : 0,
                s.activeJobs() > 0 ? 5 : 0,
                s.activeJobs() > 0 ? 18 : 3,
                s.models() > 0 ? 4 : 0,
                s.models() > 0 ? 18 : 0,
                datasets > 4 ? 2 + Math.max(0, datasets - 25) : 0,
                s.models() > 4 ? 2 + Math.max(0, s.models() - 25) : 0,
                jobDeletes.get() && s.endedJobs() > 0 ? 2 + Math.max(0, s.endedJobs() - 150) / 10.0 : 0};
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < kinds.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return kinds[i];
            }
        }
        return "job-status";
    }

    private void perform(String kind) throws InterruptedException {
        switch (kind) {
            case "upload-small" -> upload(kind, SoakData.small(nextName("s"), random));
            case "upload-large" -> upload(kind, SoakData.big(nextName("big"),
                    options.bigRows() * 2 / 3 + random.nextInt(options.bigRows() * 2 / 3 + 1), random));
            case "job-short", "job-long" -> submit(kind);
            case "cancel" -> cancel();
            case "job-status" -> jobStatus();
            case "model-get" -> {
                ModelEntry model = ledger.pickModel(random);
                if (model != null) {
                    getModel(model.id, null);
                }
            }
            case "predict" -> {
                ModelEntry model = ledger.pickModel(random);
                if (model != null) {
                    predict(model);
                }
            }
            case "delete-dataset" -> deleteDataset();
            case "delete-model" -> {
                ModelEntry model = ledger.pickModel(random);
                if (model != null) {
                    delete("delete-model", Kind.MODEL, model.id, "/api/v1/models/");
                }
            }
            case "delete-job" -> {
                JobEntry job = ledger.pickEndedJob(random);
                if (job != null) {
                    delete("delete-job", Kind.JOB, job.id, "/api/v1/training-jobs/");
                }
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    private String nextName(String prefix) {
        return "soak-" + prefix + "-" + name + "-" + sequence.incrementAndGet();
    }

    // ---- uploads ----

    private void upload(String kind, SoakData.Csv csv) throws InterruptedException {
        ledger.uploadSent(csv);
        Answer answer = http.postCsv("/api/v1/datasets?name=" + csv.name() + "&target=label", csv.body());
        tally.record(kind, answer);
        if (answer.is(201)) {
            JsonNode json = SoakJson.parse(answer.body());
            String problem = datasetProblem(csv, json);
            if (problem != null) {
                findings.violation("upload " + csv.name() + " answered 201 with " + problem);
            }
            ledger.uploadAcknowledged(csv, SoakJson.text(json, "id"), json);
        } else if (answer.outcome() == SoakHttp.Outcome.IN_DOUBT) {
            inDoubt(kind, answer);
        } else {
            ledger.uploadNotDone(csv);
            expectRefusal(kind, "POST /api/v1/datasets", answer, Set.of(429));
        }
    }

    /** What in a dataset's JSON does not match the CSV it came from, or null. */
    static String datasetProblem(SoakData.Csv csv, JsonNode json) {
        if (!csv.sha256().equals(SoakJson.text(json, "sha256"))) {
            return "sha256 " + SoakJson.text(json, "sha256") + ", but the CSV's values hash to " + csv.sha256();
        }
        if (json.path("rows").asLong() != csv.rows() || json.path("sizeBytes").asLong() != csv.sizeBytes()
                || json.path("featureNames").size() != csv.features() || !csv.name().equals(SoakJson.text(json, "name"))) {
            return "rows " + json.path("rows") + ", sizeBytes " + json.path("sizeBytes") + ", "
                    + json.path("featureNames").size() + " features, name " + json.path("name") + "; expected "
                    + csv.rows() + ", " + csv.sizeBytes() + ", " + csv.features() + ", " + csv.name();
        }
        return null;
    }

    // ---- jobs ----

    private void submit(String kind) throws InterruptedException {
        boolean longJob = kind.equals("job-long");
        DatasetEntry dataset = ledger.pickDataset(random, longJob);
        if (dataset == null) {
            return;
        }
        String modelType = random.nextBoolean() ? "logistic-regression" : "linear-regression";
        long seed = sequence.incrementAndGet();
        ObjectNode request = SoakJson.JSON.createObjectNode();
        request.put("datasetId", dataset.id);
        request.put("modelType", modelType);
        ObjectNode hyperparameters = request.putObject("hyperparameters");
        hyperparameters.put("seed", seed);
        if (longJob) {
            // no early stop: thousands of epochs over tens of thousands of rows, seconds of training
            hyperparameters.put("epochs", 2000 + random.nextInt(4000));
            hyperparameters.put("batchSize", 64);
            hyperparameters.put("learningRate", 0.01);
            hyperparameters.put("tolerance", 0.0);
        } else {
            hyperparameters.put("epochs", 20 + random.nextInt(200));
            hyperparameters.put("batchSize", 8 << random.nextInt(4));
            hyperparameters.put("learningRate", 0.05);
            hyperparameters.put("initialization", random.nextBoolean() ? "zeros" : "random");
        }
        PendingJob pending = new PendingJob(seed, dataset.id, modelType, longJob);
        ledger.jobSent(pending);
        Answer answer = http.postJson("/api/v1/training-jobs", SoakJson.write(request));
        tally.record(kind, answer);
        if (answer.is(202)) {
            JsonNode json = SoakJson.parse(answer.body());
            ledger.jobAcknowledged(pending, SoakJson.text(json, "id"));
            report(ledger.jobSeen(json));
        } else if (answer.outcome() == SoakHttp.Outcome.IN_DOUBT) {
            inDoubt(kind, answer);
        } else {
            ledger.jobNotDone(pending);
            // 400: the dataset was deleted meanwhile (by this soak); 429: the queue is full
            expectRefusal(kind, "POST /api/v1/training-jobs", answer,
                    ledger.goneOrGoing(Kind.DATASET, dataset.id) ? Set.of(400, 429) : Set.of(429));
        }
    }

    private void cancel() throws InterruptedException {
        JobEntry job = ledger.pickActiveJob(random, true);
        if (job == null) {
            return;
        }
        Answer answer = http.post("/api/v1/training-jobs/" + job.id + "/cancel");
        tally.record("cancel", answer);
        if (answer.is(200)) {
            JsonNode json = SoakJson.parse(answer.body());
            tally.count("cancel answered 200 with status " + SoakJson.text(json, "status"));
            report(ledger.jobSeen(json));
        } else if (answer.outcome() == SoakHttp.Outcome.IN_DOUBT) {
            inDoubt("cancel", answer);
        } else {
            expectRefusal("cancel", "POST /api/v1/training-jobs/" + job.id + "/cancel", answer,
                    ledger.goneOrGoing(Kind.JOB, job.id) ? Set.of(404, 409) : Set.of(409));
        }
    }

    private void jobStatus() throws InterruptedException {
        JobEntry job = ledger.pickActiveJob(random, false);
        if (job == null) {
            job = ledger.pickEndedJob(random);
        }
        if (job == null) {
            return;
        }
        Answer answer = http.get("/api/v1/training-jobs/" + job.id);
        tally.record("job-status", answer);
        if (answer.is(200)) {
            JsonNode json = SoakJson.parse(answer.body());
            report(ledger.jobSeen(json));
            String modelId = SoakJson.text(json, "modelId");
            if ("succeeded".equals(SoakJson.text(json, "status")) && modelId != null && ledger.model(modelId) == null
                    && !ledger.goneOrGoing(Kind.MODEL, modelId)) {
                getModel(modelId, job.id);
            }
        } else if (answer.outcome() == SoakHttp.Outcome.IN_DOUBT) {
            inDoubt("job-status", answer);
        } else {
            expectRefusal("job-status", "GET /api/v1/training-jobs/" + job.id, answer,
                    ledger.goneOrGoing(Kind.JOB, job.id) ? Set.of(404) : Set.of());
        }
    }

    // ---- models ----

    /** GET /models/{id}: the first answer is recorded with the prediction of the fixed rows, later ones compared. */
    private void getModel(String id, String jobId) throws InterruptedException {
        Answer answer = http.get("/api/v1/models/" + id);
        tally.record("model-get", answer);
        if (answer.is(200)) {
            report(ledger.modelSeen(id, answer.body()));
            ModelEntry model = ledger.model(id);
            if (model != null && model.prediction == null) {
                predict(model);
            }
        } else if (answer.outcome() == SoakHttp.Outcome.IN_DOUBT) {
            inDoubt("model-get", answer);
        } else if (answer.is(404) && !ledger.goneOrGoing(Kind.MODEL, id)) {
            findings.violation("GET /api/v1/models/" + id + " answered 404, but "
                    + (jobId != null ? "job " + jobId + " names it as its model" : "the model was shown before")
                    + " and it was never deleted");
        } else {
            expectRefusal("model-get", "GET /api/v1/models/" + id, answer, Set.of(404));
        }
    }

    private void predict(ModelEntry model) throws InterruptedException {
        Answer answer = http.postJson("/api/v1/models/" + model.id + "/predictions",
                SoakData.predictionRequest(model.features));
        tally.record("predict", answer);
        if (answer.is(200)) {
            report(ledger.predictionSeen(model, answer.body()));
        } else if (answer.outcome() == SoakHttp.Outcome.IN_DOUBT) {
            inDoubt("predict", answer);
        } else {
            expectRefusal("predict", "POST /api/v1/models/" + model.id + "/predictions", answer,
                    ledger.goneOrGoing(Kind.MODEL, model.id) ? Set.of(404) : Set.of());
        }
    }

    // ---- deletes ----

    private void deleteDataset() throws InterruptedException {
        SoakLedger.Stats stats = ledger.stats();
        // keep a big dataset or two for the long jobs
        boolean big = stats.bigDatasets() > 2 || (stats.bigDatasets() > 1 && random.nextInt(5) == 0);
        DatasetEntry dataset = ledger.pickDataset(random, big);
        if (dataset == null) {
            dataset = ledger.pickDataset(random, false);
        }
        if (dataset != null) {
            delete("delete-dataset", Kind.DATASET, dataset.id, "/api/v1/datasets/");
        }
    }

    private void delete(String kind, Kind what, String id, String path) throws InterruptedException {
        if (!ledger.beginDelete(what, id)) {
            return;
        }
        Answer answer = http.delete(path + id);
        tally.record(kind, answer);
        if (answer.is(204)) {
            ledger.deleteAcknowledged(what, id);
        } else if (answer.outcome() == SoakHttp.Outcome.IN_DOUBT) {
            ledger.deleteInDoubt(what, id);
            inDoubt(kind, answer);
        } else {
            ledger.deleteNotDone(what, id);
            if (what == Kind.JOB && answer.is(405)) {
                if (jobDeletes.getAndSet(false)) {
                    findings.note("DELETE /api/v1/training-jobs/{id} answered 405: this build has no job delete; "
                            + "job deletes turned off for the rest of the run");
                }
                return;
            }
            expectRefusal(kind, "DELETE " + path + id, answer, Set.of());
        }
    }

    // ---- outcomes ----

    private void report(String problem) {
        if (problem != null) {
            findings.violation(problem);
        }
    }

    private void inDoubt(String kind, Answer answer) {
        if (!killing.get()) {
            findings.note("no answer while the service was up (" + kind + "): " + answer.failure());
        }
    }

    /** A refusal is fine when its status is one the operation may meet; anything else is a violation. */
    private void expectRefusal(String kind, String request, Answer answer, Set<Integer> allowed) {
        if (answer.outcome() == SoakHttp.Outcome.NOT_SENT) {
            if (!killing.get()) {
                findings.note("could not connect while the service was up (" + kind + "): " + answer.failure());
            }
            return;
        }
        if (!allowed.contains(answer.status())) {
            findings.violation(request + " answered " + answer);
        }
    }
}
