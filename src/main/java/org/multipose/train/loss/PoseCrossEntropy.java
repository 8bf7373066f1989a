package org.multipose.train.loss;

import org.multipose.combination.LossGradient;

/**
 * Cross-entropy between the pose distribution implied by the per-pose free energies and a pose label from RMSDs.
 * Logits z_i = −y_i / T (T = temperature in kT; lower free energy → more probable pose), π = softmax(z), target q:
 * <pre>
 *   ONE_HOT:        q = 1 on the lowest-RMSD pose (the first on ties), 0 elsewhere
 *   INVERSE_RMSD:   q_i = (1 / max(r_i, floor)) / Σ_j (1 / max(r_j, floor))
 *   L = −Σ q_i ln π_i = logsumexp(z) − Σ q_i z_i,      dL/dy_i = −(π_i − q_i) / T
 * </pre>
 * The logsumexp is computed stably. Needs an RMSD per pose: a compound without them is an error, so the loop must
 * check that the dataset has an RMSD tag before choosing this loss.
 */
public final class PoseCrossEntropy implements LossTerm {

    /** How RMSDs become a target distribution. */
    public enum Target { ONE_HOT, INVERSE_RMSD }

    private final double temperature;
    private final Target target;
    private final double rmsdFloor;

    /**
     * @param temperature T &gt; 0 (kT units; 1 = the free energies as they are)
     * @param target      how to build q
     * @param rmsdFloor   smallest RMSD used for INVERSE_RMSD (Å), &gt; 0, e.g. 0.1
     */
    public PoseCrossEntropy(double temperature, Target target, double rmsdFloor) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("pose cross-entropy temperature must be finite and > 0, got "
                    + temperature);
        }
        if (!(rmsdFloor > 0)) {
            throw new IllegalArgumentException("pose cross-entropy RMSD floor must be > 0 Å, got " + rmsdFloor);
        }
        this.temperature = temperature;
        this.target = target;
        this.rmsdFloor = rmsdFloor;
    }

    /** Needs each pose's RMSD. */
    @Override
    public LossNeeds needs() {
        return new LossNeeds(false, true);
    }

    @Override
    public String name() {
        return "pose_ce";
    }

    /** The target distribution q for these RMSDs. */
    public double[] targetDistribution(double[] rmsd) {
        int n = rmsd.length;
        double[] q = new double[n];
        if (target == Target.ONE_HOT) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (rmsd[i] < rmsd[best]) {
                    best = i;
                }
            }
            q[best] = 1;
            return q;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            q[i] = 1 / Math.max(rmsd[i], rmsdFloor);
            sum += q[i];
        }
        for (int i = 0; i < n; i++) {
            q[i] /= sum;
        }
        return q;
    }

    @Override
    public LossGradient evaluate(LossInput in) {
        int n = in.poseCount();
        double[] rmsd = in.target().poseRmsd();
        if (rmsd.length != n) {
            throw new IllegalArgumentException("pose cross-entropy needs an RMSD for each of the " + n
                    + " poses, got " + rmsd.length + "; add an RMSD tag to the poses or drop this loss");
        }
        double[] z = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            z[i] = -in.pose(i) / temperature;
            max = Math.max(max, z[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(z[i] - max);
        }
        double lse = max + Math.log(sum);
        double[] q = targetDistribution(rmsd);
        double value = lse;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            value -= q[i] * z[i];
            double pi = Math.exp(z[i] - lse);
            d[i] = -(pi - q[i]) / temperature;
        }
        return new LossGradient(value, 0, d);
    }
}
