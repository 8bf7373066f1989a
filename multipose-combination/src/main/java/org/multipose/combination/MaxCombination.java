package org.multipose.combination;

/**
 * Smooth maximum (or minimum) by log-sum-exp: with s = −1 if {@code negate} (smooth minimum) else +1, a_i = s·t·y_i,
 * Q = logsumexp(a), ŷ = s·Q/t, w_i = c_i = softmax(a)_i.
 *
 * @param negate true (the default) for a smooth <em>minimum</em>, the right choice for free energies in kT where lower
 *               is tighter binding; false for a smooth maximum (e.g. of pK-like scores)
 * @param scale  t, in 1/kT, finite and &gt; 0 (default 1000, practically a hard min/max). The smooth extreme is
 *               shifted from the true extreme by up to ln(N)/t kT (below the minimum, above the maximum; exactly
 *               ln(N)/t when all N predictions are equal), so with a small t the combined value depends on the number
 *               of poses: N = 8 and t = 1 shift it by up to 2.08 kT, t = 1000 by 0.002 kT.
 */
public record MaxCombination(boolean negate, double scale) implements Combination {

    /** Default t = 1000 per kT. */
    public static final double DEFAULT_SCALE = 1000.0;

    /** Validates the scale. */
    public MaxCombination {
        if (!(scale > 0.0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("max combination: scale = " + scale
                    + " must be a finite number > 0 (per kT; default " + DEFAULT_SCALE + ")");
        }
    }

    /** Smooth minimum with t = 1000 (negate = true). */
    public MaxCombination() {
        this(true, DEFAULT_SCALE);
    }

    @Override
    public CombinationResult forward(double[] predictions) {
        PosePredictions.check(predictions);
        int n = predictions.length;
        double s = negate ? -1.0 : 1.0;
        double st = s * scale;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = st * predictions[i];
        }
        double[] w = new double[n];
        double q = LogSumExp.logSumExp(a, w, "scale × prediction");
        // ∂(s·Q/t)/∂y_i = s/t · softmax(a)_i · s·t = softmax(a)_i: the coefficients are the weights.
        return new CombinationResult(s * q / scale, predictions, w, w);
    }

    @Override
    public CombinationResult forward(double[] predictions, double[] poseLogits) {
        PosePredictions.check(predictions);
        int n = predictions.length;
        double[] l = PosePrior.logPriors(poseLogits, n);
        double s = negate ? -1.0 : 1.0;
        double st = s * scale;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = st * predictions[i] + l[i];
        }
        double[] w = new double[n];
        double q = LogSumExp.logSumExp(a, w, "scale × prediction + log-prior");
        // ∂Q/∂ℓ_i = softmax(a)_i, so ∂ŷ/∂d_i = (s/t)·w_i·(1 − π_i); ∂ŷ/∂y_i = w_i as without a prior.
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = s / scale * w[i] * PosePrior.logPriorSlope(poseLogits[i]);
        }
        return new CombinationResult(s * q / scale, predictions, w, w, poseLogits, e);
    }

    @Override
    public String name() {
        return "max";
    }
}
