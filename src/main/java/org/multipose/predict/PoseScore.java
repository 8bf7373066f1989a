package org.multipose.predict;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * One pose's scores from an ensemble of per-pose networks (one member is an ensemble of one), with gnina's
 * definitions of what an ensemble reports (gnina's {@code CNNTorchScorer::score}): the mean over members of each
 * member's value, and the population variance (divided by the member count, not count − 1) of the members'
 * affinities.
 *
 * @param memberY     each member's predicted free energy y, kT (lower = tighter)
 * @param memberScore each member's pose score (softmax of the pose head, class 1 = good pose) in [0, 1]; empty when
 *                    the networks have no pose head
 */
public record PoseScore(double[] memberY, double[] memberScore) {

    private static final double LN10 = Math.log(10.0);

    public PoseScore {
        if (memberY.length == 0) {
            throw new IllegalArgumentException("no member prediction");
        }
        if (memberScore.length != 0 && memberScore.length != memberY.length) {
            throw new IllegalArgumentException(memberScore.length + " pose scores for " + memberY.length
                    + " members");
        }
        memberY = memberY.clone();
        memberScore = memberScore.clone();
    }

    @Override
    public double[] memberY() {
        return memberY.clone();
    }

    @Override
    public double[] memberScore() {
        return memberScore.clone();
    }

    /** Number of members. */
    public int members() {
        return memberY.length;
    }

    /** The members' mean y, kT. */
    public double y() {
        return mean(memberY);
    }

    /** Member m's affinity as pK = −y/ln 10. */
    public double memberAffinity(int m) {
        return -memberY[m] / LN10;
    }

    /** gnina's CNNaffinity: the members' mean pK (= −y()/ln 10). */
    public double affinity() {
        double s = 0;
        for (int m = 0; m < memberY.length; m++) {
            s += memberAffinity(m);
        }
        return s / memberY.length;
    }

    /** gnina's CNNaffinity_variance: Σ_m (pK_m − mean)² / M, pK² units; 0 for a single member. */
    public double affinityVariance() {
        double mean = affinity();
        double s = 0;
        for (int m = 0; m < memberY.length; m++) {
            double d = memberAffinity(m) - mean;
            s += d * d;
        }
        return s / memberY.length;
    }

    /** gnina's CNNscore: the members' mean pose score; empty without a pose head. */
    public OptionalDouble score() {
        return memberScore.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(mean(memberScore));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoseScore p && Arrays.equals(memberY, p.memberY) && Arrays.equals(memberScore,
                p.memberScore);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(memberY) + Arrays.hashCode(memberScore);
    }

    @Override
    public String toString() {
        return "PoseScore" + Arrays.toString(memberY) + Arrays.toString(memberScore);
    }
}
