package dev.descent.dataset;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.engine.TrainingData;
import dev.descent.storage.StorageLayout;
import dev.descent.storage.StorageProperties;
import dev.descent.system.InvalidInputException;
import dev.descent.system.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class FileSystemDatasetsTests {

    @TempDir
    Path root;

    private FileSystemDatasets store() {
        return store(DatasetProperties.defaults());
    }

    private FileSystemDatasets store(DatasetProperties properties) {
        return TestPools.datasets(new StorageLayout(new StorageProperties(root)), properties);
    }

    private Path datasetsDir() {
        return root.resolve("datasets");
    }

    @Test
    void storesACsvAndLoadsItsValues() {
        FileSystemDatasets datasets = store();

        Dataset dataset = datasets.createFromCsv("houses", "price", csv("size,price,rooms\n100,300,4\n50,120,2\n"));

        assertThat(dataset.name()).isEqualTo("houses");
        assertThat(dataset.rows()).isEqualTo(2);
        assertThat(dataset.featureNames()).containsExactly("size", "rooms");
        assertThat(dataset.target()).isEqualTo("price");
        assertThat(dataset.source()).isEqualTo("csv");
        assertThat(dataset.features()).extracting(ColumnSummary::name).containsExactly("size", "rooms");
        assertThat(dataset.features().get(0).mean()).isEqualTo(75);
        assertThat(dataset.targetSummary().name()).isEqualTo("price");
        assertThat(dataset.sha256()).hasSize(64);
        assertThat(dataset.sizeBytes()).isEqualTo(DataFile.HEADER_BYTES + 2 * 3 * 4);
        assertThat(datasets.get(dataset.id())).isEqualTo(dataset);

        TrainingData data = datasets.load(dataset.id());
        assertThat(data.rows()).isEqualTo(2);
        assertThat(data.features()).isEqualTo(2);
        assertThat(data.feature(0, 0)).isEqualTo(100);
        assertThat(data.feature(0, 1)).isEqualTo(4);
        assertThat(data.target(0)).isEqualTo(300);
        assertThat(data.target(1)).isEqualTo(120);
        assertThat(data.values().isDirect()).isTrue();
    }

    /** A load maps the file: repeated loads of a large dataset must not pile copies up in the JVM's direct memory. */
    @Test
    void loadsByMappingTheFileNotByCopyingIt() {
        FileSystemDatasets datasets = store();
        int rows = 20_000;
        double[][] x = new double[rows][24];
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            x[r][r % 24] = r;
            y[r] = r % 2;
        }
        Dataset dataset = datasets.createFromArrays("wide", null, x, y, Dataset.SOURCE_INLINE);
        long payload = dataset.sizeBytes() - DataFile.HEADER_BYTES;
        BufferPoolMXBean direct = pool("direct");
        BufferPoolMXBean mapped = pool("mapped");
        long directBefore = direct.getMemoryUsed();
        long mappedBefore = mapped.getMemoryUsed();

        List<TrainingData> loads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            loads.add(datasets.load(dataset.id()));
        }

        assertThat(direct.getMemoryUsed() - directBefore).isLessThan(payload);
        assertThat(mapped.getMemoryUsed() - mappedBefore).isGreaterThanOrEqualTo(3 * payload);
        for (TrainingData data : loads) {
            assertThat(data.feature(rows - 1, (rows - 1) % 24)).isEqualTo(rows - 1);
            assertThat(data.target(rows - 1)).isEqualTo(1);
        }
        datasets.delete(dataset.id()); // a mapping outlives its deleted file
        assertThat(loads.get(0).feature(12_345, 12_345 % 24)).isEqualTo(12_345);
    }

    private static BufferPoolMXBean pool(String name) {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void storesArraysWithDefaultNames() {
        FileSystemDatasets datasets = store();

        Dataset dataset = datasets.createFromArrays(null, null, new double[][] {{1, 2}, {3, 4}, {5, 6}},
                new double[] {0, 1, 1}, Dataset.SOURCE_INLINE);

        assertThat(dataset.name()).matches("dataset-\\d{8}-\\d{6}");
        assertThat(dataset.featureNames()).containsExactly("x1", "x2");
        assertThat(dataset.target()).isEqualTo("y");
        assertThat(dataset.source()).isEqualTo("inline");
        assertThat(dataset.binaryTarget()).isTrue();
        assertThat(dataset.targetSummary().ones()).isEqualTo(2);
        TrainingData data = datasets.load(dataset.id());
        assertThat(data.feature(2, 1)).isEqualTo(6);
        assertThat(data.target(0)).isZero();
    }

    @Test
    void arraysAndCsvOfTheSameValuesHaveTheSameHash() {
        FileSystemDatasets datasets = store();

        Dataset fromCsv = datasets.createFromCsv("a", null, csv("x1,x2,y\n1,2,0\n3,4,1\n"));
        Dataset fromArrays = datasets.createFromArrays("b", List.of("x1", "x2"), new double[][] {{1, 2}, {3, 4}},
                new double[] {0, 1}, Dataset.SOURCE_JSON);

        assertThat(fromArrays.sha256()).isEqualTo(fromCsv.sha256());
        assertThat(fromArrays.features()).isEqualTo(fromCsv.features());
    }

    @Test
    void namesTheTargetOfArraysSoThatItDoesNotCollideWithAFeature() {
        Dataset dataset = store().createFromArrays("n", List.of("y", "x"), new double[][] {{1, 2}}, new double[] {3},
                Dataset.SOURCE_JSON);

        assertThat(dataset.target()).isEqualTo("y_");
    }

    @Test
    void rejectsBadArraysWithFieldPaths() {
        FileSystemDatasets datasets = store();

        assertThatThrownBy(() -> datasets.createFromArrays("r", null, new double[][] {{1, 2}, {3, 4}, {5, 6}, {7}},
                new double[] {0, 1, 0, 1}, "json"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(fields(e)).containsExactly("features[3]"))
                .hasMessageContaining("features[3]: expected 2 values");
        assertThatThrownBy(() -> datasets.createFromArrays("t", null, new double[][] {{1}, {2}, {3}, {4}},
                new double[] {0, 1, 0}, "json"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(fields(e)).containsExactly("targets"))
                .hasMessageContaining("expected 4 targets (one per row of features), got 3");
        assertThatThrownBy(() -> datasets.createFromArrays("n", null, new double[][] {{1}, {Double.NaN}},
                new double[] {0, Double.POSITIVE_INFINITY}, "json"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(fields(e)).containsExactly("features[1][0]", "targets[1]"));
        assertThatThrownBy(() -> datasets.createFromArrays("f", null, new double[][] {{1e300}}, new double[] {0}, "json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("float32 range");
        assertThatThrownBy(() -> datasets.createFromArrays("c", List.of("a", "b", "a"), new double[][] {{1, 2}},
                new double[] {0}, "json"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(fields(e)).containsExactly("featureNames[2]", "features[0]"));
        assertThatThrownBy(() -> datasets.createFromArrays("e", null, new double[0][], new double[0], "json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("features");
        assertThatThrownBy(() -> datasets.createFromArrays("e", null, new double[][] {{}}, new double[] {1}, "json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least one feature");
        assertThatThrownBy(() -> datasets.createFromArrays("m", null, new double[][] {{1}}, null, "json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("targets");
        assertThat(datasets.all()).isEmpty();
        assertThat(filesIn(datasetsDir())).isEmpty();
    }

    @Test
    void checksNamesAndLimits() {
        FileSystemDatasets datasets = store(new DatasetProperties(2, 3, 10, DataSize.ofMegabytes(1), 2));

        assertThatThrownBy(() -> datasets.createFromCsv("a much too long name", null, csv("a,y\n1,2\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("descent.datasets.max-name-length");
        assertThatThrownBy(() -> datasets.createFromCsv("line\nbreak", null, csv("a,y\n1,2\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("control characters");
        assertThatThrownBy(() -> datasets.createFromArrays("rows", null, new double[][] {{1}, {2}, {3}}, new double[] {1, 2, 3}, "json"))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("descent.datasets.max-rows");
        assertThatThrownBy(() -> datasets.createFromArrays("cols", null, new double[][] {{1, 2, 3, 4}}, new double[] {1}, "json"))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("descent.datasets.max-features");
        assertThat(datasets.createFromCsv("  padded  ", null, csv("a,y\n1,2\n")).name()).isEqualTo("padded");
    }

    @Test
    void aFailedUploadLeavesNothingBehind() throws IOException {
        FileSystemDatasets datasets = store();
        StringBuilder good = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 200_000; i++) {
            good.append(i).append(",1.5,").append(i % 2).append('\n');
        }
        InputStream badAtTheEnd = new SequenceInputStream(csv(good.toString()), csv("1,2,oops\n"));

        assertThatThrownBy(() -> datasets.createFromCsv("bad", null, badAtTheEnd))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Line 200002, column 'y'");

        assertThat(datasets.all()).isEmpty();
        assertThat(filesIn(datasetsDir())).isEmpty();
    }

    /** The same past the first background writebacks of the data file, which must not keep it alive either. */
    @Test
    void aFailedUploadLeavesNothingBehindAfterWritebacks() throws IOException {
        FileSystemDatasets datasets = store();
        int columns = 101;
        long rowBytes = columns * Float.BYTES;
        int rows = (int) (2 * DataFileWriter.WRITEBACK_BYTES / rowBytes) + 1_000;
        StringBuilder good = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            good.append(c == 0 ? "" : ",").append("c").append(c);
        }
        good.append('\n');
        String row = "1,2,3,4,5,6,7,8,9,0,".repeat(10) + "1\n";
        good.append(row.repeat(rows));
        InputStream badAtTheEnd = new SequenceInputStream(csv(good.toString()), csv("1,".repeat(columns - 1) + "oops\n"));

        assertThatThrownBy(() -> datasets.createFromCsv("bad", null, badAtTheEnd))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Line " + (rows + 2));

        assertThat(datasets.all()).isEmpty();
        assertThat(filesIn(datasetsDir())).isEmpty();
    }

    @Test
    void listsNewestFirstAndFindsByIdOnly() {
        FileSystemDatasets datasets = store();
        Dataset first = datasets.createFromCsv("first", null, csv("a,y\n1,2\n"));
        Dataset second = datasets.createFromCsv("second", null, csv("a,y\n1,2\n"));

        assertThat(datasets.all()).extracting(Dataset::id).containsExactly(second.id(), first.id());
        assertThat(datasets.find(first.id())).contains(first);
        assertThat(datasets.find("no-such-id")).isEmpty();
        assertThat(datasets.find("../../etc/passwd")).isEmpty();
        assertThat(datasets.find(null)).isEmpty();
        assertThatThrownBy(() -> datasets.get("../x")).isInstanceOf(DatasetNotFoundException.class);
        assertThatThrownBy(() -> datasets.load("missing")).isInstanceOf(DatasetNotFoundException.class);
    }

    @Test
    void deletesTheDatasetAndItsFiles() {
        FileSystemDatasets datasets = store();
        Dataset dataset = datasets.createFromCsv("gone", null, csv("a,y\n1,2\n"));

        datasets.delete(dataset.id());

        assertThat(datasets.find(dataset.id())).isEmpty();
        assertThat(filesIn(datasetsDir())).isEmpty();
        assertThatThrownBy(() -> datasets.delete(dataset.id())).isInstanceOf(DatasetNotFoundException.class);
        assertThatThrownBy(() -> datasets.delete("../etc")).isInstanceOf(DatasetNotFoundException.class);
    }

    @Test
    void aRestartFindsTheSameDatasets() {
        Dataset csv = store().createFromCsv("one", "a", csv("a,b\n1,2\n3,4\n"));
        Dataset json = store().createFromArrays("two", null, new double[][] {{1}}, new double[] {0.5}, "json");

        FileSystemDatasets restarted = store();

        assertThat(restarted.all()).containsExactly(json, csv);
        TrainingData data = restarted.load(csv.id());
        assertThat(data.feature(1, 0)).isEqualTo(4);
        assertThat(data.target(1)).isEqualTo(3);
    }

    @Test
    void startUpDeletesOrphansAndSkipsCorruptOrForeignFiles() throws IOException {
        FileSystemDatasets datasets = store();
        Dataset kept = datasets.createFromCsv("kept", null, csv("a,y\n1,2\n"));
        Dataset truncated = datasets.createFromCsv("truncated", null, csv("a,y\n1,2\n3,4\n"));
        Dataset unreadable = datasets.createFromCsv("unreadable", null, csv("a,y\n1,2\n"));
        Path dir = datasetsDir();
        Path orphan = dir.resolve("0b1e2c3d-0000-4000-8000-000000000000.f32");
        Files.write(orphan, new byte[64]);
        Path truncatedData = dir.resolve(truncated.id() + ".f32");
        Files.write(truncatedData, java.util.Arrays.copyOf(Files.readAllBytes(truncatedData), 40));
        Files.writeString(dir.resolve(unreadable.id() + ".json"), "{\"not\": \"a dataset\"");
        Files.writeString(dir.resolve("README.txt"), "hello");
        Files.writeString(dir.resolve("Not An Id.json"), "{}");
        Files.write(dir.resolve("leftover.f32.123.tmp"), new byte[10]);

        FileSystemDatasets restarted = store();

        assertThat(restarted.all()).containsExactly(kept);
        assertThat(orphan).doesNotExist();
        assertThat(dir.resolve("leftover.f32.123.tmp")).doesNotExist();
        assertThat(truncatedData).exists(); // described by metadata: kept for the operator, not deleted
        assertThat(dir.resolve("README.txt")).exists();
    }

    @Test
    void aDataFileOfAnotherKindIsNotLoaded() throws IOException {
        Dataset dataset = store().createFromCsv("x", null, csv("a,y\n1,2\n"));
        Path data = datasetsDir().resolve(dataset.id() + ".f32");
        byte[] bytes = Files.readAllBytes(data);
        bytes[0] = 'X';
        Files.write(data, bytes);

        assertThat(store().find(dataset.id())).isEmpty();
    }

    @Test
    void concurrentUploadsReadsAndDeletesKeepTheStoreConsistent() throws Exception {
        FileSystemDatasets datasets = store();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Dataset>> uploads = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int n = i;
                uploads.add(pool.submit(() -> {
                    StringBuilder csv = new StringBuilder("a,y\n");
                    for (int r = 0; r <= n; r++) {
                        csv.append(r).append(',').append(n).append('\n');
                    }
                    Dataset dataset = datasets.createFromCsv("d" + n, null, csv(csv.toString()));
                    assertThat(datasets.load(dataset.id()).target(n)).isEqualTo(n);
                    if (n % 2 == 0) {
                        datasets.delete(dataset.id());
                    }
                    return dataset;
                }));
            }
            for (Future<Dataset> upload : uploads) {
                upload.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(datasets.all()).hasSize(16).allSatisfy(d -> assertThat(d.rows() % 2).isZero());
        assertThat(filesIn(datasetsDir())).hasSize(32);
        assertThat(store().all()).hasSize(16);
    }

    private static InputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(UTF_8));
    }

    private static List<String> fields(Throwable e) {
        return ((InvalidInputException) e).errors().stream().map(InvalidInputException.FieldError::field).toList();
    }

    private static List<Path> filesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
