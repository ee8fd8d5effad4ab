package dev.descent.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The data directory's layout: one sub-directory per kind of record ({@code datasets}, {@code models},
 * {@code training-jobs}), file names made only from validated ids, temp files swept at start-up.
 */
@Component
public class StorageLayout {

    private static final Logger log = LoggerFactory.getLogger(StorageLayout.class);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final Path root;

    @Autowired
    public StorageLayout(StorageProperties properties) {
        this(properties.dir());
    }

    /** A layout over any directory, of any file system: tests give one that fails on demand. */
    public StorageLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The directory for one kind of record, created on first use, with leftovers of interrupted writes removed. */
    public Path directory(String kind) {
        Path dir = root.resolve(kind);
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)).forEach(f -> {
                    log.info("Removing {} left by an interrupted write", f.getFileName());
                    AtomicFiles.deleteQuietly(f);
                });
            }
        } catch (IOException e) {
            throw new StorageException("cannot use storage directory " + dir, e);
        }
        return dir;
    }

    public Path root() {
        return root;
    }

    /** A new opaque id: random, lower-case, safe in a file name. */
    public static String newId() {
        return java.util.UUID.randomUUID().toString();
    }

    /** True when the text can be an id that descent generated: no path can be formed from it. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
