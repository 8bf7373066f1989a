package org.multipose.combination;

import java.util.Arrays;

/** ŷ = (1/N) Σ y_i; w_i = c_i = 1/N. Units as in {@link Combination}. */
public record MeanCombination() implements Combination {

    @Override
    public CombinationResult forward(double[] predictions) {
        PosePredictions.check(predictions);
        int n = predictions.length;
        double sum = 0.0;
        for (double y : predictions) {
            sum += y;
        }
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        // ∂ŷ/∂y_i = 1/N: the coefficients are the weights.
        return new CombinationResult(sum / n, predictions, w, w);
    }

    @Override
    public CombinationResult forward(double[] predictions, double[] poseLogits) {
        PosePredictions.check(predictions);
        int n = predictions.length;
        double[] l = PosePrior.logPriors(poseLogits, n);
        double[] p = new double[n];
        LogSumExp.logSumExp(l, p, "log-prior");
        double combined = 0.0;
        for (int i = 0; i < n; i++) {
            combined += p[i] * predictions[i];
        }
        // p = softmax(ℓ): ∂p_j/∂ℓ_i = p_j(δ_ij − p_i), so ∂ŷ/∂ℓ_i = p_i(y_i − ŷ); dℓ_i/dd_i = 1 − π_i.
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = p[i] * (predictions[i] - combined) * PosePrior.logPriorSlope(poseLogits[i]);
        }
        return new CombinationResult(combined, predictions, p, p, poseLogits, e);
    }

    @Override
    public String name() {
        return "mean";
    }
}
