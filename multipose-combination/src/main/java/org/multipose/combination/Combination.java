package org.multipose.combination;

import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Combines the N per-pose predictions of one compound into one prediction, with its exact backward: a custom
 * autograd function whose forward ({@link #forward}) computes ŷ, the pose weights w_i and the pose coefficients
 * c_i = ∂ŷ/∂y_i side by side, and whose backward is the chain rule through those c_i.
 *
 * <p>Units: predictions y_i and ŷ are free energies in kT (lower = tighter binding); w_i and c_i are dimensionless.
 * Implementations are immutable and thread-safe.
 */
public interface Combination {

    /**
     * Forward pass.
     *
     * @param predictions y_i, length N ≥ 1, finite (kT)
     * @throws IllegalArgumentException naming the pose when a prediction is NaN or infinite, or when the array is empty
     */
    CombinationResult forward(double[] predictions);

    /** Short name for logs and configs: {@code mean}, {@code max}, {@code boltzmann}. */
    String name();

    /**
     * Backward onto the pose predictions: k_i = dL/dy_i(total) = dL/dŷ·c_i + dL/dy_i(direct). These are the constants
     * of the batched route ({@link PoseGradientSurrogate}).
     *
     * @param forward        the result of {@link #forward} for this compound
     * @param dLossDCombined dL/dŷ
     * @param dLossDPoses    dL/dy_i of a loss placed directly on the pose predictions (length N), or empty
     */
    default double[] backward(CombinationResult forward, double dLossDCombined, double[] dLossDPoses) {
        return forward.poseLossGradients(dLossDCombined, dLossDPoses);
    }

    /**
     * Backward onto the parameters (dictionary route): Σ_i (dL/dŷ·c_i + dL/dy_i)·g_i, where g_i = ∂y_i/∂θ is pose i's
     * gradient dictionary.
     *
     * @param forward        the result of {@link #forward} for this compound
     * @param dLossDCombined dL/dŷ
     * @param dLossDPoses    dL/dy_i (length N) or empty
     * @param poseGradients  g_i, one dictionary per pose in pose order, all with the same names and shapes
     * @param manager        where the returned dictionary's arrays live (the caller closes it or the dictionary)
     * @throws IllegalArgumentException if the count of dictionaries is not N, or two dictionaries differ in a name or
     *                                  shape (the message names the pose and the parameter)
     */
    default GradientDictionary backward(CombinationResult forward, double dLossDCombined, double[] dLossDPoses,
            List<GradientDictionary> poseGradients, NDManager manager) {
        if (poseGradients.size() != forward.poseCount()) {
            throw new IllegalArgumentException(poseGradients.size() + " pose gradient dictionaries for "
                    + forward.poseCount() + " pose predictions; give one dictionary per pose, in pose order");
        }
        double[] k = backward(forward, dLossDCombined, dLossDPoses);
        return GradientDictionary.linearCombination(k, poseGradients, manager);
    }
}
