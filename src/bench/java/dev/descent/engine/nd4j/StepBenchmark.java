package dev.descent.engine.nd4j;

import dev.descent.engine.ModelType;
import dev.descent.engine.TrainingData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One logistic mini-batch step of {@link SgemvKernel}, per path and shape (rows × features), on one batch of rows
 * in the job's ND4J buffer, which stays in cache between calls: the step's arithmetic and call overhead, without
 * the cost of streaming a fresh batch from memory (the epoch benchmark, bench/run, measures that against the floor).
 * Run with {@code bench/jmh}. Not a test. The warm-up is long because the Vector API runs boxed, hundreds of times
 * slower, until C2 has compiled the loop.
 *
 * <p>Paths: {@code openblas-sgemv} (two sgemv calls around the scalar per-row loop in double),
 * {@code openblas-sgemv+vector-residuals} (the same with {@link VectorResiduals}; what the service runs), and
 * {@code first-sgemv-only} (z = X_b·w alone, block by block: the floor of any sgemv-based step).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx1g"})
public class StepBenchmark {

    @Param({"32x5", "32x100", "256x100", "4096x100", "256x1000"})
    public String shape;

    @Param({"openblas-sgemv", "openblas-sgemv+vector-residuals", "first-sgemv-only"})
    public String path;

    private JobData job;
    private SgemvKernel kernel;
    private int rows;

    @Setup(Level.Trial)
    public void setUp() {
        NativeEnvironment.prepare();
        String[] dimensions = shape.split("x");
        rows = Integer.parseInt(dimensions[0]);
        int features = Integer.parseInt(dimensions[1]);
        job = JobData.copyOf(logistic(rows, features, 7), ModelType.LOGISTIC_REGRESSION, true);
        boolean vector = path.equals("openblas-sgemv+vector-residuals");
        kernel = new SgemvKernel(ModelType.LOGISTIC_REGRESSION, job, rows, SgemvKernel.DEFAULT_BLOCK_BYTES, vector);
        float[] w = new float[features];
        SplittableRandom random = new SplittableRandom(3);
        for (int j = 0; j < features; j++) {
            w[j] = (float) (random.nextGaussian() / Math.sqrt(features));
        }
        kernel.setWeights(w, 0.1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernel.close();
        job.close();
    }

    /** One step over the batch; the learning rate is small enough that the weights barely move over millions of calls. */
    @Benchmark
    public double step() {
        if (path.equals("first-sgemv-only")) {
            double sink = 0;
            int capacity = kernel.decisionCapacity();
            for (int from = 0; from < rows; from += capacity) {
                sink += kernel.decisions(from, Math.min(capacity, rows - from)).get(0);
            }
            return sink;
        }
        return kernel.step(null, 0, rows, 1e-7);
    }

    /** X ~ N(0, 1), y ~ Bernoulli(σ(X·w)), in the shared layout. */
    static TrainingData logistic(int rows, int features, long seed) {
        int stride = features + 1;
        ByteBuffer bytes = ByteBuffer.allocateDirect(rows * stride * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer values = bytes.asFloatBuffer();
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < rows; r++) {
            double z = 0;
            for (int j = 0; j < features; j++) {
                float x = (float) random.nextGaussian();
                values.put(r * stride + j, x);
                z += x * (j % 3 - 1) / Math.sqrt(features);
            }
            values.put(r * stride + features, random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1f : 0f);
        }
        return TrainingData.wrap(bytes, rows, features);
    }
}
