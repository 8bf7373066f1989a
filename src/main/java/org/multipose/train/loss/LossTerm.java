package org.multipose.train.loss;

import org.multipose.combination.CompoundLoss;
import org.multipose.combination.LossGradient;
import org.multipose.combination.Readout;

/**
 * One loss term of MATH.md §4 for one compound: given the combined and per-pose predictions, the compound's readout
 * and its label, the loss value with dL/dŷ and dL/dy_i ({@link LossGradient}, the combination module's type, which its
 * backward consumes). Implementations: {@link MseLoss}, {@link CensoredMseLoss}, {@link GaussianNllLoss},
 * {@link RangePenalty}, {@link PoseCrossEntropy}, {@link PoseHinge}, and their {@link WeightedLoss}.
 *
 * <p>A term is label-independent; {@link #bind} fixes one compound's readout and label and gives the combination
 * module's {@link CompoundLoss}, the one loss type the training step uses. A batch averages its compounds' losses.
 */
public interface LossTerm {

    /** Short name for logs and metrics, e.g. "mse". */
    String name();

    /**
     * L and its derivatives with respect to ŷ and each y_i. Terms on ŷ only return dL/dy_i = 0 for every pose
     * (an array of N zeros), so the result always has one entry per pose.
     */
    LossGradient evaluate(LossInput input);

    /** What the term needs from the data besides the labels' values ({@link LossNeeds#NONE} by default). */
    default LossNeeds needs() {
        return LossNeeds.NONE;
    }

    /** This term for one compound: its readout (chosen per label) and its label on the readout's scale. */
    default CompoundLoss bind(Readout readout, CompoundTarget target) {
        return result -> evaluate(LossInput.of(result, readout, target));
    }
}
