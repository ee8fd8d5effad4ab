package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A real full disk: the service's storage on a 3 MB tmpfs, and an upload larger than that. Needs Linux and root
 * to mount one (CI runs as root; elsewhere the test is skipped and says why); {@code StorageFaultTests} covers
 * every step of every write on any machine.
 */
class FullDiskTests {

    @TempDir
    Path temp;

    private Path mount;
    private ServiceProcess service;

    @AfterEach
    void cleanUp() throws Exception {
        if (service != null) {
            service.close();
        }
        if (mount != null) {
            run("umount", mount.toString());
        }
    }

    @Test
    void anUploadLargerThanTheFreeSpaceAnswers507AndTheNextSmallOneWorks() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && "root".equals(System.getProperty("user.name")),
                "mounting a small tmpfs needs Linux and root");
        mount = temp.resolve("tiny");
        Files.createDirectories(mount);
        assertThat(run("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount.toString())).isZero();
        Path storage = mount.resolve("data");
        service = ServiceProcess.start(storage, temp.resolve("service.log"));
        ApiClient api = new ApiClient(service.port());

        JsonNode problem = api.problem(api.http.post().uri("/api/v1/datasets?name=big&target=label")
                .contentType(ApiClient.CSV).body(bigCsv(200_000)), 507);

        assertThat(problem.path("type").asString()).isEqualTo("https://descent.dev/problems/insufficient-storage");
        try (Stream<Path> files = Files.walk(storage)) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("nothing left on the full disk").isEmpty();
        }
        JsonNode small = api.uploadCsv("small", "label", SeedData.logisticCsv(31));
        assertThat(small.path("rows").asInt()).isEqualTo(100);
        assertThat(service.logText()).contains("No space left on device");
    }

    /** About 7.6 MB of CSV: 200,000 rows, 4.8 MB as float32, more than the 3 MB disk holds. */
    private static String bigCsv(int rows) {
        StringBuilder csv = new StringBuilder(rows * 40).append("x1,x2,x3,x4,x5,label\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i % 97).append(',').append(i % 89).append(",0.5,").append(i % 83).append(",1.25,")
                    .append(i % 2).append('\n');
        }
        return csv.toString();
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(List.of(command)).inheritIO().start().waitFor();
    }
}
