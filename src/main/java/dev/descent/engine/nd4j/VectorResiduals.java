package dev.descent.engine.nd4j;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The logistic step's per-row loop — decisions to residuals, and the log-loss summed — in float32, a vector of rows
 * at a time with the JDK's Vector API ({@code jdk.incubator.vector}, whose exp and log1p run as SVML intrinsics on
 * x86-64). Measured
 * here it costs 3 ns a row against 30 for the scalar loop in double, which made the step's arithmetic cost more than
 * streaming its rows from memory. (Linear regression keeps its loop in double: its residual z + b − y is a
 * difference of numbers of any size, which float32 would round badly, and that loop is cheap.) Only used when
 * {@link VectorApi#AVAILABLE}: the JVM must be started with {@code --add-modules jdk.incubator.vector}. Not
 * thread-safe: one instance belongs to one kernel.
 *
 * <p>Cancellation-free forms, as the targets of logistic regression are 0 or 1: with e = e^−|z|,
 * σ(z) and 1 − σ(z) are 1/(1+e) and e/(1+e) (which is which depends on the sign of z), so r = σ(z) − y is either
 * σ(z) (y = 0) or −(1 − σ(z)) (y = 1), never a difference of nearly equal numbers; and the loss
 * log1p(e) + max(z, 0) − y·z is log1p(e) + max(s·z, 0) with s = 1 − 2y.
 */
final class VectorResiduals {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Vectors summed in float per lane before their sums go into the double totals. */
    private static final int FOLD = 16;

    /** Σ r over the rows of the last call. */
    private double residualSum;

    /** Lanes per vector: 16 with AVX-512, 8 with AVX2. */
    static int lanes() {
        return SPECIES.length();
    }

    /**
     * Runs the loop until the JIT has compiled it with the vector intrinsics (C2): before that the Vector API runs
     * boxed, about 200 times slower (measured: 140 µs for 256 rows after 1,500 calls, 0.7 µs once compiled; it took 1,900 calls and 1.4 s here), which
     * would fall on the first jobs. Compilation is in the background and takes a few thousand calls, so this stops
     * when a call has become fast, or after {@code maxCalls}.
     *
     * @return the calls it took
     */
    static int warmUp(int maxCalls) {
        VectorResiduals residuals = new VectorResiduals();
        int m = 40 * lanes() + 3;
        float[] z = new float[m];
        float[] y = new float[m];
        double sink = 0;
        int calls = 0;
        long last = System.nanoTime();
        while (calls < maxCalls) {
            for (int i = 0; i < m; i++) {
                z[i] = (i * 7 + calls) % 23 - 11.5f;
                y[i] = (i + calls) % 3 == 0 ? 1f : 0f;
            }
            sink += residuals.crossEntropy(z, y, m, 0.25);
            if (++calls % 100 == 0) {
                long now = System.nanoTime();
                if (now - last < 100 * 20_000L) { // under 20 µs a call of 643 rows: compiled
                    break;
                }
                last = now;
            }
        }
        if (!Double.isFinite(sink)) {
            throw new IllegalStateException("the warm-up's loss is not finite: " + sink);
        }
        return calls;
    }

    double residualSum() {
        return residualSum;
    }

    /**
     * Replaces decisions by residuals σ(z + b) − y in place and returns Σ log-loss, for rows 0..m).
     *
     * @param zr decisions X·w without the bias in, residuals out
     * @param y  targets, 0 or 1
     */
    double crossEntropy(float[] zr, float[] y, int m, double b) {
        float bias = (float) b;
        double lossSum = 0;
        double rSum = 0;
        int step = SPECIES.length();
        int i = 0;
        // the sums stay in vectors, folded into the doubles every FOLD vectors: a reduction across lanes per vector
        // was a chain of ordered scalar adds (C2 on JDK 17), 10% of a 256 × 100 step; folding keeps each lane's
        // float sum as short as in one 256-row batch
        FloatVector lossLanes = FloatVector.zero(SPECIES);
        FloatVector rLanes = FloatVector.zero(SPECIES);
        int pending = 0;
        for (int bound = SPECIES.loopBound(m); i < bound; i += step) {
            FloatVector z = FloatVector.fromArray(SPECIES, zr, i).add(bias);
            VectorMask<Float> positive = z.compare(VectorOperators.GE, 0f);
            VectorMask<Float> one = FloatVector.fromArray(SPECIES, y, i).compare(VectorOperators.EQ, 1f);
            FloatVector e = z.abs().neg().lanewise(VectorOperators.EXP);
            FloatVector upper = FloatVector.broadcast(SPECIES, 1f).div(e.add(1f)); // 1/(1+e), in [½, 1]
            FloatVector lower = e.mul(upper); // e/(1+e), in [0, ½]
            FloatVector p = lower.blend(upper, positive); // σ(z)
            FloatVector q = upper.blend(lower, positive); // 1 − σ(z)
            FloatVector r = p.blend(q.neg(), one);
            FloatVector loss = e.lanewise(VectorOperators.LOG1P).add(z.blend(z.neg(), one).max(0f));
            lossLanes = lossLanes.add(loss);
            rLanes = rLanes.add(r);
            r.intoArray(zr, i);
            if (++pending == FOLD) {
                lossSum += lossLanes.reduceLanes(VectorOperators.ADD);
                rSum += rLanes.reduceLanes(VectorOperators.ADD);
                lossLanes = FloatVector.zero(SPECIES);
                rLanes = FloatVector.zero(SPECIES);
                pending = 0;
            }
        }
        if (pending > 0) {
            lossSum += lossLanes.reduceLanes(VectorOperators.ADD);
            rSum += rLanes.reduceLanes(VectorOperators.ADD);
        }
        for (; i < m; i++) { // the last m mod lanes rows, as the scalar loop does them, in double
            double z = zr[i] + b;
            double e = Math.exp(-Math.abs(z));
            double p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
            lossSum += SgemvKernel.log1pUnit(e) + Math.max(z, 0) - y[i] * z;
            double r = p - y[i];
            rSum += r;
            zr[i] = (float) r;
        }
        residualSum = rSum;
        return lossSum;
    }
}
