package dev.descent.dataset;

import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loop of {@link ColumnStatistics} on the JDK's Vector API: as many columns per instruction as the CPU's
 * widest double vector holds (8 with AVX-512). Kept in its own class because loading a class that names a
 * {@code jdk.incubator.vector} type fails when the JVM was started without that module.
 */
final class VectorColumnSums {

    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS =
            FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

    private VectorColumnSums() {
    }

    /** How many of the first columns the vector loop covers: whole vectors only. */
    static int coveredColumns(int columns) {
        return columns - columns % DOUBLES.length();
    }

    /**
     * For columns {@code 0..covered-1} of {@code rows} rows at {@code offset}: Σ(x − shift), Σ(x − shift)², min and max,
     * with the scalar loop's operations (a subtraction in double, a multiplication, then an addition: no fused
     * multiply-add) so that each lane rounds as the scalar loop would.
     */
    static void add(byte[] block, int offset, int rows, int columns, int covered, double[] shift, double[] sum,
                    double[] sumOfSquares, float[] min, float[] max) {
        int rowBytes = columns * Float.BYTES;
        int step = DOUBLES.length();
        for (int r = 0, rowAt = offset; r < rows; r++, rowAt += rowBytes) {
            for (int c = 0; c < covered; c += step) {
                FloatVector x = FloatVector.fromByteArray(FLOATS, block, rowAt + (c << 2), ByteOrder.LITTLE_ENDIAN);
                DoubleVector d = ((DoubleVector) x.convertShape(VectorOperators.F2D, DOUBLES, 0))
                        .sub(DoubleVector.fromArray(DOUBLES, shift, c));
                DoubleVector.fromArray(DOUBLES, sum, c).add(d).intoArray(sum, c);
                DoubleVector.fromArray(DOUBLES, sumOfSquares, c).add(d.mul(d)).intoArray(sumOfSquares, c);
                FloatVector.fromArray(FLOATS, min, c).min(x).intoArray(min, c);
                FloatVector.fromArray(FLOATS, max, c).max(x).intoArray(max, c);
            }
        }
    }
}
