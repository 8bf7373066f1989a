package org.multipose.train.loss;

import org.multipose.combination.LossGradient;

/**
 * gnina's own pose loss on its own pose head: per pose, the two-class cross-entropy of the pose logits (l₀, l₁)
 * against the pose's class, good (1) when its RMSD to the reference is at most the threshold (2 Å by default, gnina's
 * label), bad (0) otherwise; the compound's loss is the mean over its N poses. With d = l₁ − l₀ and π = σ(d)
 * (CNNscore), −ln softmax(l)_g = softplus(d) − g·d, so
 * <pre>
 *   L = (1/N) Σ_i [softplus(d_i) − g_i·d_i],        dL/dd_i = (σ(d_i) − g_i) / N
 * </pre>
 * (softplus computed as max(d, 0) + ln(1 + e^{−|d|})). It acts on the pose logits only, never on the free energies
 * y_i; {@link PoseCrossEntropy} is the loss that ranks poses by y. Needs the pose head's logits in the loss input
 * and an RMSD per pose.
 */
public final class PoseClassLoss implements LossTerm {

    private final double threshold;

    /** @param threshold poses with an RMSD above it (Å) are bad, &gt; 0 */
    public PoseClassLoss(double threshold) {
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("pose classification RMSD threshold must be finite and > 0 Å, got "
                    + threshold);
        }
        this.threshold = threshold;
    }

    /** Needs each pose's RMSD. */
    @Override
    public LossNeeds needs() {
        return new LossNeeds(false, true);
    }

    @Override
    public String name() {
        return "pose_class";
    }

    @Override
    public LossGradient evaluate(LossInput in) {
        int n = in.poseCount();
        double[] d = in.poseLogits();
        if (d.length != n) {
            throw new IllegalArgumentException("pose classification needs the pose head's logits for each of the " + n
                    + " poses, got " + d.length + "; use a model with a pose head (model.pretrained gives one)");
        }
        double[] rmsd = in.target().poseRmsd();
        if (rmsd.length != n) {
            throw new IllegalArgumentException("pose classification needs an RMSD for each of the " + n
                    + " poses, got " + rmsd.length + "; add an RMSD tag to the poses or drop this loss");
        }
        double value = 0;
        double[] grad = new double[n];
        for (int i = 0; i < n; i++) {
            double g = rmsd[i] <= threshold ? 1.0 : 0.0;
            double softplus = Math.max(d[i], 0.0) + Math.log1p(Math.exp(-Math.abs(d[i])));
            value += softplus - g * d[i];
            grad[i] = (org.multipose.combination.PosePrior.probability(d[i]) - g) / n;
        }
        return new LossGradient(value / n, 0, new double[n], grad);
    }
}
