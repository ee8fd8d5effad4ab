package dev.descent.model;

import dev.descent.engine.LinearModel;
import dev.descent.engine.ModelType;
import dev.descent.system.InvalidInputException;
import dev.descent.system.PayloadTooLargeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/** Scores rows with a stored model, from memory, after checking every value a client sent. */
@Component
public class Predictions {

    private final TrainedModels models;
    private final PredictionProperties properties;
    private final Map<ModelType, Timer> latency = new java.util.EnumMap<>(ModelType.class);

    public Predictions(TrainedModels models, PredictionProperties properties, MeterRegistry registry) {
        this.models = models;
        this.properties = properties;
        for (ModelType type : ModelType.values()) {
            latency.put(type, Timer.builder("descent.prediction.latency")
                    .description("Time to score one prediction request, after parsing")
                    .tag("model.type", type.wireName()).register(registry));
        }
    }

    /** Rows given as arrays in the model's feature order. */
    /** @param threshold null for the model's own */
    public List<Prediction> predictRows(String modelId, List<double[]> rows, Double threshold) {
        LinearModel model = models.scoring(modelId);
        checkCount(rows.size(), "features");
        checkThreshold(threshold);
        for (int i = 0; i < rows.size(); i++) {
            double[] row = rows.get(i);
            if (row == null) {
                throw InvalidInputException.forField("features[" + i + "]", "must be an array of " + model.features() + " numbers, got null");
            }
            if (row.length != model.features()) {
                throw InvalidInputException.forField("features[" + i + "]",
                        "expected " + model.features() + " features, got " + row.length);
            }
            for (int j = 0; j < row.length; j++) {
                if (!Double.isFinite(row[j])) {
                    throw InvalidInputException.forField("features[" + i + "][" + j + "]", "must be a finite number, got " + row[j]);
                }
            }
        }
        return score(model, rows, threshold != null ? threshold : models.threshold(modelId));
    }

    /** Rows given as objects keyed by feature name; every feature of the model must be present, and no other. */
    public List<Prediction> predictInstances(String modelId, List<Map<String, Double>> instances, Double threshold) {
        TrainedModel stored = models.get(modelId);
        LinearModel model = models.scoring(modelId);
        checkCount(instances.size(), "instances");
        checkThreshold(threshold);
        List<String> names = stored.featureNames();
        List<double[]> rows = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            Map<String, Double> instance = instances.get(i);
            String field = "instances[" + i + "]";
            if (instance == null) {
                throw InvalidInputException.forField(field, "must be an object of feature names to numbers, got null");
            }
            Set<String> unknown = new TreeSet<>(instance.keySet());
            names.forEach(unknown::remove);
            if (!unknown.isEmpty()) {
                throw InvalidInputException.forField(field, "unknown features " + unknown + "; the model's features are " + names);
            }
            double[] row = new double[names.size()];
            for (int j = 0; j < row.length; j++) {
                Double value = instance.get(names.get(j));
                if (value == null) {
                    throw InvalidInputException.forField(field + "." + names.get(j), "is missing; every feature of the model needs a number");
                }
                if (!Double.isFinite(value)) {
                    throw InvalidInputException.forField(field + "." + names.get(j), "must be a finite number, got " + value);
                }
                row[j] = value;
            }
            rows.add(row);
        }
        return score(model, rows, threshold != null ? threshold : models.threshold(modelId));
    }

    private List<Prediction> score(LinearModel model, List<double[]> rows, double threshold) {
        long started = System.nanoTime();
        List<Prediction> predictions = new ArrayList<>(rows.size());
        boolean logistic = model.type() == ModelType.LOGISTIC_REGRESSION;
        for (double[] row : rows) {
            predictions.add(logistic ? Prediction.classified(model.decision(row), threshold)
                    : Prediction.regressed(model.predict(row)));
        }
        latency.get(model.type()).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        return predictions;
    }

    private void checkCount(int count, String field) {
        if (count == 0) {
            throw InvalidInputException.forField(field, "must hold at least one row");
        }
        if (count > properties.maxRows()) {
            throw new PayloadTooLargeException("A prediction request may carry at most " + properties.maxRows()
                    + " rows, got " + count + "; split the request or raise descent.predictions.max-rows.");
        }
    }

    private static void checkThreshold(Double threshold) {
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw InvalidInputException.forField("threshold", "must be between 0 and 1, got " + threshold);
        }
    }
}
