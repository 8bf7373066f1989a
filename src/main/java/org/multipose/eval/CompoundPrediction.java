package org.multipose.eval;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.multipose.data.CompoundKey;
import org.multipose.data.Measure;
import org.multipose.data.Split;

/**
 * One row of {@code predictions.csv}: a model's combined prediction for one compound, its label when it has one,
 * and what the baselines need (heavy-atom count, docking score of the top-ranked pose).
 *
 * @param key         (target, compound id)
 * @param split       the compound's split in the run that made the prediction; empty = in no split ("none")
 * @param measure     the assay measure of the label (chooses the readout, MATH.md §3); empty when not known
 * @param label       the measured pK, empty for an unlabelled compound
 * @param predictedPk the readout of the combined prediction in the label's unit (pK), finite
 * @param combinedKt  the combined prediction ŷ, a free energy in kT (lower = tighter), finite
 * @param nPoses      number of poses combined (≥ 1)
 * @param topPose     pose index (1-based) of the pose with the largest weight
 * @param topWeight   that pose's weight, in [0, 1]
 * @param heavyAtoms  heavy-atom count of the ligand (≥ 1), for the size baseline
 * @param dockScore   docking score of the top-ranked pose (e.g. Vina kcal/mol; lower = better), when known
 * @param predictedSd standard deviation of the prediction over an ensemble (pK), when known (≥ 0)
 */
public record CompoundPrediction(
        CompoundKey key,
        Optional<Split> split,
        Optional<Measure> measure,
        Optional<PkLabel> label,
        double predictedPk,
        double combinedKt,
        int nPoses,
        int topPose,
        double topWeight,
        int heavyAtoms,
        OptionalDouble dockScore,
        OptionalDouble predictedSd) {

    /** Weights come from float32 softmaxes, so a top weight may exceed 1 by round-off. */
    static final double WEIGHT_SLACK = 1e-6;

    public CompoundPrediction {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(dockScore, "dockScore");
        Objects.requireNonNull(predictedSd, "predictedSd");
        if (!Double.isFinite(predictedPk) || !Double.isFinite(combinedKt)) {
            throw new IllegalArgumentException("predicted_pk and combined_kt must be finite: " + predictedPk + ", "
                    + combinedKt);
        }
        if (nPoses < 1) {
            throw new IllegalArgumentException("n_poses must be >= 1: " + nPoses);
        }
        if (topPose < 1) {
            throw new IllegalArgumentException("top_pose is a 1-based pose index, got " + topPose);
        }
        if (!(topWeight >= 0 && topWeight <= 1 + WEIGHT_SLACK)) {
            throw new IllegalArgumentException("top_weight must be in [0, 1]: " + topWeight);
        }
        if (heavyAtoms < 1) {
            throw new IllegalArgumentException("heavy_atoms must be >= 1: " + heavyAtoms);
        }
        if (dockScore.isPresent() && !Double.isFinite(dockScore.getAsDouble())) {
            throw new IllegalArgumentException("dock_score must be finite: " + dockScore.getAsDouble());
        }
        if (predictedSd.isPresent() && !(predictedSd.getAsDouble() >= 0
                && Double.isFinite(predictedSd.getAsDouble()))) {
            throw new IllegalArgumentException("predicted_sd must be finite and >= 0: " + predictedSd.getAsDouble());
        }
    }

    /** True when the compound has a label (exact or censored). */
    public boolean labelled() {
        return label.isPresent();
    }

    /** True when the compound has a censored label. */
    public boolean censored() {
        return label.isPresent() && label.get().censored();
    }

    /** True when the compound has an exact (uncensored) label: the ones the metrics use. */
    public boolean exact() {
        return label.isPresent() && !label.get().censored();
    }

    /** The split's name as written in the table: train, val, test or none. */
    public String splitLabel() {
        return split.map(Split::label).orElse(PredictionCsv.NO_SPLIT);
    }
}
