package dev.descent.storage;

import java.io.IOException;
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

/**
 * Small records kept one JSON file each ({@code <dir>/<id>.json}, in a {@link RecordFormat}), all held in memory for
 * reads and written through atomically on every change. At start-up, files of an older version are upgraded and
 * written back in the current one; files that cannot be read, or that a newer release wrote, are reported and left
 * untouched: never loaded, rewritten or deleted.
 */
public final class JsonRecordStore<T> {

    private static final Logger log = LoggerFactory.getLogger(JsonRecordStore.class);
    private static final String SUFFIX = ".json";

    private final Path directory;
    private final RecordFormat<T> format;
    private final Function<T, String> idOf;
    private final ConcurrentMap<String, T> records = new ConcurrentHashMap<>();
    private final List<Path> unread = java.util.Collections.synchronizedList(new ArrayList<>());

    public JsonRecordStore(Path directory, RecordFormat<T> format, Function<T, String> idOf) {
        this.directory = directory;
        this.format = format;
        this.idOf = idOf;
        load();
    }

    private void load() {
        List<Path> found;
        try (Stream<Path> files = Files.list(directory)) {
            found = files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList();
        } catch (IOException e) {
            throw new StorageException("cannot list " + directory, e);
        }
        // read on every core: at start-up, with a large store, this is most of the wait for readiness (bench/STATE.md)
        List<T> upgraded = java.util.Collections.synchronizedList(new ArrayList<>());
        found.parallelStream().forEach(file -> loadOne(file, upgraded));
        for (T record : upgraded) {
            save(record);
        }
        if (!upgraded.isEmpty()) {
            log.info("Upgraded {} record(s) in {} to schema version {}", upgraded.size(), directory, format.version());
        }
    }

    private void loadOne(Path file, List<T> upgraded) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - SUFFIX.length());
        try {
            byte[] bytes = Files.readAllBytes(file);
            RecordFormat.Decoded<T> decoded = format.decode(bytes);
            T record = decoded.record();
            if (!id.equals(idOf.apply(record))) {
                log.warn("Skipping {}: its id does not match its file name", file);
                unread.add(file);
                return;
            }
            records.put(id, record);
            if (decoded.version() < format.version()) {
                upgraded.add(record);
            }
        } catch (RecordFormat.NewerVersionException e) {
            log.warn("Leaving {} as it is: {}; run that release or a later one to use it", file, e.getMessage());
            unread.add(file);
        } catch (IOException e) {
            log.warn("Skipping {}: it cannot be read ({})", file, e.getMessage());
            unread.add(file);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            log.warn("Skipping {}: not a readable record ({})", file, e.getMessage());
            unread.add(file);
        }
    }

    /**
     * Writes the record durably, then makes it visible.
     *
     * @throws StorageException when it cannot be written; the store then holds what it held before, and a new record
     *                          leaves no file
     */
    public T save(T record) {
        String id = idOf.apply(record);
        if (!StorageLayout.isValidId(id)) {
            throw new IllegalArgumentException("not a valid id: " + id);
        }
        boolean existed = records.containsKey(id);
        try {
            AtomicFiles.write(file(id), format.write(record));
        } catch (StorageException e) {
            if (!existed) {
                // the rename may have happened before the directory's fsync failed
                AtomicFiles.deleteQuietly(file(id));
            }
            throw e;
        }
        records.put(id, record);
        return record;
    }

    public Optional<T> find(String id) {
        return StorageLayout.isValidId(id) ? Optional.ofNullable(records.get(id)) : Optional.empty();
    }

    /** Every record, in no particular order. */
    public List<T> all() {
        return new ArrayList<>(records.values());
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

    /** Files found at start-up and left alone: unreadable, or written by a newer release. */
    public List<Path> unread() {
        synchronized (unread) {
            return List.copyOf(unread);
        }
    }

    private Path file(String id) {
        return directory.resolve(id + SUFFIX);
    }
}
