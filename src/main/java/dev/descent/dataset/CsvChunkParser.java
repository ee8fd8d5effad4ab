package dev.descent.dataset;

import ch.randelshofer.fastdoubleparser.JavaFloatParser;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Parses one chunk of a CSV's data rows (whole lines, starting at a record) into float32 rows in the stored layout,
 * little-endian, so that chunks can be parsed on several cores and written in order. It handles only the plain
 * case — unquoted numeric cells, LF or CRLF line ends, blank lines — and gives up on anything else (a quote, a
 * lone CR, a ragged row, a cell that is not a finite number): the caller then reads from that chunk on with the
 * sequential reader, which knows every rule and every error message. Stateless and thread-safe.
 */
final class CsvChunkParser {

    /** What a chunk gave: {@code rows} rows in {@code out}, or {@code rows == GAVE_UP}. */
    static final int GAVE_UP = -1;

    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = power; // 10^0 … 10^22 are exact in a double
            power *= 10;
        }
    }

    private final int[] slots;
    private final int width;

    /** @param slots for each CSV column, its slot in a stored row (the target's is the last) */
    CsvChunkParser(int[] slots) {
        this.slots = slots.clone();
        this.width = slots.length;
    }

    /** The bytes a chunk of {@code chunkBytes} can need in {@code out}: a row takes at least two bytes per value. */
    static int outputBytes(int chunkBytes) {
        return (chunkBytes / 2 + 1) * Float.BYTES;
    }

    /**
     * Parses {@code in[0, length)} into {@code out}; returns the number of rows, or {@link #GAVE_UP}.
     * {@code lines[0]} receives the number of line ends seen.
     */
    int parse(byte[] in, int length, byte[] out, long[] lines) {
        int[] slot = slots;
        int w = width;
        int rowBytes = w * Float.BYTES;
        int rows = 0;
        long lineEnds = 0;
        int[] end = new int[1];
        int p = 0;
        while (p < length) {
            byte c = in[p];
            if (c == '\n') {
                lineEnds++;
                p++;
                continue;
            }
            if (c == '\r') {
                if (p + 1 < length && in[p + 1] == '\n') {
                    lineEnds++;
                    p += 2;
                    continue;
                }
                return GAVE_UP;
            }
            int base = rows * rowBytes;
            int column = 0;
            while (true) {
                if (column == w) {
                    return GAVE_UP;
                }
                int start = p;
                byte t = 0;
                float value = parseNumber(in, start, length, end);
                p = end[0];
                if (p >= 0 && (p == length || (t = in[p]) == ',' || t == '\n' || t == '\r')) {
                    // the fast path read the whole cell
                } else {
                    p = start;
                    while (p < length) {
                        t = in[p];
                        if (t == ',' || t == '\n' || t == '\r' || t == '"') {
                            break;
                        }
                        p++;
                    }
                    if (p < length && t == '"') {
                        return GAVE_UP;
                    }
                    value = slow(in, start, p);
                }
                if (!Float.isFinite(value)) {
                    return GAVE_UP;
                }
                FLOAT_LE.set(out, base + (slot[column] << 2), value);
                column++;
                if (p == length) {
                    break;
                }
                if (t == ',') {
                    p++;
                    continue;
                }
                if (t == '\r') {
                    if (p + 1 < length && in[p + 1] == '\n') {
                        p++;
                    } else {
                        return GAVE_UP;
                    }
                }
                p++;
                lineEnds++;
                break;
            }
            if (column != w) {
                return GAVE_UP;
            }
            rows++;
        }
        lines[0] = lineEnds;
        return rows;
    }

    /**
     * Parses {@code b[from, to)} as a float, correctly rounded, exactly as {@link JavaFloatParser} does; NaN where
     * that parser fails. Plain decimals of up to 18 digits take a fast path: the decimal is rounded once to a double
     * (exact when the digits fit 53 bits and the power of ten is at most 22), and that double to a float, which
     * gives the correctly rounded float unless the double falls exactly halfway between two floats.
     */
    static float parseFloat(byte[] b, int from, int to) {
        int[] end = new int[1];
        float value = parseNumber(b, from, to, end);
        return end[0] == to ? value : slow(b, from, to);
    }

    /**
     * The fast path of {@link #parseFloat}: parses the plain decimal that starts at {@code from} and sets
     * {@code end[0]} to where it stops, or to -1 when the fast path cannot give the exact value.
     */
    private static float parseNumber(byte[] b, int from, int to, int[] end) {
        end[0] = -1;
        int p = from;
        boolean negative = false;
        if (p < to && (b[p] == '-' || b[p] == '+')) {
            negative = b[p] == '-';
            p++;
        }
        long mantissa = 0;
        int start = p;
        while (p < to) {
            int digit = b[p] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            mantissa = mantissa * 10 + digit;
            p++;
        }
        int digits = p - start;
        int fraction = 0;
        if (p < to && b[p] == '.') {
            p++;
            int fractionStart = p;
            while (p < to) {
                int digit = b[p] - '0';
                if (digit < 0 || digit > 9) {
                    break;
                }
                mantissa = mantissa * 10 + digit;
                p++;
            }
            fraction = p - fractionStart;
            if (fraction == 0) {
                return 0;
            }
        }
        if (digits == 0 || digits + fraction > 18) {
            return 0;
        }
        int exponent = 0;
        if (p < to && (b[p] | 0x20) == 'e') {
            p++;
            boolean negativeExponent = false;
            if (p < to && (b[p] == '-' || b[p] == '+')) {
                negativeExponent = b[p] == '-';
                p++;
            }
            int exponentStart = p;
            while (p < to && p - exponentStart < 4) {
                int digit = b[p] - '0';
                if (digit < 0 || digit > 9) {
                    break;
                }
                exponent = exponent * 10 + digit;
                p++;
            }
            if (p == exponentStart) {
                return 0;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (mantissa > (1L << 53)) {
            return 0;
        }
        int power = exponent - fraction;
        double value;
        if (mantissa == 0) {
            value = 0;
        } else if (power >= 0 && power <= 22) {
            value = mantissa * POWERS_OF_TEN[power];
        } else if (power < 0 && power >= -22) {
            value = mantissa / POWERS_OF_TEN[-power];
        } else {
            return 0;
        }
        // a double exactly between two floats (or near the subnormal floats) could round twice wrongly
        if (value != 0 && ((Double.doubleToRawLongBits(value) & 0x1FFF_FFFFL) == 0x1000_0000L || value < 0x1p-125)) {
            return 0;
        }
        float result = (float) value;
        end[0] = p;
        return negative ? -result : result;
    }

    private static float slow(byte[] b, int from, int to) {
        try {
            return JavaFloatParser.parseFloat(b, from, to - from);
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }
}
