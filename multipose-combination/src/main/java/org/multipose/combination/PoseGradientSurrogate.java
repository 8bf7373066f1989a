package org.multipose.combination;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The batched route's scalar: S = Σ_i k_i·y_i with k_i = dL/dŷ·c_i + dL/dy_i held constant. Its gradient is
 * ∂S/∂θ = Σ_i k_i·∂y_i/∂θ, the combined gradient, so one backward of S replaces N per-pose backwards and the N stored
 * gradient dictionaries. S's value means nothing; only its gradient does.
 *
 * <p>The k_i must come from the same forward values the graph holds; when poses are re-run pose by pose for the
 * backward, the model must be deterministic between the passes (no dropout, BatchNorm in a fixed mode).
 */
public final class PoseGradientSurrogate {

    private PoseGradientSurrogate() {
    }

    /**
     * S = Σ_i k_i·y_i as a 0-d array on the autograd graph of {@code predictions}, in its manager and data type.
     *
     * @param predictions       the model's pose predictions still attached to the graph: N elements in pose order,
     *                          any shape (e.g. (N, 1)); or a single pose's prediction with one element
     * @param poseLossGradients k_i, one per element (from {@link CombinationResult#poseLossGradients})
     * @throws IllegalArgumentException if the element count differs from the number of k_i
     */
    public static NDArray of(NDArray predictions, double[] poseLossGradients) {
        long n = predictions.size();
        if (n != poseLossGradients.length) {
            throw new IllegalArgumentException("predictions have " + n + " elements (shape "
                    + predictions.getShape() + ") for " + poseLossGradients.length
                    + " pose loss gradients; give one k_i per pose prediction");
        }
        NDManager m = predictions.getManager();
        NDArray k = m.create(poseLossGradients).toType(predictions.getDataType(), false);
        return predictions.reshape(n).mul(k).sum();
    }

    /**
     * S = Σ_i k_i·y_i + Σ_i m_i·d_i, with m_i = dL/dŷ·e_i + dL/dd_i held constant too
     * ({@link CombinationResult#poseLogitLossGradients}): the batched route when the combination has a pose prior or
     * a loss acts on the pose logits. ∂S/∂θ = Σ k_i·∂y_i/∂θ + Σ m_i·∂d_i/∂θ, the combined gradient. Either term may
     * be off the graph (a frozen head): it then adds a constant.
     *
     * @param predictions y_i on the graph (N elements)
     * @param logits      d_i on the graph (N elements), in the same manager
     * @throws IllegalArgumentException if an element count differs from N
     */
    public static NDArray of(NDArray predictions, double[] poseLossGradients, NDArray logits,
            double[] poseLogitLossGradients) {
        long n = logits.size();
        if (n != poseLogitLossGradients.length) {
            throw new IllegalArgumentException("pose logits have " + n + " elements (shape " + logits.getShape()
                    + ") for " + poseLogitLossGradients.length + " pose-logit loss gradients; give one m_i per pose");
        }
        NDManager m = logits.getManager();
        NDArray coefficients = m.create(poseLogitLossGradients).toType(logits.getDataType(), false);
        return of(predictions, poseLossGradients).add(logits.reshape(n).mul(coefficients).sum());
    }

    /** S = k·y for one pose (pose-by-pose accumulation: call backward on each, without zeroing between). */
    public static NDArray of(NDArray prediction, double poseLossGradient) {
        return of(prediction, new double[] {poseLossGradient});
    }
}
