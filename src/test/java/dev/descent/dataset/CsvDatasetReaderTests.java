package dev.descent.dataset;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.system.InvalidInputException;
import dev.descent.system.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class CsvDatasetReaderTests {

    @TempDir
    Path dir;

    private int files;

    record Parsed(CsvDatasetReader.Result result, float[] values) {

        DataFileWriter.Summary summary() {
            return result.summary();
        }
    }

    @Test
    void movesTheTargetColumnToTheEndOfEachRow() throws IOException {
        Parsed parsed = read("a,y,b\n1,10,2\n3,30,4\n", "y");

        assertThat(parsed.result().featureNames()).containsExactly("a", "b");
        assertThat(parsed.result().target()).isEqualTo("y");
        assertThat(parsed.summary().rows()).isEqualTo(2);
        assertThat(parsed.values()).containsExactly(1, 2, 10, 3, 4, 30);
    }

    @Test
    void takesTheLastColumnAsTargetByDefault() throws IOException {
        Parsed parsed = read("a,b,c\n1,2,3\n", null);

        assertThat(parsed.result().featureNames()).containsExactly("a", "b");
        assertThat(parsed.result().target()).isEqualTo("c");
        assertThat(parsed.values()).containsExactly(1, 2, 3);
    }

    @Test
    void readsBomCrlfQuotedFieldsAndBlankLines() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String csv = "\"size, m²\",\"say \"\"hi\"\"\", label \r\n\"1.5\",2,0\r\n\r\n-3e2, 4 ,\"1\"";
        Parsed parsed = read(concat(bom, csv.getBytes(UTF_8)), null, DatasetProperties.defaults());

        assertThat(parsed.result().featureNames()).containsExactly("size, m²", "say \"hi\"");
        assertThat(parsed.result().target()).isEqualTo("label");
        assertThat(parsed.values()).containsExactly(1.5f, 2, 0, -300, 4, 1);
    }

    @Test
    void readsCarriageReturnLineEndsAndMultiLineQuotedHeaders() throws IOException {
        Parsed parsed = read("\"first\nname\",y\r1,2\r3,4\r", null);

        assertThat(parsed.result().featureNames()).containsExactly("first\nname");
        assertThat(parsed.values()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void computesColumnStatisticsAndTargetCounts() throws IOException {
        Parsed parsed = read("a,b,y\n1,-2,0\n2,-2,1\n3,-2,1\n4,-2,0\n", null);
        DataFileWriter.Summary summary = parsed.summary();

        ColumnSummary a = summary.column(0, "a");
        assertThat(a.min()).isEqualTo(1);
        assertThat(a.max()).isEqualTo(4);
        assertThat(a.mean()).isEqualTo(2.5);
        assertThat(a.std()).isCloseTo(Math.sqrt(1.25), within(1e-12)); // population std of 1..4
        assertThat(summary.column(1, "b").std()).isZero();
        TargetSummary y = summary.target("y");
        assertThat(y.zeros()).isEqualTo(2);
        assertThat(y.ones()).isEqualTo(2);
        assertThat(y.distinctValues()).containsExactly(0.0, 1.0);
        assertThat(y.moreDistinctValues()).isFalse();
        assertThat(y.mean()).isEqualTo(0.5);
    }

    @Test
    void listsAtMostTenDistinctTargetValuesSorted() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 12; i >= 0; i--) {
            csv.append(i).append(',').append(i % 12).append('\n');
        }
        TargetSummary y = read(csv.toString(), null).summary().target("y");

        assertThat(y.distinctValues()).hasSize(10).isSorted().contains(0.0, 11.0);
        assertThat(y.moreDistinctValues()).isTrue();
        assertThat(y.zeros()).isEqualTo(2);
    }

    @Test
    void hashesTheStoredValues() throws Exception {
        Parsed parsed = read("a,y\n1,0\n2.5,1\n", null);
        ByteBuffer expected = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(0).putFloat(2.5f).putFloat(1);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected.array()));

        assertThat(parsed.summary().sha256()).isEqualTo(sha);
        assertThat(parsed.summary().sizeBytes()).isEqualTo(DataFile.HEADER_BYTES + 16);
    }

    @Test
    void handlesCellsAndQuotesSplitAcrossReadsAndBuffers() throws IOException {
        Random random = new Random(42);
        int rows = 120_000; // several MiB: many refills of the 1 MiB buffer
        StringBuilder csv = new StringBuilder("\"f1\",f2,\"t\"\r\n");
        float[] expected = new float[rows * 3];
        for (int r = 0; r < rows; r++) {
            float a = (float) random.nextGaussian() * 1000;
            float b = random.nextInt(100_000) / 7f;
            float t = random.nextInt(2);
            expected[r * 3] = a;
            expected[r * 3 + 1] = b;
            expected[r * 3 + 2] = t;
            csv.append(a).append(',').append(r % 3 == 0 ? "\"" + b + "\"" : Float.toString(b)).append(',').append((int) t)
                    .append(r % 2 == 0 ? "\r\n" : "\n");
        }
        byte[] bytes = csv.toString().getBytes(UTF_8);
        Parsed parsed = read(new ChoppyInputStream(bytes, new Random(7), 20_000), null, DatasetProperties.defaults());

        assertThat(parsed.summary().rows()).isEqualTo(rows);
        // isEqualTo compares float arrays with Arrays.equals; containsExactly is quadratic-ish on 360,000 values
        assertThat(parsed.values()).isEqualTo(expected);
    }

    @Test
    void aBodyThatEndsRightAfterAClosingQuoteIsComplete() throws IOException {
        assertThat(read("a,b\n1,\"2\"", null).values()).containsExactly(1, 2);
    }

    // ---- bad input ----

    @Test
    void rejectsAnEmptyBody() {
        assertInvalid("").hasMessageContaining("empty");
        assertInvalid(new String(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, UTF_8)).hasMessageContaining("empty");
        assertInvalid("\n\n").hasMessageContaining("empty");
    }

    @Test
    void rejectsAHeaderWithoutData() {
        assertInvalid("a,b,y\n").hasMessageContaining("no data rows");
    }

    @Test
    void rejectsRaggedRowsNamingTheLine() {
        assertInvalid("a,b,y\n1,2,3\n4,5\n").hasMessageContaining("Line 3 has 2 values but the header names 3 columns");
        assertInvalid("a,b,y\n1,2,3\n\n4,5,6,7\n").hasMessageContaining("Line 4 has 4 values but the header names 3 columns");
    }

    @Test
    void rejectsNonNumericCellsNamingLineAndColumn() {
        assertInvalid("a,b,y\n1,2,3\n1,two,3\n")
                .hasMessageContaining("Line 3, column 'b': 'two' is not a number")
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).singleElement()
                        .satisfies(error -> assertThat(error.field()).isEqualTo("line 3, column 'b'")));
        assertInvalid("a,y\n1,2\n3,4,5\n").hasMessageContaining("Line 3 has 3 values");
        assertInvalid("a,y\n1,\"2\"x\n").hasMessageContaining("a quoted field is followed by other characters");
        assertInvalid("a,y\n1,2,5\"x\n").hasMessageContaining("Line 2 has 3 values");
    }

    @Test
    void rejectsNaNInfiniteAndMissingValues() {
        assertInvalid("a,y\nNaN,1\n").hasMessageContaining("Line 2, column 'a': 'NaN' is not a finite number");
        assertInvalid("a,y\n1,-Infinity\n").hasMessageContaining("column 'y': '-Infinity' is not a finite number");
        assertInvalid("a,y\ninf,1\n").hasMessageContaining("'inf' is not a finite number");
        assertInvalid("a,y\nNA,1\n").hasMessageContaining("'NA' is not a finite number");
        assertInvalid("a,y\n1e39,1\n").hasMessageContaining("beyond the float32 range");
        assertInvalid("a,y\n,1\n").hasMessageContaining("Line 2, column 'a' is empty");
        assertInvalid("a,y\n1,  \n").hasMessageContaining("Line 2, column 'y' is empty");
        assertInvalid("a,y\n1,2\n3,").hasMessageContaining("Line 3, column 'y' is empty");
    }

    @Test
    void rejectsDuplicateBlankAndSingleColumnHeaders() {
        assertInvalid("a,b,a\n1,2,3\n").hasMessageContaining("two columns 'a' (columns 1 and 3)");
        assertInvalid("a,,y\n1,2,3\n").hasMessageContaining("Column 2 of the header row has no name");
        assertInvalid("a,b,\n1,2,3\n").hasMessageContaining("Column 3 of the header row has no name");
        assertInvalid("y\n1\n").hasMessageContaining("only one column");
    }

    @Test
    void rejectsAnUnknownTargetListingTheColumns() {
        assertThatThrownBy(() -> read("a,b,y\n1,2,3\n", "price"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'price' is not in the CSV header")
                .hasMessageContaining("'a', 'b', 'y'");
    }

    @Test
    void rejectsBinaryAndNonUtf8Bodies() {
        assertInvalidBytes(new byte[] {'a', 0, 'b', ',', 'y', '\n', '1', ',', '2'}).hasMessageContaining("binary");
        assertInvalidBytes(new byte[] {'a', (byte) 0xC3, ',', 'y', '\n', '1', ',', '2'}).hasMessageContaining("not valid UTF-8");
        assertInvalidBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, 'a', 0}).hasMessageContaining("UTF-16");
        assertInvalidBytes(new byte[] {0x1F, (byte) 0x8B, 8, 0}).hasMessageContaining("gzip");
        assertInvalidBytes(new byte[] {'P', 'K', 3, 4, 0, 0}).hasMessageContaining("ZIP");
        assertInvalidBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}).hasMessageContaining("UTF-8");
        assertInvalidBytes(concat("a,y\n1,".getBytes(UTF_8), new byte[] {0, 0, 1})).hasMessageContaining("binary");
    }

    @Test
    void rejectsAnUnclosedQuote() {
        assertInvalid("a,y\n1,\"2\n3,4\n").hasMessageContaining("Line 2: a quoted field is never closed");
    }

    @Test
    void rejectsAFieldLongerThanTheBuffer() {
        byte[] huge = new byte[CsvDatasetReader.BUFFER_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) '7');
        assertInvalidBytes(concat("a,y\n1,".getBytes(UTF_8), huge)).hasMessageContaining("longer than 1 MiB");
    }

    @Test
    void enforcesTheConfiguredLimits() throws IOException {
        DatasetProperties small = new DatasetProperties(2, 2, 5, DataSize.ofBytes(64), 2);

        assertThatThrownBy(() -> read(bytes("a,b,y\n1,2,3\n4,5,6\n7,8,9\n"), null, small))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("descent.datasets.max-rows");
        assertThatThrownBy(() -> read(bytes("a,b,c,y\n1,2,3,4\n"), null, small))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("descent.datasets.max-features");
        assertThatThrownBy(() -> read(bytes("abcdef,y\n1,2\n"), null, small))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("descent.datasets.max-name-length");
        assertThatThrownBy(() -> read(bytes("a,y\n" + "1,2\n".repeat(20)), null, small))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("64 bytes")
                .hasMessageContaining("descent.datasets.max-upload-size");
        assertThat(read(bytes("a,b,y\n1,2,3\n4,5,6\n"), null, small).summary().rows()).isEqualTo(2);
    }

    @Test
    void reportsABodyThatCannotBeReadAsBadInput() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> read(failing, null, DatasetProperties.defaults()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("could not be read to its end");
    }

    // ---- helpers ----

    private AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String csv) {
        return assertInvalidBytes(bytes(csv));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertInvalidBytes(byte[] csv) {
        return assertThatThrownBy(() -> read(csv, null, DatasetProperties.defaults())).isInstanceOf(InvalidInputException.class);
    }

    private Parsed read(String csv, String target) throws IOException {
        return read(bytes(csv), target, DatasetProperties.defaults());
    }

    private Parsed read(byte[] csv, String target, DatasetProperties limits) throws IOException {
        return read(new ByteArrayInputStream(csv), target, limits);
    }

    private Parsed read(InputStream csv, String target, DatasetProperties limits) throws IOException {
        Path file = dir.resolve("data-" + files++ + DataFile.SUFFIX);
        CsvDatasetReader.Result result;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            result = TestPools.reader(csv, limits).read(target, channel);
        }
        assertThat(Files.size(file)).isEqualTo(result.summary().sizeBytes());
        ByteBuffer bytes = DataFile.mapValues(file, result.summary().rows(), result.summary().features());
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return new Parsed(result, values);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
