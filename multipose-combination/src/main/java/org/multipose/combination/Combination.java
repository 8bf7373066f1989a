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

    /**
     * Forward pass with a per-pose prior: pose i's weight is multiplied by its prior probability π_i = σ(d_i) (the
     * log-prior ℓ_i = ln π_i is added to the combination's logits; README, "A pose prior"). The result also holds the
     * prior coefficients e_i = ∂ŷ/∂d_i, so the backward reaches the parameters behind the d_i too.
     * <ul>
     *   <li>mean: ŷ = Σ p_i·y_i with p = softmax(ℓ) (π normalised); c_i = p_i; e_i = p_i·(y_i − ŷ)·(1 − π_i);</li>
     *   <li>LSE: a_i = s·t·y_i + ℓ_i, ŷ = s·logsumexp(a)/t; c_i = w_i = softmax(a)_i; e_i = (s/t)·w_i·(1 − π_i);</li>
     *   <li>Boltzmann: w = softmax(−y/kT + ℓ), ŷ = Σ w_i·y_i; c_i = w_i·(1 − (y_i − ŷ)/kT);
     *       e_i = w_i·(y_i − ŷ)·(1 − π_i).</li>
     * </ul>
     *
     * @param predictions y_i, length N ≥ 1, finite (kT)
     * @param poseLogits  d_i, one per pose, finite (e.g. gnina's pose head: l₁ − l₀, so π_i = CNNscore_i)
     * @throws IllegalArgumentException naming the pose when a value is not finite or the lengths differ
     */
    CombinationResult forward(double[] predictions, double[] poseLogits);

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

    /**
     * Backward onto the parameters when the result has pose logits (dictionary route):
     * Σ_i k_i·g_i + Σ_i m_i·h_i with k_i = dL/dŷ·c_i + dL/dy_i, m_i = dL/dŷ·e_i + dL/dd_i, g_i = ∂y_i/∂θ and
     * h_i = ∂d_i/∂θ. Without pose logits it is {@link #backward(CombinationResult, double, double[], List,
     * NDManager)} and {@code logitGradients} must be empty.
     *
     * @param loss           dL/dŷ, dL/dy_i and dL/dd_i of the compound's loss
     * @param poseGradients  g_i, one dictionary per pose, in pose order
     * @param logitGradients h_i, one dictionary per pose (same names and shapes as the g_i), or empty
     * @param manager        where the returned dictionary's arrays live
     * @throws IllegalArgumentException when a count differs from N
     */
    default GradientDictionary backward(CombinationResult forward, LossGradient loss,
            List<GradientDictionary> poseGradients, List<GradientDictionary> logitGradients, NDManager manager) {
        if (!forward.hasPoseLogits()) {
            if (!logitGradients.isEmpty() || loss.dLossDPoseLogits().length > 0) {
                throw new IllegalArgumentException("pose logit gradients given for a result without pose logits");
            }
            return backward(forward, loss.dLossDCombined(), loss.dLossDPoses(), poseGradients, manager);
        }
        int n = forward.poseCount();
        if (poseGradients.size() != n || logitGradients.size() != n) {
            throw new IllegalArgumentException(poseGradients.size() + " pose and " + logitGradients.size()
                    + " pose-logit gradient dictionaries for " + n + " poses; give one of each per pose, in pose"
                    + " order");
        }
        double[] k = backward(forward, loss.dLossDCombined(), loss.dLossDPoses());
        double[] m = forward.poseLogitLossGradients(loss.dLossDCombined(), loss.dLossDPoseLogits());
        double[] all = new double[2 * n];
        System.arraycopy(k, 0, all, 0, n);
        System.arraycopy(m, 0, all, n, n);
        List<GradientDictionary> dictionaries = new java.util.ArrayList<>(poseGradients);
        dictionaries.addAll(logitGradients);
        return GradientDictionary.linearCombination(all, dictionaries, manager);
    }
}
