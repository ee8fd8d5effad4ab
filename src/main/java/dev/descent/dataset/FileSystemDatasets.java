package dev.descent.dataset;

import dev.descent.engine.TrainingData;
import dev.descent.storage.AtomicFiles;
import dev.descent.storage.RecordFormat;
import dev.descent.storage.StorageException;
import dev.descent.storage.StorageLayout;
import dev.descent.system.InvalidInputException;
import dev.descent.system.InvalidInputException.FieldError;
import dev.descent.system.PayloadTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Keeps each dataset as two files in {@code <storage>/datasets}: {@code <id>.f32}, the values in the shared float32
 * layout behind a small header, and {@code <id>.json}, its metadata. The metadata is written last, atomically: it is
 * the commit point, so a data file without one is the leftover of an interrupted upload and is deleted at start-up.
 * Metadata is held in memory; values are read from disk only by {@link #load}.
 */
@Component
public class FileSystemDatasets implements Datasets {

    private static final Logger log = LoggerFactory.getLogger(FileSystemDatasets.class);
    private static final String METADATA_SUFFIX = ".json";
    private static final DateTimeFormatter DEFAULT_NAME = DateTimeFormatter.ofPattern("'dataset-'yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final Set<String> ARRAY_SOURCES = Set.of(Dataset.SOURCE_JSON, Dataset.SOURCE_INLINE, Dataset.SOURCE_CSV);
    private static final int MAX_REPORTED_ERRORS = 20;
    private static final Comparator<Dataset> NEWEST_FIRST = Comparator.comparing(Dataset::createdAt).reversed()
            .thenComparing(Dataset::id);

    private final Path directory;
    private final DatasetProperties properties;
    /** Version 1: release 0.1.0's metadata, unchanged since. */
    static final RecordFormat<Dataset> FORMAT = RecordFormat.of(Dataset.class);
    private final ConcurrentMap<String, Dataset> datasets = new ConcurrentHashMap<>();
    private final ThreadPoolTaskExecutor parsePool;
    private final ThreadPoolTaskExecutor writebackPool;

    /**
     * @param parsePool     parses the chunks of every CSV upload ({@link DatasetExecutors#csvParseExecutor})
     * @param writebackPool starts the data files' writebacks ({@link DatasetExecutors#datasetWritebackExecutor})
     */
    public FileSystemDatasets(StorageLayout layout, DatasetProperties properties,
                              @Qualifier(DatasetExecutors.CSV_PARSE) ThreadPoolTaskExecutor parsePool,
                              @Qualifier(DatasetExecutors.WRITEBACK) ThreadPoolTaskExecutor writebackPool) {
        this.directory = layout.directory("datasets");
        this.properties = properties;
        this.parsePool = parsePool;
        this.writebackPool = writebackPool;
        loadExisting();
    }

    @Override
    public Dataset createFromCsv(String name, String target, InputStream csv) {
        String datasetName = checkName(name);
        return create(channel -> {
            // each upload keeps every parse thread busy; uploads at once share them
            CsvDatasetReader reader = new CsvDatasetReader(csv, properties, parsePool, parsePool.getMaxPoolSize(),
                    CsvDatasetReader.CHUNK_BYTES, writebackPool);
            CsvDatasetReader.Result parsed = reader.read(target, channel);
            return new Written(parsed.featureNames(), parsed.target(), parsed.summary());
        }, datasetName, Dataset.SOURCE_CSV);
    }

    @Override
    public Dataset createFromArrays(String name, List<String> featureNames, double[][] features, double[] targets,
                                    String source) {
        if (!ARRAY_SOURCES.contains(source)) {
            throw new IllegalArgumentException("source must be one of " + ARRAY_SOURCES + ", got " + source);
        }
        String datasetName = checkName(name);
        List<String> names = checkArrays(featureNames, features, targets);
        int d = names.size();
        return create(channel -> {
            DataFileWriter writer = new DataFileWriter(channel, d, properties.maxRows(), writebackPool);
            for (int r = 0; r < features.length; r++) {
                double[] row = features[r];
                for (int c = 0; c < d; c++) {
                    writer.put(c, (float) row[c]);
                }
                writer.put(d, (float) targets[r]);
                writer.endRow();
            }
            return new Written(names, targetName(names), writer.finish());
        }, datasetName, source);
    }

    @Override
    public Optional<Dataset> find(String id) {
        return StorageLayout.isValidId(id) ? Optional.ofNullable(datasets.get(id)) : Optional.empty();
    }

    @Override
    public Dataset get(String id) {
        return find(id).orElseThrow(() -> new DatasetNotFoundException(String.valueOf(id)));
    }

    @Override
    public List<Dataset> all() {
        List<Dataset> all = new ArrayList<>(datasets.values());
        all.sort(NEWEST_FIRST);
        return all;
    }

    @Override
    public void delete(String id) {
        if (!StorageLayout.isValidId(id) || !datasets.containsKey(id)) {
            throw new DatasetNotFoundException(String.valueOf(id));
        }
        // metadata first: once it is gone the dataset is gone (a failure before leaves it whole, in memory and on disk),
        // and a data file left by a crash or a failure after it is an orphan that the next start deletes
        AtomicFiles.delete(metadataFile(id));
        datasets.remove(id);
        AtomicFiles.deleteQuietly(dataFile(id));
    }

    @Override
    public TrainingData load(String id) {
        Dataset dataset = get(id);
        ByteBuffer values;
        try {
            values = DataFile.mapValues(dataFile(id), dataset.rows(), dataset.featureCount());
        } catch (NoSuchFileException e) {
            throw new DatasetNotFoundException(id); // deleted while we looked it up
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset " + id, e);
        }
        return TrainingData.wrap(values, Math.toIntExact(dataset.rows()), dataset.featureCount());
    }

    // ---- creating ----

    /** Column names, target name and summary of a freshly written data file. */
    private record Written(List<String> featureNames, String target, DataFileWriter.Summary summary) {
    }

    @FunctionalInterface
    private interface Content {
        Written writeTo(FileChannel channel) throws IOException;
    }

    private Dataset create(Content content, String name, String source) {
        String id = StorageLayout.newId();
        Path data = dataFile(id);
        Path temp = AtomicFiles.temporarySibling(data);
        boolean committed = false;
        try {
            Written written;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                written = content.writeTo(channel);
            }
            AtomicFiles.commit(temp, data);
            DataFileWriter.Summary summary = written.summary();
            Dataset dataset = new Dataset(id, name, summary.rows(), written.featureNames(), written.target(), Instant.now(),
                    summary.columns(written.featureNames()), summary.target(written.target()), summary.sizeBytes(),
                    summary.sha256(), source);
            AtomicFiles.write(metadataFile(id), FORMAT.write(dataset));
            committed = true;
            datasets.put(id, dataset);
            log.info("Stored dataset {} ('{}'): {} rows, {} features, {} bytes, from {}", id, name, dataset.rows(),
                    dataset.featureCount(), dataset.sizeBytes(), source);
            return dataset;
        } catch (IOException e) {
            throw new StorageException("cannot store dataset " + id, e);
        } finally {
            if (!committed) {
                AtomicFiles.deleteQuietly(temp);
                AtomicFiles.deleteQuietly(data);
                // the metadata's rename may have happened before its directory's fsync failed
                AtomicFiles.deleteQuietly(metadataFile(id));
            }
        }
    }

    private String checkName(String name) {
        if (name == null || name.isBlank()) {
            return DEFAULT_NAME.format(Instant.now());
        }
        String stripped = name.strip();
        if (stripped.length() > properties.maxNameLength()) {
            throw new InvalidInputException("The name is " + stripped.length() + " characters long, more than the limit of "
                    + properties.maxNameLength() + "; shorten it or raise descent.datasets.max-name-length.",
                    List.of(new FieldError("name", "longer than " + properties.maxNameLength() + " characters")));
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw InvalidInputException.forField("name", "must not contain control characters such as line breaks");
        }
        return stripped;
    }

    /** Checks arrays against each other and the limits; answers the feature names to store. */
    private List<String> checkArrays(List<String> featureNames, double[][] features, double[] targets) {
        if (features == null || features.length == 0) {
            throw InvalidInputException.forField("features", "must hold at least one row");
        }
        if (targets == null) {
            throw InvalidInputException.forField("targets", "is required: one target per row of features");
        }
        if (features.length > properties.maxRows()) {
            throw new PayloadTooLargeException("The dataset has " + features.length + " rows, more than the configured "
                    + "limit of " + properties.maxRows() + "; send fewer rows or raise descent.datasets.max-rows.");
        }
        if (features[0] == null) {
            throw InvalidInputException.forField("features[0]", "must be an array of numbers, not null");
        }
        int d = featureNames != null ? featureNames.size() : features[0].length;
        if (d > properties.maxFeatures()) {
            throw new PayloadTooLargeException("The dataset has " + d + " features, more than the configured limit of "
                    + properties.maxFeatures() + "; send fewer features or raise descent.datasets.max-features.");
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> names = featureNames != null ? checkFeatureNames(featureNames, errors) : defaultNames(d);
        if (d == 0) {
            errors.add(new FieldError(featureNames != null ? "featureNames" : "features[0]", "must hold at least one feature"));
        }
        if (targets.length != features.length) {
            errors.add(new FieldError("targets", "expected " + features.length + " targets (one per row of features), got "
                    + targets.length));
        }
        for (int r = 0; r < features.length && errors.size() < MAX_REPORTED_ERRORS; r++) {
            double[] row = features[r];
            if (row == null) {
                errors.add(new FieldError("features[" + r + "]", "must be an array of numbers, not null"));
            } else if (row.length != d) {
                errors.add(new FieldError("features[" + r + "]", "expected " + d + " values"
                        + (featureNames != null ? " (one per feature name)" : " (as many as in row 0)") + ", got " + row.length));
            } else {
                for (int c = 0; c < d; c++) {
                    if (!isFloat(row[c])) {
                        errors.add(new FieldError("features[" + r + "][" + c + "]", notFloat(row[c])));
                        break;
                    }
                }
            }
        }
        for (int r = 0; r < targets.length && errors.size() < MAX_REPORTED_ERRORS; r++) {
            if (!isFloat(targets[r])) {
                errors.add(new FieldError("targets[" + r + "]", notFloat(targets[r])));
            }
        }
        if (!errors.isEmpty()) {
            FieldError first = errors.get(0);
            String more = errors.size() == 1 ? "" : " (and " + (errors.size() - 1) + " more, listed in errors)";
            throw new InvalidInputException(first.field() + ": " + first.message() + more + ". Send one array of finite "
                    + "numbers per row, all of the same length, and one target per row.", errors);
        }
        return names;
    }

    private List<String> checkFeatureNames(List<String> featureNames, List<FieldError> errors) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < featureNames.size(); i++) {
            String name = featureNames.get(i);
            String field = "featureNames[" + i + "]";
            if (name == null || name.isBlank()) {
                errors.add(new FieldError(field, "must not be blank"));
            } else if (name.length() > properties.maxNameLength()) {
                errors.add(new FieldError(field, "is longer than " + properties.maxNameLength()
                        + " characters (descent.datasets.max-name-length)"));
            } else {
                Integer first = seen.putIfAbsent(name, i);
                if (first != null) {
                    errors.add(new FieldError(field, "'" + CsvDatasetReader.abbreviate(name)
                            + "' is also featureNames[" + first + "]; names must be unique"));
                }
            }
        }
        return featureNames;
    }

    /** Arrays do not name their target: "y", unless a feature has that name. */
    private static String targetName(List<String> featureNames) {
        String name = "y";
        for (int i = 1; featureNames.contains(name); i++) {
            name = "y" + "_".repeat(i);
        }
        return name;
    }

    private static List<String> defaultNames(int d) {
        List<String> names = new ArrayList<>(d);
        for (int i = 1; i <= d; i++) {
            names.add("x" + i);
        }
        return names;
    }

    private static boolean isFloat(double value) {
        return Math.abs(value) <= Float.MAX_VALUE;
    }

    private static String notFloat(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "must be a finite number, got " + value
                : "is beyond the float32 range (±3.4e38), got " + value;
    }

    // ---- start-up ----

    private void loadExisting() {
        List<Path> dataFiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(METADATA_SUFFIX)) {
                    loadMetadata(file, fileName.substring(0, fileName.length() - METADATA_SUFFIX.length()));
                } else if (fileName.endsWith(DataFile.SUFFIX)) {
                    dataFiles.add(file);
                } else {
                    log.warn("Ignoring {} in the datasets directory: not a file descent writes", file);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list datasets in " + directory, e);
        }
        for (Path file : dataFiles) {
            String fileName = file.getFileName().toString();
            String id = fileName.substring(0, fileName.length() - DataFile.SUFFIX.length());
            if (StorageLayout.isValidId(id) && !Files.exists(metadataFile(id))) {
                log.info("Deleting {}: the data of an upload that did not finish (no metadata)", file);
                AtomicFiles.deleteQuietly(file);
            }
        }
        log.info("Found {} dataset(s) in {}", datasets.size(), directory);
    }

    private void loadMetadata(Path file, String id) {
        if (!StorageLayout.isValidId(id)) {
            log.warn("Ignoring {}: its name is not a dataset id", file);
            return;
        }
        try {
            Dataset dataset = FORMAT.read(Files.readAllBytes(file));
            if (!id.equals(dataset.id())) {
                log.warn("Skipping {}: it describes dataset {}, not {}", file, dataset.id(), id);
                return;
            }
            DataFile.check(dataFile(id), dataset.rows(), dataset.featureCount());
            datasets.put(id, dataset);
        } catch (RecordFormat.NewerVersionException e) {
            log.warn("Leaving dataset {} as it is: {}; run that release or a later one to use it", id, e.getMessage());
        } catch (IOException e) {
            log.warn("Skipping dataset {}: its data file cannot be used ({})", id, e.getMessage());
        } catch (RuntimeException e) {
            // Jackson's exceptions and the record's own checks: a foreign or corrupt file must not stop the service
            log.warn("Skipping {}: not readable dataset metadata ({})", file, e.getMessage());
        }
    }

    private Path dataFile(String id) {
        return directory.resolve(id + DataFile.SUFFIX);
    }

    private Path metadataFile(String id) {
        return directory.resolve(id + METADATA_SUFFIX);
    }
}
