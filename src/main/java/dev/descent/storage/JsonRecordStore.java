package dev.descent.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Small records kept one JSON file each ({@code <dir>/<id>.json}), all held in memory for reads and written
 * through atomically on every change. Files that cannot be read at start-up are reported and skipped.
 */
public final class JsonRecordStore<T> {

    private static final Logger log = LoggerFactory.getLogger(JsonRecordStore.class);
    private static final String SUFFIX = ".json";

    private final Path directory;
    private final Class<T> type;
    private final Function<T, String> idOf;
    private final JsonMapper json;
    private final ConcurrentMap<String, T> records = new ConcurrentHashMap<>();

    public JsonRecordStore(Path directory, Class<T> type, Function<T, String> idOf, JsonMapper json) {
        this.directory = directory;
        this.type = type;
        this.idOf = idOf;
        this.json = json;
        load();
    }

    private void load() {
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).forEach(this::loadOne);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private void loadOne(Path file) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - SUFFIX.length());
        try {
            T record = json.readValue(file.toFile(), type);
            if (!id.equals(idOf.apply(record))) {
                log.warn("Skipping {}: its id does not match its file name", file);
                return;
            }
            records.put(id, record);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            log.warn("Skipping {}: not a readable {} record ({})", file, type.getSimpleName(), e.getMessage());
        }
    }

    /** Writes the record durably, then makes it visible. */
    public T save(T record) {
        String id = idOf.apply(record);
        if (!StorageLayout.isValidId(id)) {
            throw new IllegalArgumentException("not a valid id: " + id);
        }
        AtomicFiles.write(file(id), json.writeValueAsBytes(record));
        records.put(id, record);
        return record;
    }

    public Optional<T> find(String id) {
        return StorageLayout.isValidId(id) ? Optional.ofNullable(records.get(id)) : Optional.empty();
    }

    /** Every record, ordered by the comparator. */
    public List<T> all(Comparator<T> order) {
        List<T> all = new ArrayList<>(records.values());
        all.sort(order);
        return all;
    }

    /** Removes the record's file durably; false when there was none. */
    public boolean delete(String id) {
        if (!StorageLayout.isValidId(id) || !records.containsKey(id)) {
            return false;
        }
        AtomicFiles.delete(file(id));
        return records.remove(id) != null;
    }

    public int size() {
        return records.size();
    }

    private Path file(String id) {
        return directory.resolve(id + SUFFIX);
    }
}
