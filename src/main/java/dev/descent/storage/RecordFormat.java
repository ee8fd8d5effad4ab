package dev.descent.storage;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How one kind of record is kept on disk: JSON with a {@code schemaVersion}, read by every later release. A file of
 * an older version is upgraded in memory on reading, step by step; a file without a version is version 1 (what
 * release 0.1.0 wrote); a file of a newer version than this release knows is refused, so that the store reports it
 * and leaves it as it is.
 *
 * <p>Stored records are read with their own mapper, not the web's: the web's is strict
 * ({@code fail-on-unknown-properties}, {@code fail-on-null-for-primitives}), and under the latter Jackson 3 fails a
 * record whose older file lacks a newer primitive field. Here a missing field takes its type's default (0, false,
 * null) and the record's compact constructor or an upgrade step fills a better one.
 */
public final class RecordFormat<T> {

    public static final String VERSION_FIELD = "schemaVersion";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private final Class<T> type;
    private final int version;
    private final Map<Integer, UnaryOperator<ObjectNode>> upgrades;

    private RecordFormat(Class<T> type, int version, Map<Integer, UnaryOperator<ObjectNode>> upgrades) {
        this.type = type;
        this.version = version;
        this.upgrades = upgrades;
    }

    /** A record type at version 1 with no older versions. */
    public static <T> RecordFormat<T> of(Class<T> type) {
        return new RecordFormat<>(type, 1, Map.of());
    }

    /**
     * The same type one version later: {@code upgrade} turns a file of the version before into this one (fields
     * renamed, moved or given their defaults).
     */
    public RecordFormat<T> then(UnaryOperator<ObjectNode> upgrade) {
        Map<Integer, UnaryOperator<ObjectNode>> steps = new TreeMap<>(upgrades);
        steps.put(version, upgrade);
        return new RecordFormat<>(type, version + 1, Map.copyOf(steps));
    }

    /** The version this release writes. */
    public int version() {
        return version;
    }

    /** The stored mapper, shared by every format: lenient reading, see the class comment. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** The record as a file: its fields, with {@code schemaVersion} first. */
    public byte[] write(T record) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put(VERSION_FIELD, version);
        node.setAll((ObjectNode) MAPPER.valueToTree(record));
        return MAPPER.writeValueAsBytes(node);
    }

    /**
     * Reads a file of this or an older version.
     *
     * @throws NewerVersionException when a later release wrote it
     * @throws tools.jackson.core.JacksonException when it is not JSON of this record
     */
    public T read(byte[] file) {
        return decode(file).record();
    }

    /** A record read from a file, and the version the file was in. */
    public record Decoded<T>(T record, int version) {
    }

    /** As {@link #read}, telling also which version the file was. */
    public Decoded<T> decode(byte[] file) {
        if (writtenVersion(file) == version) {
            // what this release wrote: straight into the record, without a tree (schemaVersion is ignored as unknown)
            return new Decoded<>(MAPPER.readValue(file, type), version);
        }
        JsonNode tree = MAPPER.readTree(file);
        if (!(tree instanceof ObjectNode node)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        int found = versionOf(node);
        if (found > version) {
            throw new NewerVersionException(found, version);
        }
        for (int v = found; v < version; v++) {
            node = upgrades.get(v).apply(node);
        }
        node.remove(VERSION_FIELD);
        return new Decoded<>(MAPPER.treeToValue(node, type), found);
    }

    /** The version of a file as {@link #write} lays it out ({@code {"schemaVersion":N,…}}); -1 for any other form. */
    private static int writtenVersion(byte[] file) {
        byte[] prefix = WRITTEN_PREFIX;
        if (file.length <= prefix.length + 1) {
            return -1;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (file[i] != prefix[i]) {
                return -1;
            }
        }
        int v = 0;
        int i = prefix.length;
        for (; i < file.length && i < prefix.length + 9 && file[i] >= '0' && file[i] <= '9'; i++) {
            v = v * 10 + (file[i] - '0');
        }
        return i > prefix.length && i < file.length && file[i] == ',' ? v : -1;
    }

    private static final byte[] WRITTEN_PREFIX = ("{\"" + VERSION_FIELD + "\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The version a file says it is: 1 when it says nothing (release 0.1.0). */
    public static int versionOf(ObjectNode node) {
        JsonNode v = node.get(VERSION_FIELD);
        if (v == null || v.isNull()) {
            return 1;
        }
        if (!v.isIntegralNumber() || v.asInt() < 1) {
            throw new IllegalArgumentException(VERSION_FIELD + " must be a whole number of at least 1, got " + v);
        }
        return v.asInt();
    }

    /** Reads a version-1 file's field, for an upgrade step. */
    public static Optional<JsonNode> field(ObjectNode node, String name) {
        return Optional.ofNullable(node.get(name)).filter(n -> !n.isNull());
    }

    /** A file written by a later release than this one: reported and left as it is, never read or rewritten. */
    public static final class NewerVersionException extends RuntimeException {

        private final int found;

        NewerVersionException(int found, int known) {
            super("written by a newer release (" + VERSION_FIELD + " " + found + "; this release reads up to " + known + ")");
            this.found = found;
        }

        public int found() {
            return found;
        }
    }
}
