package dev.descent.dataset;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.randelshofer.fastdoubleparser.JavaFloatParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The parallel chunked read gives what the sequential read gives: the same bytes, statistics and errors. */
class CsvParallelReadingTests {

    private static final String[] QUIRKS = {"\"1.5\"", " 2 ", "1e5", "-0", "+3", ".5", "5.", "0x1p3", "1f",
        "123456789012345678901234", "1e-40", "3.4028236e38", "", "abc", "NaN", "-Infinity", "1,2", "\"a\nb\"", "\"7"};

    @TempDir
    Path dir;

    private int files;

    @Test
    void parsesFloatsExactlyAsTheReferenceParser() {
        Random random = new Random(1);
        for (int i = 0; i < 300_000; i++) {
            String text = switch (i % 5) {
                case 0 -> Float.toString(Float.intBitsToFloat(random.nextInt()));
                case 1 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15));
                case 2 -> String.format("%.9f", random.nextDouble() * 2 - 1);
                case 3 -> randomDigits(random);
                default -> Long.toString(random.nextLong() >> random.nextInt(64)) + "e" + (random.nextInt(90) - 45);
            };
            byte[] bytes = text.getBytes(UTF_8);
            float expected;
            try {
                expected = JavaFloatParser.parseFloat(bytes, 0, bytes.length);
            } catch (NumberFormatException e) {
                expected = Float.NaN;
            }
            float parsed = CsvChunkParser.parseFloat(bytes, 0, bytes.length);
            assertThat(Float.floatToRawIntBits(parsed)).as(text).isEqualTo(Float.floatToRawIntBits(expected));
        }
    }

    @Test
    void givesTheSequentialResultsAndErrorsForRandomInputs() throws IOException {
        Random random = new Random(2024);
        int read = 0;
        int refused = 0;
        for (int trial = 0; trial < 300; trial++) {
            byte[] csv = randomCsv(random, trial);
            int chunk = 16 + random.nextInt(trial % 2 == 0 ? 200 : 5000);
            DatasetProperties limits = trial % 17 == 0
                    ? new DatasetProperties(100, 50 + random.nextInt(100), 100, DataSize.ofBytes(csv.length - random.nextInt(200)), 2)
                    : DatasetProperties.defaults();
            Outcome sequential = read(csv, limits, chunk, 1, random.nextLong());
            Outcome parallel = read(csv, limits, chunk, 1 + random.nextInt(4), random.nextLong());
            if (String.valueOf(sequential.error()).contains("max-upload-size")
                    || String.valueOf(parallel.error()).contains("max-upload-size")) {
                // which limit is met first depends on how far ahead the input was read, in either reader
                assertThat(parallel.error()).startsWith("PayloadTooLargeException");
                assertThat(sequential.error()).startsWith("PayloadTooLargeException");
                continue;
            }
            assertThat(parallel).as("trial %d: %s", trial, new String(csv, UTF_8)).isEqualTo(sequential);
            if (sequential.error() == null) {
                read++;
            } else {
                refused++;
            }
        }
        // both kinds compared, values and statistics as well as errors
        assertThat(read).as("trials read").isGreaterThanOrEqualTo(50);
        assertThat(refused).as("trials refused").isGreaterThanOrEqualTo(50);
    }

    @Test
    void readsAChunkedFileOfMegabytesAsTheSequentialReader() throws IOException {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("a,b,c,y\r\n");
        for (int r = 0; r < 200_000; r++) {
            csv.append(random.nextGaussian()).append(',').append((float) random.nextGaussian()).append(',')
                    .append(random.nextInt(1000) / 8.0).append(',').append(random.nextInt(2)).append(r % 3 == 0 ? "\r\n" : "\n");
        }
        byte[] bytes = csv.toString().getBytes(UTF_8);
        Outcome sequential = read(bytes, DatasetProperties.defaults(), CsvDatasetReader.CHUNK_BYTES, 1, 1);
        assertThat(sequential.rows()).isEqualTo(200_000);
        assertThat(read(bytes, DatasetProperties.defaults(), CsvDatasetReader.CHUNK_BYTES, 4, 2)).isEqualTo(sequential);
        assertThat(read(bytes, DatasetProperties.defaults(), 4096, 2, 3)).isEqualTo(sequential);
    }

    // ---- helpers ----

    /** Everything a read gives, comparable. */
    record Outcome(String error, long rows, String values, String stats) {
    }

    private Outcome read(byte[] csv, DatasetProperties limits, int chunkBytes, int threads, long seed) throws IOException {
        Path file = dir.resolve("data-" + files++ + DataFile.SUFFIX);
        InputStream in = new ChoppyInputStream(csv, new Random(seed), 3000);
        CsvDatasetReader.Result result;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            result = TestPools.reader(in, limits, chunkBytes, threads).read(null, channel);
        } catch (RuntimeException e) {
            return new Outcome(e.getClass().getSimpleName() + ": " + e.getMessage(), -1, "", "");
        }
        DataFileWriter.Summary s = result.summary();
        String stats = Arrays.toString(s.min()) + Arrays.toString(s.max()) + Arrays.toString(s.mean())
                + Arrays.toString(s.std()) + s.zeros() + "/" + s.ones() + s.distinctValues() + s.moreDistinctValues()
                + s.sha256() + s.sizeBytes() + result.featureNames() + result.target();
        byte[] stored = Files.readAllBytes(file);
        return new Outcome(null, s.rows(), Arrays.toString(Arrays.copyOf(stored, Math.min(stored.length, 4096))), stats);
    }

    private static byte[] randomCsv(Random random, int trial) {
        int columns = 2 + random.nextInt(4);
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            csv.append(c == 0 ? "" : ",").append("c").append(c);
        }
        csv.append(random.nextBoolean() ? "\n" : "\r\n");
        int rows = 1 + random.nextInt(trial % 3 == 0 ? 2000 : 200);
        double quirkRate = trial % 4 == 0 ? 0 : 0.002 * random.nextInt(5);
        for (int r = 0; r < rows; r++) {
            if (random.nextDouble() < 0.01) {
                csv.append(random.nextBoolean() ? "\n" : "\r\n");
            }
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    csv.append(',');
                }
                if (random.nextDouble() < quirkRate) {
                    csv.append(QUIRKS[random.nextInt(QUIRKS.length)]);
                } else if (c == columns - 1) {
                    csv.append(random.nextInt(trial % 5 == 0 ? 15 : 2));
                } else {
                    csv.append(random.nextBoolean() ? Float.toString((float) random.nextGaussian())
                            : String.format("%.6f", random.nextGaussian() * 100));
                }
            }
            double end = random.nextDouble();
            csv.append(end < 0.6 ? "\n" : end < 0.995 || quirkRate == 0 ? "\r\n" : "\r");
        }
        if (random.nextBoolean()) {
            csv.setLength(csv.length() - 1);
        }
        return csv.toString().getBytes(UTF_8);
    }

    private static String randomDigits(Random random) {
        StringBuilder digits = new StringBuilder(random.nextBoolean() ? "-" : "");
        int before = 1 + random.nextInt(12);
        for (int i = 0; i < before; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        if (random.nextBoolean()) {
            digits.append('.');
            int after = 1 + random.nextInt(12);
            for (int i = 0; i < after; i++) {
                digits.append((char) ('0' + random.nextInt(10)));
            }
        }
        if (random.nextBoolean()) {
            digits.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(60) - 30);
        }
        return digits.toString();
    }
}
