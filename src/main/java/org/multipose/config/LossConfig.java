package org.multipose.config;

import java.util.Objects;

/**
 * One loss term (MATH.md §4). A config holds a list of them; their weights are normalised to sum to 1. Options
 * marked with {@link OnlyFor} apply to one kind and are rejected for the others.
 *
 * @param kind          the loss
 * @param weight        non-negative weight before normalisation
 * @param lower         range: lower bound of the plausible prediction, pK (−∞ = none)
 * @param upper         range: upper bound, pK (+∞ = none)
 * @param kt            pose_ce: temperature of the pose logits −y_i/kT, kT units
 * @param label         pose_ce: the target distribution over poses
 * @param rmsdThreshold hinge, pose_class: poses with a larger RMSD to the reference count as bad, Å
 * @param sigmaMin      gaussian_nll: floor on each label's σ, pK
 * @param rmsdTag       pose_ce, hinge, pose_class: the pose score holding each pose's RMSD to the reference pose, Å
 */
public record LossConfig(
        @Required @Doc("the loss term") Kind kind,
        @Range(min = 0) @Doc("weight of this term; the weights are normalised to sum to 1") double weight,
        @OnlyFor("range") @Doc(value = "lower bound of plausible predictions (-.inf = none)", unit = "pK")
                double lower,
        @OnlyFor("range") @Doc(value = "upper bound of plausible predictions (.inf = none)", unit = "pK")
                double upper,
        @OnlyFor("pose_ce") @Range(min = 0, minOpen = true) @Doc(value = "temperature of the pose logits -y/kT",
                unit = "kT") double kt,
        @OnlyFor("pose_ce") @Doc("target over poses: one-hot on the lowest RMSD, or 1/RMSD normalised")
                PoseLabel label,
        @OnlyFor({"hinge", "pose_class"}) @Range(min = 0, minOpen = true) @Doc(value = "poses above this RMSD"
                + " count as bad", unit = "Å") double rmsdThreshold,
        @OnlyFor("gaussian_nll") @Range(min = 0, minOpen = true) @Doc(value = "floor on each label's σ",
                unit = "pK") double sigmaMin,
        @OnlyFor({"pose_ce", "hinge", "pose_class"}) @Doc("pose score (SD tag kept by prepare) holding each pose's RMSD to the"
                + " reference pose, in Å") String rmsdTag) {

    /** Loss terms. */
    public enum Kind { MSE, CENSORED_MSE, GAUSSIAN_NLL, RANGE, POSE_CE, HINGE, POSE_CLASS }

    /** Pose cross-entropy target. */
    public enum PoseLabel { ONE_HOT, INVERSE_RMSD }

    public LossConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(rmsdTag, "rmsdTag");
        if (rmsdTag.isBlank()) {
            throw new ConfigProblem("rmsd_tag", "must name a pose score, e.g. rmsd_to_reference");
        }
        if (kind == Kind.RANGE) {
            if (Double.isNaN(lower) || Double.isNaN(upper) || !(lower < upper)) {
                throw new ConfigProblem("upper", "must be greater than lower (" + lower + ")");
            }
        }
    }

    /** A term of this kind, weight 1, every option at its default. */
    public static LossConfig of(Kind kind) {
        return new LossConfig(kind, 1.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1.0, PoseLabel.ONE_HOT,
                2.0, 0.1, "rmsd_to_reference");
    }

    /** Defaults of the options; {@code kind} is required, so its value here is a placeholder. */
    static LossConfig defaults() {
        return of(Kind.MSE);
    }
}
