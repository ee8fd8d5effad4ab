package dev.descent.dataset;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.randelshofer.fastdoubleparser.JavaFloatParser;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chunk parser's own float parsing gives, bit for bit, what {@link Float#parseFloat} gives for every decimal,
 * whether it takes the fast path or falls back, and reads no byte outside the cell it is given.
 */
class CsvChunkParserTests {

    private static final String[] EDGE_CASES = {"0", "-0", "+0", "0.0", "-0.0", "-0.000000", "00000", "0e5", "-0e-5",
        "1", "-1", "+1", "5.", ".5", "-.5", "1e0", "1E+0", "1e-0", "007", "0.000001", "0.1", "0.2", "0.3", "1.1",
        "9.999999", "16777216", "16777217", "16777218", "16777219", "33554431", "33554433", "9007199254740992",
        "9007199254740993", "999999999999999999", "1000000000000000000", "123456789012345678", "0.123456789012345678",
        "1.00000006", "1.0000000596046448", "1.00000005960464477", "1.000000059604644775390625", "3.4028235e38",
        "3.4028236e38", "3.40282356779733661637539395458142568448e38", "340282356779733661637539395458142568448",
        "1.17549435e-38", "1.1754942e-38", "1.4e-45", "7e-46", "1e-45", "2.5e-45", "1e-50", "1e38", "1e39", "1e22",
        "1e23", "9007199254740991e22", "9007199254740993e22", "1e-22", "1e-23", "4.7683716e-7", "0.0000000000000000001",
        "1e10000", "1e-10000", "1e0001", "1e00001", "123456789e-22", "5e-324", "2.0000001", "0.70710677", "-2.2544937",
        "1.2345678E-4", "6.0E-5", "-1.4034737", "3.0000002", "0.33333334", "12345678.5", "12345679.5", "1234567.25"};

    /** The bytes after a chunk's last line end: the start of the next line, which the parser must not read. */
    private static final String TAIL = "0123456789.,-e\n";

    private static final String[] NOT_FAST = {"", "+", "-", ".", "e5", "1e", "1e+", "1e-", "--1", "+-1", "1..2", "1.2.3",
        "1e5e5", "0x1p3", "0X10", "1f", "1d", "2F", " 1", "1 ", "1_000", "NaN", "-NaN", "Infinity", "-Infinity", "inf",
        "1,5", "abc", "1a", "٣", "1e1.5", "e", ".e1", "+.5", "-5.", "1.e3", ".1e3"};

    @Test
    void parsesDecimalsOfEveryShapeExactlyAsFloatParseFloat() {
        Random random = new Random(6);
        for (int i = 0; i < 400_000; i++) {
            String text = randomDecimal(random, i);
            assertParsesAsFloatParseFloat(text, random);
        }
    }

    @Test
    void parsesEdgeCasesExactlyAsFloatParseFloat() {
        Random random = new Random(7);
        for (String text : EDGE_CASES) {
            assertParsesAsFloatParseFloat(text, random);
        }
        for (int k = 24; k < 60; k++) {
            // integers exactly halfway between two floats, and either side of them
            long midpoint = (1L << k) + (1L << (k - 24));
            for (long delta = -2; delta <= 2; delta++) {
                assertParsesAsFloatParseFloat(Long.toString(midpoint + delta), random);
                assertParsesAsFloatParseFloat("-" + (midpoint + delta), random);
            }
        }
    }

    @Test
    void fallsBackToTheReferenceParserForOtherText() {
        Random random = new Random(8);
        for (String text : NOT_FAST) {
            byte[] bytes = text.getBytes(UTF_8);
            assertThat(bits(CsvChunkParser.parseFloat(bytes, 0, bytes.length))).as(text).isEqualTo(bits(reference(bytes)));
            assertThat(bits(parseInside(bytes, random))).as(text).isEqualTo(bits(reference(bytes)));
        }
    }

    @Test
    void parsesChunksOfRandomCellsAsFloatParseFloat() {
        Random random = new Random(9);
        int width = 7;
        int[] slots = {6, 0, 1, 2, 3, 4, 5}; // the target first in the CSV, last when stored
        CsvChunkParser parser = new CsvChunkParser(slots);
        int gaveUp = 0;
        for (int trial = 0; trial < 300; trial++) {
            int rows = 1 + random.nextInt(300);
            List<String> cells = new ArrayList<>();
            StringBuilder csv = new StringBuilder();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < width; c++) {
                    String cell = randomDecimal(random, random.nextInt(1000));
                    while (!Float.isFinite(Float.parseFloat(cell)) && random.nextInt(1000) != 0) {
                        cell = randomDecimal(random, random.nextInt(1000)); // some rows beyond the float range remain
                    }
                    cells.add(cell);
                    csv.append(c == 0 ? "" : ",").append(cell);
                }
                csv.append(random.nextInt(4) == 0 ? "\r\n" : "\n");
            }
            if (random.nextBoolean()) {
                csv.setLength(csv.length() - (csv.charAt(csv.length() - 2) == '\r' ? 2 : 1));
            }
            byte[] bytes = csv.toString().getBytes(US_ASCII);
            byte[] in = new byte[bytes.length + 64];
            System.arraycopy(bytes, 0, in, 0, bytes.length);
            for (int i = bytes.length; i < in.length; i++) {
                in[i] = (byte) TAIL.charAt(random.nextInt(TAIL.length())); // what a chunk's carried tail could hold
            }
            byte[] out = new byte[CsvChunkParser.outputBytes(in.length)];
            long[] lines = new long[1];

