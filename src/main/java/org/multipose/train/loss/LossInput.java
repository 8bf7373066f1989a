package org.multipose.train.loss;

import java.util.Objects;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.LossGradient;
import org.multipose.combination.Readout;

/**
 * A compound's predictions as the loss terms see them.
 *
 * @param combined the combined free energy ŷ (kT)
 * @param poses    the per-pose free energies y_i (kT), in pose order
 * @param readout  maps free energies to the label's scale (applied to ŷ; per pose only by pose-level terms)
 * @param target   the label on the readout's scale
 * @param poseLogits the pose head's logits d_i = l₁ − l₀ in pose order (CNNscore = σ(d_i)), or empty when the model
 *                 has no pose head in use
 */
public record LossInput(double combined, double[] poses, Readout readout, CompoundTarget target,
        double[] poseLogits) {

    public LossInput {
        Objects.requireNonNull(poses, "poses");
        Objects.requireNonNull(readout, "readout");
        Objects.requireNonNull(target, "target");
        poses = poses.clone();
        poseLogits = poseLogits.clone();
    }

    /** An input without pose logits. */
    public LossInput(double combined, double[] poses, Readout readout, CompoundTarget target) {
        this(combined, poses, readout, target, new double[0]);
    }

    /** The input for a combination's forward result (with its pose logits, when it has them). */
    public static LossInput of(CombinationResult result, Readout readout, CompoundTarget target) {
        return new LossInput(result.combined(), result.predictions(), readout, target, result.poseLogits());
    }

    @Override
    public double[] poseLogits() {
        return poseLogits.clone();
    }

    @Override
    public double[] poses() {
        return poses.clone();
    }

    /** Number of poses. */
    public int poseCount() {
        return poses.length;
    }

    /** y_i without copying (for the losses in this package). */
    double pose(int i) {
        return poses[i];
    }

    /** The readout of the combined prediction, p = r(ŷ). */
    public double prediction() {
        return readout.apply(combined);
    }

    /** dp/dŷ at ŷ. */
    public double slope() {
        return readout.derivative(combined);
    }

    /** The result of a term on ŷ only: dL/dy_i = 0 for every pose. */
    public LossGradient onCombined(double value, double dCombined) {
        return new LossGradient(value, dCombined, new double[poses.length]);
    }
}
