package org.multipose.train;

import java.util.Objects;

/**
 * A compound's predictions as the losses see them.
 *
 * @param combined the combined free energy ŷ (kT)
 * @param poses    the per-pose free energies y_i (kT), in pose order
 * @param readout  maps free energies to the label scale
 * @param target   the label
 */
public record LossInput(double combined, double[] poses, LinearReadout readout, CompoundTarget target) {

    public LossInput {
        Objects.requireNonNull(poses, "poses");
        Objects.requireNonNull(readout, "readout");
        Objects.requireNonNull(target, "target");
        poses = poses.clone();
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

    /** The readout of the combined prediction, p = slope·ŷ + offset. */
    public double prediction() {
        return readout.apply(combined);
    }
}
