package dev.descent.dataset;

import ch.randelshofer.fastdoubleparser.JavaFloatParser;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

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
    /** What {@link #exponent} returns for anything but 1–4 digits after an optional sign. */
    private static final long NOT_FAST = -1L;

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
                // the fast path, inline (as a method of its own it was too big for the JIT to inline, and every cell
                // paid a call with the loop's state spilled around it: 15–18% of the parse time): a plain decimal of
                // up to 18 digits, rounded once to a double (exact when the digits fit 53 bits and the power of ten
                // is at most 22) and that double to a float, which gives the correctly rounded float unless the double
                // falls exactly halfway between two floats (toFloat). p ends up where the number ends, or at -1.
                float value = 0;
                p = -1;
                number:
                {
                    int q = start;
                    boolean negative = false;
                    if (q < length && (in[q] == '-' || in[q] == '+')) {
                        negative = in[q] == '-';
                        q++;
                    }
                    long mantissa = 0;
                    int digitsStart = q;
                    while (q < length) {
                        int digit = in[q] - '0';
                        if (digit < 0 || digit > 9) {
                            break;
                        }
                        mantissa = mantissa * 10 + digit;
                        q++;
                    }
                    int digits = q - digitsStart;
                    int fraction = 0;
                    if (q < length && in[q] == '.') {
                        q++;
                        int fractionStart = q;
                        while (q < length) {
                            int digit = in[q] - '0';
                            if (digit < 0 || digit > 9) {
                                break;
                            }
                            mantissa = mantissa * 10 + digit;
                            q++;
                        }
                        fraction = q - fractionStart;
                        if (fraction == 0) {
                            break number;
                        }
                    }
                    if (digits == 0 || digits + fraction > 18) {
                        break number;
                    }
                    int exponent = 0;
                    if (q < length && (in[q] | 0x20) == 'e') {
                        long parsed = exponent(in, q + 1, length);
                        if (parsed == NOT_FAST) {
                            break number;
                        }
                        exponent = (int) (parsed >> 32);
                        q = (int) parsed;
                    }
                    value = toFloat(mantissa, exponent - fraction);
                    if (Float.isNaN(value)) {
                        break number;
                    }
                    if (negative) {
                        value = -value;
                    }
                    p = q;
                }
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
     * Parses {@code b[from, to)} as a float, correctly rounded, exactly as {@link JavaFloatParser} does (NaN where that
     * parser fails), by the path a cell of {@link #parse} takes: a one-cell line through the same loop. For tests,
     * which check that path against the reference parser on many decimals; it copies the cell, so it is not fast.
     */
    static float parseFloat(byte[] b, int from, int to) {
        byte[] out = new byte[outputBytes(to - from)];
        int rows = new CsvChunkParser(new int[] {0}).parse(Arrays.copyOfRange(b, from, to), to - from, out, new long[1]);
        return rows == 1 ? (float) FLOAT_LE.get(out, 0) : slow(b, from, to);
    }

    /** The exponent's digits after {@code e}/{@code E}, with an optional sign: (exponent, end) packed, or NOT_FAST. */
    private static long exponent(byte[] b, int from, int to) {
        int p = from;
        boolean negative = false;
        if (p < to && (b[p] == '-' || b[p] == '+')) {
            negative = b[p] == '-';
            p++;
        }
        int exponent = 0;
        int start = p;
        while (p < to && p - start < 4) {
            int digit = b[p] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            exponent = exponent * 10 + digit;
            p++;
        }
        if (p == start) {
            return NOT_FAST;
        }
        return ((long) (negative ? -exponent : exponent) << 32) | p;
    }

    /**
     * mantissa × 10^power rounded once to a double, then to a float; NaN when that might not be the correctly rounded
     * float: the mantissa over 53 bits, the power of ten not exact in a double, or a double exactly between two
     * floats (or near the subnormal floats), where rounding twice could go wrong.
     */
    private static float toFloat(long mantissa, int power) {
        if (mantissa > (1L << 53)) {
            return Float.NaN;
        }
        double value;
        if (mantissa == 0) {
            return 0f;
        } else if (power >= 0 && power <= 22) {
            value = mantissa * POWERS_OF_TEN[power];
        } else if (power < 0 && power >= -22) {
            value = mantissa / POWERS_OF_TEN[-power];
        } else {
            return Float.NaN;
        }
        if ((Double.doubleToRawLongBits(value) & 0x1FFF_FFFFL) == 0x1000_0000L || value < 0x1p-125) {
            return Float.NaN;
        }
        return (float) value;
    }

    private static float slow(byte[] b, int from, int to) {
        try {
            return JavaFloatParser.parseFloat(b, from, to - from);
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }
}
