package org.multipose.combination;

/**
 * How {@link MultiPoseModel} computes a compound's combined parameter gradient; all three give the same gradient
 * (up to float rounding) for a deterministic model.
 */
public enum GradientRoute {
    /**
     * One forward + backward per pose, each pose's gradient copied into a {@link GradientDictionary} (the model's
     * buffers zeroed in between), combined by {@link Combination#backward}. Peak memory: one pose's graph plus N copies
     * of the parameters' size. N backward passes.
     */
    DICTIONARY,
    /**
     * All poses in one batch: forward, then one backward of Σ k_i·y_i ({@link PoseGradientSurrogate}). Peak memory:
     * the graph of all N poses. One forward and one backward pass, batched.
     */
    BATCHED,
    /**
     * Forward every pose without a graph to get the y_i and k_i, then per pose forward + backward of k_i·y_i,
     * accumulating in the model's buffers. Peak memory: one pose's graph; 2N forwards and N backwards. Needs a
     * deterministic model (checked: the two passes must agree).
     */
    POSE_BY_POSE
}
