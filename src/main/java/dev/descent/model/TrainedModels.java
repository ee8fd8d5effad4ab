package dev.descent.model;

import dev.descent.engine.LinearModel;
import dev.descent.engine.ThresholdPolicy;
import dev.descent.storage.JsonRecordStore;
import dev.descent.storage.ListOrder;
import dev.descent.storage.RecordFormat;
import dev.descent.storage.StorageLayout;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The model repository: one JSON file per model under {@code <storage>/models}, every model also held in memory
 * in its scoring form so that a prediction never reads the disk.
 */
@Component
public class TrainedModels {

    private static final Comparator<TrainedModel> OLDEST_FIRST =
            Comparator.comparing(TrainedModel::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(TrainedModel::id);

    private final JsonRecordStore<TrainedModel> store;
    private final ListOrder<TrainedModel> newestFirst = new ListOrder<>(OLDEST_FIRST);
    private final Map<String, LinearModel> scoring = new ConcurrentHashMap<>();
    private final Map<String, Double> thresholds = new ConcurrentHashMap<>();

    /** Version 1: release 0.1.0's model file, unchanged since. */
    static final RecordFormat<TrainedModel> FORMAT = RecordFormat.of(TrainedModel.class);

    public TrainedModels(StorageLayout layout) {
        this.store = new JsonRecordStore<>(layout.directory("models"), FORMAT, TrainedModel::id);
        List<TrainedModel> all = store.all();
        all.forEach(this::holdForScoring);
        newestFirst.addAll(all);
    }

    public TrainedModel save(TrainedModel model) {
        store.save(model);
        holdForScoring(model);
        newestFirst.add(model);
        return model;
    }

    public Optional<TrainedModel> find(String id) {
        return store.find(id);
    }

    public TrainedModel get(String id) {
        return find(id).orElseThrow(() -> new ModelNotFoundException(id));
    }

    private void holdForScoring(TrainedModel model) {
        scoring.put(model.id(), model.linearModel());
        if (model.threshold() != null) {
            thresholds.put(model.id(), model.threshold());
        }
    }

    /** A logistic model's own decision threshold, from memory; 0.5 for one that has none (linear models). */
    public double threshold(String id) {
        Double threshold = id == null ? null : thresholds.get(id);
        return threshold != null ? threshold : ThresholdPolicy.DEFAULT_THRESHOLD;
    }

    /** The model in scoring form, from memory. */
    public LinearModel scoring(String id) {
        LinearModel model = id == null ? null : scoring.get(id);
        if (model == null) {
            throw new ModelNotFoundException(id == null ? "" : id);
        }
        return model;
    }

    public List<TrainedModel> all() {
        return page(0, Integer.MAX_VALUE);
    }

    /** One page of the models, newest first, without reading more than the page. */
    public List<TrainedModel> page(long skip, int limit) {
        return newestFirst.page(skip, limit);
    }

    public void delete(String id) {
        TrainedModel model = get(id);
        if (!store.delete(id)) {
            throw new ModelNotFoundException(id);
        }
        scoring.remove(id);
        thresholds.remove(id);
        newestFirst.remove(model);
    }

    /** Removes a model that was never acknowledged, as far as the storage lets it: the job that made it has failed. */
    public void deleteQuietly(String id) {
        try {
            delete(id);
        } catch (RuntimeException e) {
            // a file left here is a model without a succeeded job: the next start still serves it, and a delete removes it
        }
    }

    public int size() {
        return store.size();
    }
}
