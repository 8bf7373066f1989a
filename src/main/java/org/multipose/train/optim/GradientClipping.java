package org.multipose.train.optim;

/**
 * Gradient clipping applied by an {@link Optimizer} before its update: first each component to [−maxValue, maxValue]
 * (torch.nn.utils.clip_grad_value_), then by global norm (torch.nn.utils.clip_grad_norm_): with N = √(Σ over all
 * parameters of Σ g²), every gradient is multiplied by maxNorm / (N + 1e−6) when that factor is below 1.
 *
 * @param maxNorm  global L2 norm limit; 0 = off
 * @param maxValue per-component limit; 0 = off
 */
public record GradientClipping(double maxNorm, double maxValue) {

    /** torch's guard against division by a zero norm. */
    public static final double NORM_EPSILON = 1e-6;

    public GradientClipping {
        if (!(maxNorm >= 0) || !(maxValue >= 0)) {
            throw new IllegalArgumentException("gradient clipping limits must be ≥ 0 (0 = off), got maxNorm "
                    + maxNorm + ", maxValue " + maxValue);
        }
    }

    /** No clipping. */
    public static GradientClipping none() {
        return new GradientClipping(0, 0);
    }

    /** Clip by global norm only. */
    public static GradientClipping byNorm(double maxNorm) {
        return new GradientClipping(maxNorm, 0);
    }

    /** Clip by value only. */
    public static GradientClipping byValue(double maxValue) {
        return new GradientClipping(0, maxValue);
    }
}
