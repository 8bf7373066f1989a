package org.multipose.combination;

/**
 * A per-pose prior probability given as a logit: pose i is a correct binding mode with probability
 * π_i = σ(d_i) = 1 / (1 + e^{−d_i}), where d_i is a pose classifier's logit margin (for gnina's pose head with logits
 * (l₀, l₁), d = l₁ − l₀ and π = softmax(l)₁ = CNNscore). The combinations take the log-prior ℓ_i = ln π_i as an
 * additive term of their logits, so a pose's weight is multiplied by π_i; their backward needs dℓ/dd = 1 − π.
 *
 * <p>Both are computed without cancellation for any finite d: ℓ = −softplus(−d) = −(max(−d, 0) + ln(1 + e^{−|d|})),
 * and 1 − π = σ(−d) from whichever exponential is ≤ 1.
 */
public final class PosePrior {

    private PosePrior() {
    }

    /** π = σ(d), the prior probability. */
    public static double probability(double d) {
        return d >= 0 ? 1.0 / (1.0 + Math.exp(-d)) : Math.exp(d) / (1.0 + Math.exp(d));
    }

    /** ℓ = ln σ(d), the log-prior (≤ 0). */
    public static double logPrior(double d) {
        return -(Math.max(-d, 0.0) + Math.log1p(Math.exp(-Math.abs(d))));
    }

    /** dℓ/dd = 1 − σ(d) = σ(−d). */
    public static double logPriorSlope(double d) {
        return probability(-d);
    }

    /** ℓ_i for every logit, after checking there is one finite logit per prediction. */
    static double[] logPriors(double[] poseLogits, int poses) {
        if (poseLogits.length != poses) {
            throw new IllegalArgumentException(poseLogits.length + " pose logits for " + poses
                    + " pose predictions; give one per pose, in pose order");
        }
        double[] l = new double[poses];
        for (int i = 0; i < poses; i++) {
            if (!Double.isFinite(poseLogits[i])) {
                throw new IllegalArgumentException("pose " + i + " of " + poses + ": pose logit is " + poseLogits[i]
                        + "; every pose logit must be finite (check the pose head's output for that pose)");
            }
            l[i] = logPrior(poseLogits[i]);
        }
        return l;
    }
}
