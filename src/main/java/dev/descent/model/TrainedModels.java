package dev.descent.model;

import dev.descent.engine.LinearModel;
import dev.descent.storage.JsonRecordStore;
import dev.descent.storage.StorageLayout;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model repository: one JSON file per model under {@code <storage>/models}, every model also held in memory
 * in its scoring form so that a prediction never reads the disk.
 */
@Component
public class TrainedModels {

    private static final Comparator<TrainedModel> NEWEST_FIRST =
            Comparator.comparing(TrainedModel::createdAt).reversed().thenComparing(TrainedModel::id);

    private final JsonRecordStore<TrainedModel> store;
    private final Map<String, LinearModel> scoring = new ConcurrentHashMap<>();

    public TrainedModels(StorageLayout layout, JsonMapper json) {
        this.store = new JsonRecordStore<>(layout.directory("models"), TrainedModel.class, TrainedModel::id, json);
        store.all(NEWEST_FIRST).forEach(model -> scoring.put(model.id(), model.linearModel()));
    }

    public TrainedModel save(TrainedModel model) {
        store.save(model);
        scoring.put(model.id(), model.linearModel());
        return model;
    }

    public Optional<TrainedModel> find(String id) {
        return store.find(id);
    }

    public TrainedModel get(String id) {
        return find(id).orElseThrow(() -> new ModelNotFoundException(id));
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
        return store.all(NEWEST_FIRST);
    }

    public void delete(String id) {
        if (!store.delete(id)) {
            throw new ModelNotFoundException(id);
        }
        scoring.remove(id);
    }

    public int size() {
        return store.size();
    }
}
