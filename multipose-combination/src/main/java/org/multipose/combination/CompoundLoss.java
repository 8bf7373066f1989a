package org.multipose.combination;

/**
 * A loss for one compound, evaluated on the combination's forward result: returns the loss and its gradients
 * with respect to ŷ and the y_i. Readouts go inside it (chain rule via {@link Readout#derivative}).
 */
@FunctionalInterface
public interface CompoundLoss {

    /** Loss and gradients for this compound's combined and per-pose predictions (kT). */
    LossGradient evaluate(CombinationResult result);
}
