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
    public String name() {
        return "mean";
    }
}
