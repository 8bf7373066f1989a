package org.multipose.train;

/**
 * A per-compound loss (MATH.md §4) giving its value and derivatives; a batch averages its compounds' losses.
 * Implementations: {@link MseLoss}, {@link CensoredMseLoss}, {@link GaussianNllLoss}, {@link RangePenalty},
 * {@link PoseCrossEntropy}, {@link PoseHinge}, and their {@link WeightedLoss}.
 */
public interface CompoundLoss {

    /** Short name for logs and metrics, e.g. "mse". */
    String name();

    /** L and its derivatives with respect to ŷ and each y_i. */
    LossResult evaluate(LossInput input);
}
