package dev.descent.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * What the service acknowledged (a 2xx answer received) and what is in doubt (a request whose answer never came).
 * Clients change it during a cycle under its lock; the check after a restart reads and resolves it while no client
 * runs. An acknowledged dataset, model or final job state must survive every crash as it was; an acknowledged delete
 * must stay done; an in-doubt operation may have happened or not, and the next check finds out which.
 */
final class SoakLedger {

    enum Kind { DATASET, MODEL, JOB }

    static final class DatasetEntry {
        final String id;
        final SoakData.Csv csv;
        JsonNode json;
        boolean deleting;
        boolean deleteInDoubt;

        DatasetEntry(String id, SoakData.Csv csv, JsonNode json) {
            this.id = id;
            this.csv = csv.body() == null ? csv : withoutBody(csv);
            this.json = json;
        }

        private static SoakData.Csv withoutBody(SoakData.Csv csv) {
            return new SoakData.Csv(csv.name(), null, csv.rows(), csv.features(), csv.sha256(), csv.sizeBytes(), csv.big());
        }
    }

    static final class ModelEntry {
        final String id;
        final int features;
        JsonNode json;
        String jsonText;
        JsonNode prediction;
        String predictionText;
        boolean deleting;
        boolean deleteInDoubt;

        ModelEntry(String id, int features, JsonNode json, String jsonText) {
            this.id = id;
            this.features = features;
            this.json = json;
            this.jsonText = jsonText;
        }
    }

    static final class JobEntry {
        final String id;
        final long seed;
        final boolean longJob;
        String status;
        String modelId;
        JsonNode finalJson;
        boolean deleting;
        boolean deleteInDoubt;

        JobEntry(String id, long seed, boolean longJob) {
            this.id = id;
            this.seed = seed;
            this.longJob = longJob;
        }

        boolean ended() {
            return isFinal(status);
        }
    }

    /** A job submission not yet answered, known by its seed (unique in a run). */
    record PendingJob(long seed, String datasetId, String modelType, boolean longJob) {
    }

    /** Counts that steer the choice of the next operation. */
    record Stats(int smallDatasets, int bigDatasets, int models, int activeJobs, int activeLongJobs, int endedJobs) {
    }

    final Map<String, DatasetEntry> datasets = new LinkedHashMap<>();
    final Map<String, ModelEntry> models = new LinkedHashMap<>();
    final Map<String, JobEntry> jobs = new LinkedHashMap<>();
    final Set<String> deletedDatasets = new HashSet<>();
    final Set<String> deletedModels = new HashSet<>();
    final Set<String> deletedJobs = new HashSet<>();
    final Map<String, SoakData.Csv> pendingUploads = new LinkedHashMap<>();
    final Map<Long, PendingJob> pendingJobs = new LinkedHashMap<>();
    /** Deletes acknowledged since the last check, which asks for each of them (404 expected). */
    final List<Map.Entry<Kind, String>> recentDeletes = new ArrayList<>();

    static boolean isFinal(String status) {
        return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
    }

    synchronized Stats stats() {
        int small = 0, big = 0, activeLong = 0, active = 0, ended = 0;
        for (DatasetEntry d : datasets.values()) {
            if (!d.deleting) {
                if (d.csv.big()) {
                    big++;
                } else {
                    small++;
                }
            }
        }
        for (JobEntry j : jobs.values()) {
            if (j.ended()) {
                ended += j.deleting ? 0 : 1;
            } else {
                active++;
                activeLong += j.longJob ? 1 : 0;
            }
        }
        int availableModels = (int) models.values().stream().filter(m -> !m.deleting).count();
        return new Stats(small, big, availableModels, active, activeLong, ended);
    }

    // ---- datasets ----

    synchronized void uploadSent(SoakData.Csv csv) {
        pendingUploads.put(csv.name(), csv);
    }

    /** The upload was refused, or never reached the service. */
    synchronized void uploadNotDone(SoakData.Csv csv) {
        pendingUploads.remove(csv.name());
    }

    synchronized void uploadAcknowledged(SoakData.Csv csv, String id, JsonNode json) {
        pendingUploads.remove(csv.name());
        datasets.put(id, new DatasetEntry(id, csv, json));
    }

    synchronized DatasetEntry pickDataset(Random random, boolean big) {
        return pick(random, datasets.values(), d -> !d.deleting && d.csv.big() == big);
    }

    // ---- jobs ----

    synchronized void jobSent(PendingJob job) {
        pendingJobs.put(job.seed(), job);
    }

    synchronized void jobNotDone(PendingJob job) {
        pendingJobs.remove(job.seed());
    }

    synchronized JobEntry jobAcknowledged(PendingJob pending, String id) {
        pendingJobs.remove(pending.seed());
        JobEntry entry = new JobEntry(id, pending.seed(), pending.longJob());
        entry.status = "queued";
        jobs.put(id, entry);
        return entry;
    }

    /**
     * The job's view without the fields only the single job's view has ({@code lossHistory}, {@code lossCurve}) when
     * the other view lacks them: list pages and SSE status events leave them out, so only the shared fields compare.
     */
    private static JsonNode comparable(JsonNode view, JsonNode other) {
        if (!(view instanceof tools.jackson.databind.node.ObjectNode object)) {
            return view;
        }
        tools.jackson.databind.node.ObjectNode copy = object.deepCopy();
        for (String singleViewOnly : new String[] {"lossHistory", "lossCurve"}) {
            if (!other.has(singleViewOnly)) {
                copy.remove(singleViewOnly);
            }
        }
        return copy;
    }

