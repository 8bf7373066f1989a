package org.multipose.combination;

/**
 * Whether a per-pose network's second head, the pose logits d_i (e.g. gnina's pose score l₁ − l₀), takes part in a
 * {@link MultiPoseModel}'s step.
 */
public enum PoseLogits {
    /** Not computed: the y_i only. */
    NONE,
    /** Given to the loss (e.g. a pose-classification term), not to the combination. */
    LOSS,
    /** Given to the loss and used by the combination as the per-pose prior σ(d_i). */
    PRIOR
}
