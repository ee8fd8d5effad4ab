package dev.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Column statistics: exact on small hand-checked data, accurate where naive sums cancel, and the same bits whether the
 * rows come in one call or many, and whether the Vector API or the scalar loop sums them.
 */
class ColumnStatisticsTests {

    @Test
    void givesTheHandComputedSummary() {
        ColumnStatistics statistics = new ColumnStatistics(2);
        statistics.add(rows(new float[][] {{1, 7}, {2, 7}, {3, 7}, {4, 7}}), 0, 4);
        statistics.finish();

        assertThat(statistics.count()).isEqualTo(4);
        assertThat(statistics.min()).containsExactly(1, 7);
        assertThat(statistics.max()).containsExactly(4, 7);
        assertThat(statistics.mean()).containsExactly(2.5, 7);
        assertThat(statistics.std()[0]).isCloseTo(Math.sqrt(1.25), within(1e-15)); // population std of 1..4
        assertThat(statistics.std()[1]).isZero();
    }

    @Test
    void staysAccurateFarFromZeroAcrossBlocks() {
        // 10^4 + N(0, 1): naive Σx² − (Σx)²/n in double would lose most digits of the variance
        int n = 5 * ColumnStatistics.BLOCK_ROWS + 123;
        float[][] values = new float[n][3];
        Random random = new Random(11);
        for (float[] row : values) {
            row[0] = (float) (1e4 + random.nextGaussian());
            row[1] = (float) (random.nextGaussian() * 1e-3);
            row[2] = random.nextInt(2);
        }
        values[700][0] = 3e5f; // an outlier that starts no block
        values[2 * ColumnStatistics.BLOCK_ROWS][1] = -40; // one that starts a block
        ColumnStatistics statistics = new ColumnStatistics(3);
        statistics.add(rows(values), 0, n);
        statistics.finish();

        for (int c = 0; c < 3; c++) {
            BigDecimal sum = BigDecimal.ZERO;
            for (float[] row : values) {
                sum = sum.add(new BigDecimal(row[c]));
            }
            BigDecimal mean = sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128);
            BigDecimal squares = BigDecimal.ZERO;
            for (float[] row : values) {
                BigDecimal d = new BigDecimal(row[c]).subtract(mean);
                squares = squares.add(d.multiply(d));
            }
            double std = Math.sqrt(squares.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue());
            assertThat(statistics.mean()[c]).as("mean %d", c).isCloseTo(mean.doubleValue(), within(Math.abs(mean.doubleValue()) * 1e-13 + 1e-15));
            assertThat(statistics.std()[c]).as("std %d", c).isCloseTo(std, within(std * 1e-12));
        }
    }

    @Test
    void givesTheSameBitsHoweverTheRowsAreSplitAndSummed() {
        Random random = new Random(5);
        for (int columns : new int[] {1, 5, 8, 17, 101}) {
            int n = 3 * ColumnStatistics.BLOCK_ROWS + random.nextInt(2000);
            float[][] values = new float[n][columns];
            for (float[] row : values) {
                for (int c = 0; c < columns; c++) {
                    row[c] = (float) (random.nextGaussian() * Math.pow(10, c % 7 - 3) + c);
                }
            }
            byte[] bytes = rows(values);
            ColumnStatistics whole = new ColumnStatistics(columns, false);
            whole.add(bytes, 0, n);
            whole.finish();
            for (boolean vector : new boolean[] {false, true}) {
                ColumnStatistics split = new ColumnStatistics(columns, vector);
                int row = 0;
                while (row < n) {
                    int count = Math.min(n - row, random.nextInt(3) == 0 ? 1 : random.nextInt(1500));
                    split.add(bytes, row * columns * Float.BYTES, count);
                    row += count;
                }
                split.finish();
                String what = columns + " columns, vector " + vector;
                assertThat(split.count()).as(what).isEqualTo(n);
                assertThat(split.mean()).as(what).containsExactly(whole.mean());
                assertThat(split.std()).as(what).containsExactly(whole.std());
                assertThat(split.min()).as(what).containsExactly(whole.min());
                assertThat(split.max()).as(what).containsExactly(whole.max());
            }
        }
    }

    @Test
    void fallsBackToTheScalarLoopWhenTheWarmUpFindsTheVectorLoopSlow() {
        try {
            ColumnStatistics.WarmUp none = ColumnStatistics.warmUp(20_000, 0); // no time: the loop never got fast
            assertThat(none.compiled()).isFalse();
            assertThat(new ColumnStatistics(101).vector()).isFalse();
        } finally {
            ColumnStatistics.WarmUp warmUp = ColumnStatistics.warmUp(20_000, 30_000_000_000L);
            assertThat(warmUp.compiled()).as("C2 compiles the loop in a test JVM").isTrue();
        }
        assertThat(new ColumnStatistics(101).vector()).isTrue();
    }

    private static byte[] rows(float[][] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * values[0].length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : values) {
            for (float value : row) {
                bytes.putFloat(value);
            }
        }
        return bytes.array();
    }
}
