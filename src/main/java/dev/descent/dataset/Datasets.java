package dev.descent.dataset;

import dev.descent.engine.TrainingData;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** The dataset store: creates datasets from CSV or arrays, lists, finds, deletes and loads them. Thread-safe. */
public interface Datasets {

    /**
     * Parses a CSV (UTF-8, header row) as it streams in and stores it.
     *
     * @param name   the dataset's name; null or blank gives {@code dataset-<yyyyMMdd-HHmmss>}
     * @param target the target column's name; null takes the last column
     * @throws dev.descent.system.InvalidInputException    when the CSV or the arguments cannot be used
     * @throws dev.descent.system.PayloadTooLargeException when the CSV is over a configured limit
     */
    Dataset createFromCsv(String name, String target, InputStream csv);

    /**
     * Stores rows given as arrays.
     *
     * @param featureNames null names the features {@code x1..xd}
     * @param source       {@link Dataset#SOURCE_JSON} or {@link Dataset#SOURCE_INLINE}
     * @throws dev.descent.system.InvalidInputException    with field paths such as {@code features[3]}, {@code targets}
     * @throws dev.descent.system.PayloadTooLargeException when the arrays are over a configured limit
     */
    Dataset createFromArrays(String name, List<String> featureNames, double[][] features, double[] targets, String source);

    Optional<Dataset> find(String id);

    /** @throws DatasetNotFoundException when no dataset has this id (or the id cannot be one) */
    Dataset get(String id);

    /** Every dataset, newest first. */
    List<Dataset> all();

    /** @throws DatasetNotFoundException when no dataset has this id */
    void delete(String id);

    /** Reads the dataset's values into off-heap memory, in the shared layout. */
    TrainingData load(String id);
}
