package org.multipose.eval;

import java.util.Objects;
import java.util.OptionalDouble;
import org.multipose.data.CompoundKey;

/**
 * One row of {@code pose_predictions.csv}: a per-pose prediction and what the combination made of it.
 *
 * @param key         (target, compound id) of the compound the pose belongs to
 * @param poseIndex   the pose's 1-based index (its rank in the source file unless an SD tag said otherwise)
 * @param yKt         the per-pose prediction y_i, a free energy in kT (lower = tighter), finite
 * @param predictedPk the readout applied to this pose alone (pK); for reading only — the compound's prediction is
 *                    the readout of the combined value, not a combination of these (MATH.md §3)
 * @param weight      the pose weight w_i (what a user reads), in [0, 1]
 * @param coefficient the pose coefficient c_i = ∂ŷ/∂y_i (equal to w_i for mean and LSE, not for Boltzmann), finite
 * @param rmsd        RMSD to a reference pose in Å, from an SD tag, when known (≥ 0)
 * @param dockScore   the docking program's score of this pose (lower = better), when known
 */
public record PosePrediction(
        CompoundKey key,
        int poseIndex,
        double yKt,
        double predictedPk,
        double weight,
        double coefficient,
        OptionalDouble rmsd,
        OptionalDouble dockScore) {

    public PosePrediction {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rmsd, "rmsd");
        Objects.requireNonNull(dockScore, "dockScore");
        if (poseIndex < 1) {
            throw new IllegalArgumentException("pose_index is 1-based, got " + poseIndex);
        }
        if (!Double.isFinite(yKt) || !Double.isFinite(predictedPk) || !Double.isFinite(coefficient)) {
            throw new IllegalArgumentException("y_kt, predicted_pk and coefficient must be finite: " + yKt + ", "
                    + predictedPk + ", " + coefficient);
        }
        if (!(weight >= 0 && weight <= 1 + CompoundPrediction.WEIGHT_SLACK)) {
            throw new IllegalArgumentException("weight must be in [0, 1]: " + weight);
        }
        if (rmsd.isPresent() && !(rmsd.getAsDouble() >= 0 && Double.isFinite(rmsd.getAsDouble()))) {
            throw new IllegalArgumentException("rmsd must be finite and >= 0: " + rmsd.getAsDouble());
        }
        if (dockScore.isPresent() && !Double.isFinite(dockScore.getAsDouble())) {
            throw new IllegalArgumentException("dock_score must be finite: " + dockScore.getAsDouble());
        }
    }
}