    synchronized JobEntry pickActiveJob(Random random, boolean preferLong) {
        JobEntry job = preferLong ? pick(random, jobs.values(), j -> !j.ended() && j.longJob) : null;
        return job != null ? job : pick(random, jobs.values(), j -> !j.ended());
    }

    synchronized JobEntry pickEndedJob(Random random) {
        return pick(random, jobs.values(), j -> j.ended() && !j.deleting);
    }

    /**
     * Takes in a job's state as the service showed it; answers what is wrong with it, or null. A job never goes back
     * (running → queued) and a final state, once shown, is shown the same ever after.
     */
    synchronized String jobSeen(JsonNode json) {
        String id = SoakJson.text(json, "id");
        String status = SoakJson.text(json, "status");
        JobEntry entry = jobs.get(id);
        if (entry == null) {
            return null;
        }
        return update(entry, json, status);
    }

    String update(JobEntry entry, JsonNode json, String status) {
        if (entry.ended()) {
            String difference = SoakJson.firstDifference(comparable(entry.finalJson, json), comparable(json, entry.finalJson));
            return difference == null ? null : "job " + entry.id + " was shown " + entry.status
                    + " and is now shown differently (" + difference + ")";
        }
        if ("queued".equals(status) && "running".equals(entry.status)) {
            return "job " + entry.id + " went back from running to queued";
        }
        entry.status = status;
        if (isFinal(status)) {
            entry.finalJson = json;
            entry.modelId = SoakJson.text(json, "modelId");
        }
        return null;
    }

    // ---- models ----

    synchronized ModelEntry pickModel(Random random) {
        return pick(random, models.values(), m -> !m.deleting);
    }

    synchronized ModelEntry model(String id) {
        return models.get(id);
    }

    /** A model as GET /models/{id} showed it: recorded the first time, compared with that every later time. */
    synchronized String modelSeen(String id, String text) {
        JsonNode json = SoakJson.parse(text);
        ModelEntry entry = models.get(id);
        if (entry == null) {
            if (deletedModels.contains(id)) {
                return "model " + id + " answers 200 after its delete was acknowledged";
            }
            models.put(id, new ModelEntry(id, json.path("featureNames").size(), json, text));
            return null;
        }
        String difference = SoakJson.firstDifference(entry.json, json);
        return difference == null ? null : "model " + id + " changed: " + difference;
    }

    /** The answer to the fixed rows: recorded the first time, compared bit for bit every later time. */
    synchronized String predictionSeen(ModelEntry entry, String text) {
        JsonNode json = SoakJson.parse(text);
        if (entry.prediction == null) {
            entry.prediction = json;
            entry.predictionText = text;
            return null;
        }
        if (entry.predictionText.equals(text)) {
            return null;
        }
        String difference = SoakJson.firstDifference(entry.prediction, json);
        return difference == null ? null : "model " + entry.id + " predicts differently: " + difference
                + " (first answer " + SoakHttp.abbreviate(entry.predictionText, 200) + ", now "
                + SoakHttp.abbreviate(text, 200) + ")";
    }

    // ---- deletes ----

    /** Marks the record as being deleted, so that no other client picks it; false if it is gone or already going. */
    synchronized boolean beginDelete(Kind kind, String id) {
        switch (kind) {
            case DATASET -> {
                DatasetEntry d = datasets.get(id);
                if (d == null || d.deleting) {
                    return false;
                }
                d.deleting = true;
            }
            case MODEL -> {
                ModelEntry m = models.get(id);
                if (m == null || m.deleting) {
                    return false;
                }
                m.deleting = true;
            }
            case JOB -> {
                JobEntry j = jobs.get(id);
                if (j == null || j.deleting) {
                    return false;
                }
                j.deleting = true;
            }
        }
        return true;
    }

    synchronized void deleteAcknowledged(Kind kind, String id) {
        recentDeletes.add(Map.entry(kind, id));
        switch (kind) {
            case DATASET -> {
                datasets.remove(id);
                deletedDatasets.add(id);
            }
            case MODEL -> {
                models.remove(id);
                deletedModels.add(id);
            }
            case JOB -> {
                jobs.remove(id);
                deletedJobs.add(id);
            }
        }
    }

    /** The delete got no answer: the record stays marked until the next check sees whether it is there. */
    synchronized void deleteInDoubt(Kind kind, String id) {
        switch (kind) {
            case DATASET -> datasets.get(id).deleteInDoubt = true;
            case MODEL -> models.get(id).deleteInDoubt = true;
            case JOB -> jobs.get(id).deleteInDoubt = true;
        }
    }

    /** The delete was refused or never sent: the record is as before. */
    synchronized void deleteNotDone(Kind kind, String id) {
        switch (kind) {
            case DATASET -> datasets.get(id).deleting = false;
            case MODEL -> models.get(id).deleting = false;
            case JOB -> jobs.get(id).deleting = false;
        }
    }

    /** True when a delete of the record was acknowledged, or is under way or in doubt. */
    synchronized boolean goneOrGoing(Kind kind, String id) {
        return switch (kind) {
            case DATASET -> deletedDatasets.contains(id) || (datasets.containsKey(id) && datasets.get(id).deleting);
            case MODEL -> deletedModels.contains(id) || (models.containsKey(id) && models.get(id).deleting);
            case JOB -> deletedJobs.contains(id) || (jobs.containsKey(id) && jobs.get(id).deleting);
        };
    }

    private static <T> T pick(Random random, Iterable<T> all, Predicate<T> eligible) {
        List<T> candidates = new ArrayList<>();
        for (T t : all) {
            if (eligible.test(t)) {
                candidates.add(t);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }
}
