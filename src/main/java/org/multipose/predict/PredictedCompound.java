package org.multipose.predict;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.multipose.data.AffinityLabel;
import org.multipose.data.CompoundKey;
import org.multipose.data.Split;

/**
 * A trained model's (or an ensemble's) prediction for one compound, with what a report needs.
 *
 * @param key         (target, compound id)
 * @param split       its split in the run; empty for a compound in no split (unlabelled)
 * @param label       its label, when labelled
 * @param predictedPk the readout of the combined prediction in pK units (pIC50 for an IC50 label under auto); the
 *                    mean over ensemble members
 * @param predictedSd standard deviation of predictedPk over ensemble members (empty for a single model)
 * @param combinedKt  ŷ, the combined free energy in kT (mean over members)
 * @param heavyAtoms  heavy atoms of the ligand (its first pose)
 * @param dockScore   docking score of pose 1 (SD tag vina_score, dock_score or minimizedAffinity), when present
 * @param poses       per pose, in pose order
 */
public record PredictedCompound(CompoundKey key, Optional<Split> split, Optional<AffinityLabel> label,
        double predictedPk, OptionalDouble predictedSd, double combinedKt, int heavyAtoms, OptionalDouble dockScore,
        List<Pose> poses) {

    public PredictedCompound {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(predictedSd, "predictedSd");
        Objects.requireNonNull(dockScore, "dockScore");
        poses = List.copyOf(poses);
    }

    /**
     * One pose's prediction (means over ensemble members).
     *
     * @param poseIndex   1-based pose index
     * @param yKt         y_i, kT
     * @param predictedPk the readout of this pose alone (for reading; the compound's prediction reads out ŷ)
     * @param weight      pose weight w_i
     * @param coefficient pose coefficient c_i = ∂ŷ/∂y_i
     * @param rmsd        RMSD to the reference pose (Å) from the pose's RMSD score, when present
     * @param dockScore   the pose's docking score, when present
     */
    public record Pose(int poseIndex, double yKt, double predictedPk, double weight, double coefficient,
            OptionalDouble rmsd, OptionalDouble dockScore) {}

    /** The pose with the largest weight. */
    public Pose topPose() {
        Pose best = poses.get(0);
        for (Pose p : poses) {
            if (p.weight() > best.weight()) {
                best = p;
            }
        }
        return best;
    }
}
