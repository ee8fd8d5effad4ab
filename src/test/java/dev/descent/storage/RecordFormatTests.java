package dev.descent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/** Stored records across releases: older files load, newer ones are refused, never misread. */
class RecordFormatTests {

    /** A record as a first release stored it. */
    record Job(String id, int epochs, double rate) {
    }

    /** The same record after a later release added fields, primitives among them. */
    record JobWithMore(String id, int epochs, double rate, int retries, boolean warmStart, List<String> tags) {
    }

    private static final byte[] RELEASE_ONE_FILE = "{\"id\": \"a\", \"epochs\": 5, \"rate\": 0.1}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void theWebsStrictMapperCannotReadAnOlderFileOnceAPrimitiveFieldIsAdded() {
        // spring.jackson.deserialization.fail-on-null-for-primitives: true, as application.yml sets for requests
        JsonMapper web = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
        assertThatThrownBy(() -> web.readValue(RELEASE_ONE_FILE, JobWithMore.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("retries");
    }

    @Test
    void theStoredFormatReadsAnOlderFileWithTheNewFieldsAtTheirDefaults() {
        JobWithMore read = RecordFormat.of(JobWithMore.class).read(RELEASE_ONE_FILE);
        assertThat(read).isEqualTo(new JobWithMore("a", 5, 0.1, 0, false, null));
    }

    @Test
    void aFileWithoutAVersionIsVersionOneAndIsUpgradedStepByStep() {
        RecordFormat<JobWithMore> format = RecordFormat.of(JobWithMore.class)
                .then(node -> node.put("retries", 3))
                .then(node -> node.put("epochs", node.get("epochs").asInt() * 10));
        assertThat(format.version()).isEqualTo(3);

        assertThat(format.decode(RELEASE_ONE_FILE)).isEqualTo(
                new RecordFormat.Decoded<>(new JobWithMore("a", 50, 0.1, 3, false, null), 1));
        byte[] versionTwo = "{\"schemaVersion\": 2, \"id\": \"b\", \"epochs\": 7, \"rate\": 1, \"retries\": 1}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(format.read(versionTwo)).as("only the later step").isEqualTo(new JobWithMore("b", 70, 1, 1, false, null));
    }

    @Test
    void writingPutsTheVersionFirstAndReadingItBackGivesTheSameRecord() {
        RecordFormat<Job> format = RecordFormat.of(Job.class).then(node -> node);
        byte[] file = format.write(new Job("c", 2, 0.5));
        assertThat(new String(file, StandardCharsets.UTF_8)).startsWith("{\"schemaVersion\":2,\"id\":\"c\"");
        assertThat(format.read(file)).isEqualTo(new Job("c", 2, 0.5));
    }

    @Test
    void aFileOfANewerVersionIsRefusedNotMisread() {
        byte[] newer = "{\"schemaVersion\": 3, \"id\": \"d\", \"epochs\": 1, \"rate\": 1}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RecordFormat.of(Job.class).then(node -> node).read(newer))
                .isInstanceOf(RecordFormat.NewerVersionException.class)
                .hasMessageContaining("schemaVersion 3").hasMessageContaining("reads up to 2");
    }

    @Test
    void aVersionThatIsNotAWholeNumberIsRefused() {
        byte[] odd = "{\"schemaVersion\": \"two\", \"id\": \"e\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RecordFormat.of(Job.class).read(odd)).isInstanceOf(IllegalArgumentException.class);
    }
}
