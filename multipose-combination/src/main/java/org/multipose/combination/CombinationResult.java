package org.multipose.combination;

import java.util.Arrays;

/**
 * The forward result of a {@link Combination} for one compound with N poses. All values are in the prediction unit
 * (kT for free energies); arrays have length N, in pose order, and are copied in and out.
 *
 * <p>With a pose prior ({@link Combination#forward(double[], double[])}) the result also holds the pose logits d_i
 * that went in and e_i = ∂ŷ/∂d_i; without one both are empty. Pose logits can also ride along without being a prior
 * ({@link #withPoseLogits}), for a loss placed on them: then every e_i is 0.
 *
 * @param combined          ŷ, the combined prediction
 * @param predictions       y_i, the per-pose predictions that went in
 * @param weights           w_i, the pose weights users read (1/N for mean, softmax for LSE and Boltzmann, times the
 *                          prior π_i and renormalised with a prior); they sum to 1
 * @param coefficients      c_i = ∂ŷ/∂y_i, what the backward uses (equal to w_i except for Boltzmann)
 * @param poseLogits        d_i, the pose logits (prior probability σ(d_i)), or empty
 * @param priorCoefficients e_i = ∂ŷ/∂d_i (zeros when the logits are not a prior), or empty with the logits
 */
public record CombinationResult(double combined, double[] predictions, double[] weights, double[] coefficients,
        double[] poseLogits, double[] priorCoefficients) {

    /** Checks that the arrays have one entry per pose (the logit arrays: none or one per pose) and copies them. */
    public CombinationResult {
        int n = predictions.length;
        if (weights.length != n || coefficients.length != n) {
            throw new IllegalArgumentException("pose arrays differ in length: " + n + " predictions, "
                    + weights.length + " weights, " + coefficients.length + " coefficients");
        }
        if ((poseLogits.length != 0 && poseLogits.length != n) || priorCoefficients.length != poseLogits.length) {
            throw new IllegalArgumentException("pose logit arrays must be empty or have one entry per pose: " + n
                    + " predictions, " + poseLogits.length + " pose logits, " + priorCoefficients.length
                    + " prior coefficients");
        }
        predictions = predictions.clone();
        weights = weights.clone();
        coefficients = coefficients.clone();
        poseLogits = poseLogits.clone();
        priorCoefficients = priorCoefficients.clone();
    }

    /** A result without pose logits. */
    public CombinationResult(double combined, double[] predictions, double[] weights, double[] coefficients) {
        this(combined, predictions, weights, coefficients, new double[0], new double[0]);
    }

    /**
     * This result with pose logits attached that the combination did not use (e_i = 0): what a loss on the pose
     * logits reads when there is no prior.
     *
     * @throws IllegalArgumentException when this result already has pose logits, or the count is not N
     */
    public CombinationResult withPoseLogits(double[] logits) {
        if (hasPoseLogits()) {
            throw new IllegalArgumentException("this result already has pose logits");
        }
        PosePrior.logPriors(logits, predictions.length); // checks count and finiteness
        return new CombinationResult(combined, predictions, weights, coefficients, logits,
                new double[predictions.length]);
    }

    /** N, the number of poses. */
    public int poseCount() {
        return predictions.length;
    }

    /** y_i (a copy). */
    @Override
    public double[] predictions() {
        return predictions.clone();
    }

    /** w_i (a copy). */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** c_i = ∂ŷ/∂y_i (a copy). */
    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** d_i (a copy; empty without pose logits). */
    @Override
    public double[] poseLogits() {
        return poseLogits.clone();
    }

    /** e_i = ∂ŷ/∂d_i (a copy; empty without pose logits, zeros when they are not a prior). */
    @Override
    public double[] priorCoefficients() {
        return priorCoefficients.clone();
    }

    /** Whether pose logits came with this result (as a prior or for a loss). */
    public boolean hasPoseLogits() {
        return poseLogits.length > 0;
    }

    /** y_i of pose {@code i} (0-based). */
    public double prediction(int i) {
        return predictions[i];
    }

    /** w_i of pose {@code i} (0-based). */
    public double weight(int i) {
        return weights[i];
    }

    /** c_i of pose {@code i} (0-based). */
    public double coefficient(int i) {
        return coefficients[i];
    }

    /**
     * The loss gradient with respect to each pose prediction, k_i = dL/dŷ·c_i + dL/dy_i: what multiplies pose i's
     * parameter gradient g_i in the combined gradient Σ_i k_i·g_i, and the constant of the batched route's Σ_i k_i·y_i.
     *
     * @param dLossDCombined dL/dŷ, finite
     * @param dLossDPoses    dL/dy_i from a loss placed directly on pose predictions (length N), or an empty array
     *                       when there is none
     */
    public double[] poseLossGradients(double dLossDCombined, double[] dLossDPoses) {
        int n = predictions.length;
        if (!Double.isFinite(dLossDCombined)) {
            throw new IllegalArgumentException("dL/dŷ = " + dLossDCombined + " is not finite");
        }
        boolean direct = dLossDPoses.length > 0;
        if (direct && dLossDPoses.length != n) {
            throw new IllegalArgumentException("dL/dy has " + dLossDPoses.length + " entries for " + n
                    + " poses; give one per pose or an empty array");
        }
        double[] k = new double[n];
        for (int i = 0; i < n; i++) {
            double d = direct ? dLossDPoses[i] : 0.0;
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("pose " + i + ": dL/dy = " + d + " is not finite");
            }
            k[i] = dLossDCombined * coefficients[i] + d;
        }
        return k;
    }

    /** k_i = dL/dŷ·c_i, for a loss on the combined prediction only. */
    public double[] poseLossGradients(double dLossDCombined) {
        return poseLossGradients(dLossDCombined, new double[0]);
    }

    /**
     * The loss gradient with respect to each pose logit, m_i = dL/dŷ·e_i + dL/dd_i: what multiplies pose i's
     * logit gradient h_i = ∂d_i/∂θ in the combined gradient Σ_i k_i·g_i + Σ_i m_i·h_i, and the constant of the batched
     * route's Σ_i k_i·y_i + Σ_i m_i·d_i.
     *
     * @param dLossDCombined  dL/dŷ, finite
     * @param dLossDPoseLogits dL/dd_i from a loss placed directly on the pose logits (length N), or empty
     * @throws IllegalArgumentException when this result has no pose logits
     */
    public double[] poseLogitLossGradients(double dLossDCombined, double[] dLossDPoseLogits) {
        if (!hasPoseLogits()) {
            throw new IllegalArgumentException("this result has no pose logits: combine with a prior"
                    + " (forward(predictions, poseLogits)) or attach them (withPoseLogits)");
        }
        int n = predictions.length;
        if (!Double.isFinite(dLossDCombined)) {
            throw new IllegalArgumentException("dL/dŷ = " + dLossDCombined + " is not finite");
        }
        boolean direct = dLossDPoseLogits.length > 0;
        if (direct && dLossDPoseLogits.length != n) {
            throw new IllegalArgumentException("dL/dd has " + dLossDPoseLogits.length + " entries for " + n
                    + " poses; give one per pose or an empty array");
        }
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            double d = direct ? dLossDPoseLogits[i] : 0.0;
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("pose " + i + ": dL/dd = " + d + " is not finite");
            }
            m[i] = dLossDCombined * priorCoefficients[i] + d;
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CombinationResult r && Double.compare(combined, r.combined) == 0
                && Arrays.equals(predictions, r.predictions) && Arrays.equals(weights, r.weights)
                && Arrays.equals(coefficients, r.coefficients) && Arrays.equals(poseLogits, r.poseLogits)
                && Arrays.equals(priorCoefficients, r.priorCoefficients);
    }

    @Override
    public int hashCode() {
        int h = 31 * (31 * (31 * Double.hashCode(combined) + Arrays.hashCode(predictions))
                + Arrays.hashCode(weights)) + Arrays.hashCode(coefficients);
        return 31 * (31 * h + Arrays.hashCode(poseLogits)) + Arrays.hashCode(priorCoefficients);
    }

    @Override
    public String toString() {
        return "CombinationResult[combined=" + combined + ", predictions=" + Arrays.toString(predictions)
                + ", weights=" + Arrays.toString(weights) + ", coefficients=" + Arrays.toString(coefficients)
                + (hasPoseLogits() ? ", poseLogits=" + Arrays.toString(poseLogits) + ", priorCoefficients="
                        + Arrays.toString(priorCoefficients) : "") + "]";
    }
}
