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

    /** S = k·y for one pose (pose-by-pose accumulation: call backward on each, without zeroing between). */
    public static NDArray of(NDArray prediction, double poseLossGradient) {
        return of(prediction, new double[] {poseLossGradient});
    }
}
