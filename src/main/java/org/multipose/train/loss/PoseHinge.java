package org.multipose.train.loss;

import org.multipose.combination.LossGradient;

/**
 * gnina's hinge for bad poses: a pose with RMSD above the threshold (2 Å by default) cannot bind more tightly than
 * the measured affinity, so only predictions tighter than the label are penalised. Per pose, p_i = r(y_i) (the
 * readout applied to that pose alone) and slope = dr/dy at y_i:
 * <pre>
 *   bad = { i : r_i &gt; threshold },  tighter ⇔ y_i &lt; y* ⇔ slope·(p_i − v) &lt; 0
 *   L = (1/|bad|) Σ_{i ∈ bad, tighter} (p_i − v)²         (0 when no pose is bad)
 *   dL/dy_i = 2(p_i − v)·slope / |bad|  for those poses, else 0
 * </pre>
 * Averaging over the bad poses keeps the scale independent of how many there are. Needs an RMSD per pose.
 */
public final class PoseHinge implements LossTerm {

    /** gnina's RMSD cut between good and bad poses, Å. */
    public static final double GNINA_THRESHOLD = 2.0;

    private final double threshold;

    /** @param rmsdThreshold poses above this RMSD (Å) are bad, > 0 */
    public PoseHinge(double rmsdThreshold) {
        if (!(rmsdThreshold > 0)) {
            throw new IllegalArgumentException("hinge RMSD threshold must be > 0 Å, got " + rmsdThreshold);
        }
        this.threshold = rmsdThreshold;
    }

    /** Needs each pose's RMSD. */
    @Override
    public LossNeeds needs() {
        return new LossNeeds(false, true);
    }

    @Override
    public String name() {
        return "pose_hinge";
    }

    @Override
    public LossGradient evaluate(LossInput in) {
        int n = in.poseCount();
        double[] rmsd = in.target().poseRmsd();
        if (rmsd.length != n) {
            throw new IllegalArgumentException("the pose hinge needs an RMSD for each of the " + n + " poses, got "
                    + rmsd.length + "; add an RMSD tag to the poses or drop this loss");
        }
        int bad = 0;
        for (double r : rmsd) {
            if (r > threshold) {
                bad++;
            }
        }
        double[] d = new double[n];
        if (bad == 0) {
            return new LossGradient(0, 0, d);
        }
        double v = in.target().value();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (rmsd[i] > threshold) {
                double slope = in.readout().derivative(in.pose(i));
                double r = in.readout().apply(in.pose(i)) - v;
                if (slope * r < 0) {
                    sum += r * r;
                    d[i] = 2 * r * slope / bad;
                }
            }
        }
        return new LossGradient(sum / bad, 0, d);
    }
}
