package org.multipose.combination;

import java.util.Arrays;

/**
 * The forward result of a {@link Combination} for one compound with N poses. All values are in the prediction unit
 * (kT for free energies); arrays have length N, in pose order, and are copied in and out.
 *
 * @param combined     ŷ, the combined prediction
 * @param predictions  y_i, the per-pose predictions that went in
 * @param weights      w_i, the pose weights users read (1/N for mean, softmax for LSE and Boltzmann); they sum to 1
 * @param coefficients c_i = ∂ŷ/∂y_i, what the backward uses (equal to w_i except for Boltzmann)
 */
public record CombinationResult(double combined, double[] predictions, double[] weights, double[] coefficients) {

    /** Checks that the arrays have one entry per pose and copies them. */
    public CombinationResult {
        int n = predictions.length;
        if (weights.length != n || coefficients.length != n) {
            throw new IllegalArgumentException("pose arrays differ in length: " + n + " predictions, "
                    + weights.length + " weights, " + coefficients.length + " coefficients");
        }
        predictions = predictions.clone();
        weights = weights.clone();
        coefficients = coefficients.clone();
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

    @Override
    public boolean equals(Object o) {
        return o instanceof CombinationResult r && Double.compare(combined, r.combined) == 0
                && Arrays.equals(predictions, r.predictions) && Arrays.equals(weights, r.weights)
                && Arrays.equals(coefficients, r.coefficients);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Double.hashCode(combined) + Arrays.hashCode(predictions))
                + Arrays.hashCode(weights)) + Arrays.hashCode(coefficients);
    }

    @Override
    public String toString() {
        return "CombinationResult[combined=" + combined + ", predictions=" + Arrays.toString(predictions)
                + ", weights=" + Arrays.toString(weights) + ", coefficients=" + Arrays.toString(coefficients) + "]";
    }
}
