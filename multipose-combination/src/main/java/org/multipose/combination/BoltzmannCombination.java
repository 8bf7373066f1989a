package org.multipose.combination;

/**
 * Boltzmann average: w_i = softmax(−y/kT)_i, ŷ = Σ w_i·y_i, c_i = ∂ŷ/∂y_i = w_i·(1 − (y_i − ŷ)/kT). Unlike mean and
 * LSE, the coefficients differ from the weights: a pose's weight also moves when its prediction moves.
 *
 * @param kT temperature in the prediction's unit, finite and &gt; 0; 1 (the default) when predictions are in kT
 */
public record BoltzmannCombination(double kT) implements Combination {

    /** Validates kT. */
    public BoltzmannCombination {
        if (!(kT > 0.0) || !Double.isFinite(kT)) {
            throw new IllegalArgumentException("boltzmann combination: kT = " + kT
                    + " must be a finite number > 0 (1 when predictions are in kT)");
        }
    }

    /** kT = 1: predictions in kT. */
    public BoltzmannCombination() {
        this(1.0);
    }

    @Override
    public CombinationResult forward(double[] predictions) {
        PosePredictions.check(predictions);
        int n = predictions.length;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = -predictions[i] / kT;
        }
        double[] w = new double[n];
        LogSumExp.logSumExp(a, w, "−prediction/kT");
        double combined = 0.0;
        for (int i = 0; i < n; i++) {
            combined += w[i] * predictions[i];
        }
        // ∂w_j/∂y_i = −w_j(δ_ij − w_i)/kT, so ∂(Σ_j w_j y_j)/∂y_i = w_i − (w_i y_i − w_i ŷ)/kT.
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = w[i] * (1.0 - (predictions[i] - combined) / kT);
        }
        return new CombinationResult(combined, predictions, w, c);
    }

    @Override
    public CombinationResult forward(double[] predictions, double[] poseLogits) {
        PosePredictions.check(predictions);
        int n = predictions.length;
        double[] l = PosePrior.logPriors(poseLogits, n);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = -predictions[i] / kT + l[i];
        }
        double[] w = new double[n];
        LogSumExp.logSumExp(a, w, "−prediction/kT + log-prior");
        double combined = 0.0;
        for (int i = 0; i < n; i++) {
            combined += w[i] * predictions[i];
        }
        // As without a prior for y; ∂w_j/∂ℓ_i = w_j(δ_ij − w_i) gives ∂ŷ/∂ℓ_i = w_i(y_i − ŷ); dℓ_i/dd_i = 1 − π_i.
        double[] c = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = w[i] * (1.0 - (predictions[i] - combined) / kT);
            e[i] = w[i] * (predictions[i] - combined) * PosePrior.logPriorSlope(poseLogits[i]);
        }
        return new CombinationResult(combined, predictions, w, c, poseLogits, e);
    }

    @Override
    public String name() {
        return "boltzmann";
    }
}
