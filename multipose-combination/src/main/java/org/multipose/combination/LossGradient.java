package org.multipose.combination;

/**
 * What a loss says about one compound: its value and its gradients with respect to the combined prediction ŷ and
 * (optionally) to the pose predictions y_i and the pose logits d_i directly.
 *
 * @param loss             the loss value (any unit; reported, not used by the backward)
 * @param dLossDCombined   dL/dŷ, per kT of ŷ; finite
 * @param dLossDPoses      dL/dy_i of a loss placed directly on pose predictions, length N; or empty when none
 * @param dLossDPoseLogits dL/dd_i of a loss placed directly on pose logits (e.g. pose classification), length N; or
 *                         empty when none
 */
public record LossGradient(double loss, double dLossDCombined, double[] dLossDPoses, double[] dLossDPoseLogits) {

    /** Checks finiteness and copies the arrays. */
    public LossGradient {
        if (!Double.isFinite(dLossDCombined)) {
            throw new IllegalArgumentException("dL/dŷ = " + dLossDCombined + " is not finite");
        }
        dLossDPoses = dLossDPoses.clone();
        for (int i = 0; i < dLossDPoses.length; i++) {
            if (!Double.isFinite(dLossDPoses[i])) {
                throw new IllegalArgumentException("pose " + i + ": dL/dy = " + dLossDPoses[i] + " is not finite");
            }
        }
        dLossDPoseLogits = dLossDPoseLogits.clone();
        for (int i = 0; i < dLossDPoseLogits.length; i++) {
            if (!Double.isFinite(dLossDPoseLogits[i])) {
                throw new IllegalArgumentException("pose " + i + ": dL/dd = " + dLossDPoseLogits[i]
                        + " is not finite");
            }
        }
    }

    /** A loss on ŷ and (optionally) the y_i, none on pose logits. */
    public LossGradient(double loss, double dLossDCombined, double[] dLossDPoses) {
        this(loss, dLossDCombined, dLossDPoses, new double[0]);
    }

    /** A loss on the combined prediction only. */
    public static LossGradient onCombined(double loss, double dLossDCombined) {
        return new LossGradient(loss, dLossDCombined, new double[0]);
    }

    /** dL/dy_i (a copy; empty when the loss has no per-pose term). */
    @Override
    public double[] dLossDPoses() {
        return dLossDPoses.clone();
    }

    /** dL/dd_i (a copy; empty when the loss has no term on pose logits). */
    @Override
    public double[] dLossDPoseLogits() {
        return dLossDPoseLogits.clone();
    }
}