            int parsed = parser.parse(in, bytes.length, out, lines);

            boolean allFinite = cells.stream().allMatch(cell -> Float.isFinite(Float.parseFloat(cell)));
            if (!allFinite) {
                assertThat(parsed).isEqualTo(CsvChunkParser.GAVE_UP);
                gaveUp++;
                continue;
            }
            assertThat(parsed).isEqualTo(rows);
            assertThat(lines[0]).isEqualTo(csv.chars().filter(ch -> ch == '\n').count());
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < width; c++) {
                    String cell = cells.get(r * width + c);
                    float stored = Float.intBitsToFloat(littleEndianInt(out, (r * width + slots[c]) * Float.BYTES));
                    assertThat(bits(stored)).as("row %d, column %d: %s", r, c, cell).isEqualTo(bits(Float.parseFloat(cell)));
                }
            }
        }
        // both paths taken: chunks with a cell beyond the float range give up (5 of the 300 seeded trials), the rest parse
        assertThat(gaveUp).as("trials that gave up").isPositive().isLessThan(300);
    }

    // ---- helpers ----

    private static void assertParsesAsFloatParseFloat(String text, Random random) {
        byte[] bytes = text.getBytes(US_ASCII);
        float expected = Float.parseFloat(text);
        assertThat(bits(reference(bytes))).as("JavaFloatParser, %s", text).isEqualTo(bits(expected));
        assertThat(bits(CsvChunkParser.parseFloat(bytes, 0, bytes.length))).as(text).isEqualTo(bits(expected));
        assertThat(bits(parseInside(bytes, random))).as("%s inside other bytes", text).isEqualTo(bits(expected));
    }

    /** Parses {@code text} placed between random digits and dots, which the parser must not read. */
    private static float parseInside(byte[] text, Random random) {
        int before = random.nextInt(40);
        byte[] buffer = new byte[before + text.length + random.nextInt(40)];
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = (byte) (random.nextInt(8) == 0 ? '.' : '0' + random.nextInt(10));
        }
        System.arraycopy(text, 0, buffer, before, text.length);
        return CsvChunkParser.parseFloat(buffer, before, before + text.length);
    }

    private static float reference(byte[] bytes) {
        try {
            return JavaFloatParser.parseFloat(bytes, 0, bytes.length);
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }

    private static int bits(float value) {
        return Float.floatToRawIntBits(value);
    }

    private static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    /** A decimal that Float.parseFloat reads: many lengths, dots, exponents, signs, and values near float midpoints. */
    private static String randomDecimal(Random random, int i) {
        return switch (i % 8) {
            case 0 -> Float.toString(randomFiniteFloat(random));
            case 1 -> Float.toString((float) random.nextGaussian());
            case 2 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(90) - 45));
            case 3 -> nearMidpoint(random);
            case 4 -> String.format(Locale.ROOT, "%." + random.nextInt(12) + "f", random.nextGaussian() * Math.pow(10, random.nextInt(12)));
            default -> assembled(random);
        };
    }

    private static float randomFiniteFloat(Random random) {
        while (true) {
            float value = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(value)) {
                return value;
            }
        }
    }

    /** The exact point halfway between a float and the next, rounded to 6–19 digits, or moved by one in the last. */
    private static String nearMidpoint(Random random) {
        float low = random.nextInt(4) == 0 ? randomFiniteFloat(random) : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10));
        float high = Math.nextUp(Math.abs(low));
        if (!Float.isFinite(high)) {
            return "1";
        }
        BigDecimal midpoint = new BigDecimal(Math.abs(low)).add(new BigDecimal(high)).divide(BigDecimal.valueOf(2));
        BigDecimal rounded = midpoint.round(new MathContext(6 + random.nextInt(14), RoundingMode.HALF_EVEN));
        if (random.nextBoolean()) {
            rounded = rounded.add(BigDecimal.ONE.movePointLeft(rounded.scale()).multiply(BigDecimal.valueOf(random.nextInt(3) - 1)));
        }
        String text = random.nextBoolean() ? rounded.toPlainString() : rounded.toString();
        return (low < 0 ? "-" : "") + text;
    }

    /** Digits, dot and exponent put together at random: leading zeros, '+', ".5" and "5.", exponents e±0..45. */
    private static String assembled(Random random) {
        StringBuilder text = new StringBuilder();
        int sign = random.nextInt(5);
        text.append(sign == 0 ? "-" : sign == 1 ? "+" : sign == 2 ? "-" : "");
        int zeros = random.nextInt(4) == 0 ? random.nextInt(6) : 0;
        text.append("0".repeat(zeros));
        int before = random.nextInt(6) == 0 ? 0 : random.nextInt(random.nextBoolean() ? 4 : 20);
        for (int d = 0; d < before; d++) {
            text.append((char) ('0' + random.nextInt(10)));
        }
        if (random.nextInt(3) != 0 || before + zeros == 0) {
            text.append('.');
            int after = (before + zeros == 0 ? 1 : 0) + random.nextInt(random.nextBoolean() ? 10 : 24);
            for (int d = 0; d < after; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
        }
        if (random.nextInt(3) == 0) {
            text.append(random.nextBoolean() ? 'e' : 'E');
            int exponentSign = random.nextInt(3);
            text.append(exponentSign == 0 ? "-" : exponentSign == 1 ? "+" : "");
            text.append(random.nextInt(46));
        }
        return text.toString();
    }
}
