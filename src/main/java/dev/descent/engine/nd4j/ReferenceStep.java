package dev.descent.engine.nd4j;

import dev.descent.engine.ModelType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One mini-batch's loss and gradient as ND4J array operations, readable as the formulas: the reference that
 * {@link SgemvKernel}'s fused step optimises, selected by {@code kernel: "nd4j"} and tested equal to it. Each call
 * makes its arrays: a handful of large calls, not the fused step's allocation-free loop.
 */
final class ReferenceStep {

    private final ModelType type;
    private final JobData job;
    private final int features;

    ReferenceStep(ModelType type, JobData job) {
        this.type = type;
        this.job = job;
        this.features = job.features();
    }

    /**
     * @param order      the copy's rows in the run's order, or null for rows from..from+m in place
     * @param parameters w then b
     * @param gradient   receives ∇w then ∇b
     * @return the batch's mean loss
     */
    double lossAndGradient(int[] order, int from, int m, double[] parameters, double[] gradient) {
        INDArray rows;
        if (order == null) {
            rows = job.array().get(NDArrayIndex.interval(from, from + m), NDArrayIndex.all());
        } else {
            long[] picked = new long[m];
            for (int i = 0; i < m; i++) {
                picked[i] = order[from + i];
            }
            rows = job.array().getRows(java.util.Arrays.stream(picked).mapToInt(r -> (int) r).toArray());
        }
        INDArray x = rows.get(NDArrayIndex.all(), NDArrayIndex.interval(0, features)).castTo(DataType.DOUBLE); // m × d
        INDArray y = rows.get(NDArrayIndex.all(), NDArrayIndex.interval(features, features + 1)).castTo(DataType.DOUBLE); // m × 1
        double[] weights = java.util.Arrays.copyOf(parameters, features);
        INDArray w = Nd4j.createFromArray(weights).reshape(features, 1);
        double b = parameters[features];
        INDArray z = x.mmul(w).addi(b); // z = X·w + b
        INDArray r;
        double loss;
        if (type == ModelType.LOGISTIC_REGRESSION) {
            INDArray p = Transforms.sigmoid(z, true); // p = σ(z)
            r = p.sub(y); // ∂loss/∂z = p − y
            // log-loss per row: log1p(e^−|z|) + max(z, 0) − y·z
            INDArray perRow = Transforms.log(Transforms.exp(Transforms.abs(z, true).negi(), false).addi(1), false)
                    .addi(Transforms.max(z, 0, true)).subi(y.mul(z));
            loss = perRow.meanNumber().doubleValue();
        } else {
            r = z.sub(y); // ∂(½r²)/∂z = ŷ − y
            loss = r.mul(r).meanNumber().doubleValue(); // the epoch's loss is mean r², as the fast step reports it
        }
        INDArray gw = x.transpose().mmul(r).divi(m); // ∇w = Xᵀ·r / m
        for (int j = 0; j < features; j++) {
            gradient[j] = gw.getDouble(j, 0);
        }
        gradient[features] = r.sumNumber().doubleValue() / m; // ∇b = mean r
        return loss;
    }
}
