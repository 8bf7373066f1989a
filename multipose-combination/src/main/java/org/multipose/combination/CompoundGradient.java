package org.multipose.combination;

/**
 * One compound's forward and backward from {@link MultiPoseModel#gradient}: the combination result, the loss with
 * its gradients, and the combined parameter gradient ∂L/∂θ (owned by the caller: close it, or close the manager it
 * was created in).
 *
 * @param combination ŷ, y_i, w_i, c_i
 * @param loss        the loss value and dL/dŷ, dL/dy_i
 * @param gradient    ∂L/∂θ = Σ_i (dL/dŷ·c_i + dL/dy_i)·∂y_i/∂θ, by parameter name
 */
public record CompoundGradient(CombinationResult combination, LossGradient loss, GradientDictionary gradient)
        implements AutoCloseable {

    /** Closes the gradient dictionary. */
    @Override
    public void close() {
        gradient.close();
    }
}
