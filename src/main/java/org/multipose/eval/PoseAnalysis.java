package org.multipose.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.multipose.data.CompoundKey;

/**
 * Does the combination put its weight on the right poses? Over the compounds whose every pose has an RMSD to a
 * reference: how often the top-weight pose is a lowest-RMSD pose, against how often the docking program's
 * top-ranked pose is (lowest {@code dock_score} when every pose has one, else pose index 1 = rank 1 in the source
 * file); how often each is within {@value #THRESHOLD} Å; and the mean total weight on poses within
 * {@value #THRESHOLD} Å against the mean fraction of such poses (the weight a plain mean would give them). The two
 * differences get percentile bootstrap intervals over compounds (same resampling rule and seed as the metrics).
 *
 * @param compounds            compounds analysed (every pose has an RMSD)
 * @param poses                their poses
 * @param topDockByScore       compounds whose top-ranked pose was chosen by dock_score (the rest: pose index 1)
 * @param topWeightLowestRmsd  compounds whose top-weight pose has the lowest RMSD (ties count)
 * @param topDockLowestRmsd    compounds whose top-ranked docking pose has the lowest RMSD (ties count)
 * @param lowestRmsdDifference interval of (topWeightLowestRmsd − topDockLowestRmsd) / compounds
 * @param topWeightBelow       compounds whose top-weight pose is within the threshold
 * @param topDockBelow         compounds whose top-ranked docking pose is within the threshold
 * @param anyBelow             compounds with any pose within the threshold
 * @param meanWeightBelow      mean over compounds of the summed weight of poses within the threshold
 * @param meanFractionBelow    mean over compounds of the fraction of poses within the threshold
 * @param weightBelowExcess    interval of meanWeightBelow − meanFractionBelow
 * @param resamples            bootstrap resamples
 * @param confidence           nominal coverage of the intervals
 */
public record PoseAnalysis(int compounds, int poses, int topDockByScore, int topWeightLowestRmsd,
        int topDockLowestRmsd, Interval lowestRmsdDifference, int topWeightBelow, int topDockBelow, int anyBelow,
        double meanWeightBelow, double meanFractionBelow, Interval weightBelowExcess, int resamples,
        double confidence) {

    /** RMSD (Å) under which a pose counts as near the reference. */
    public static final double THRESHOLD = 2.0;

    /** A point estimate with its bootstrap interval. */
    public record Interval(double value, double lower, double upper) {}

    /** Fraction of compounds whose top-weight pose has the lowest RMSD. */
    public double topWeightLowestRmsdRate() {
        return topWeightLowestRmsd / (double) compounds;
    }

    /** Fraction of compounds whose top-ranked docking pose has the lowest RMSD. */
    public double topDockLowestRmsdRate() {
        return topDockLowestRmsd / (double) compounds;
    }

    /**
     * The analysis of {@code compounds} (poses looked up in {@code poses}); empty when no compound has an RMSD on
     * every pose.
     */
    public static Optional<PoseAnalysis> of(List<CompoundPrediction> compounds,
            Map<CompoundKey, List<PosePrediction>> poses, BootstrapOptions options) {
        List<double[]> rows = new ArrayList<>(); // per compound: hitW, hitD, belowW, belowD, any, wBelow, fBelow
        int poseCount = 0;
        int byScore = 0;
        for (CompoundPrediction c : compounds) {
            List<PosePrediction> ps = poses.getOrDefault(c.key(), List.of());
            if (ps.isEmpty() || !ps.stream().allMatch(p -> p.rmsd().isPresent())) {
                continue;
            }
            boolean scored = ps.stream().allMatch(p -> p.dockScore().isPresent());
            PosePrediction top = null;
            PosePrediction ranked = null;
            double best = Double.POSITIVE_INFINITY;
            double weightBelow = 0;
            int below = 0;
            for (PosePrediction p : ps) {
                double r = p.rmsd().getAsDouble();
                best = Math.min(best, r);
                if (r < THRESHOLD) {
                    weightBelow += p.weight();
                    below++;
                }
                if (p.poseIndex() == c.topPose()) {
                    top = p;
                }
                if (ranked == null || rankedBefore(p, ranked, scored)) {
                    ranked = p;
                }
            }
            double rw = top.rmsd().getAsDouble(); // the table guarantees topPose is among the poses
            double rd = ranked.rmsd().getAsDouble();
            rows.add(new double[] {rw <= best ? 1 : 0, rd <= best ? 1 : 0, rw < THRESHOLD ? 1 : 0,
                rd < THRESHOLD ? 1 : 0, below > 0 ? 1 : 0, weightBelow, below / (double) ps.size()});
            poseCount += ps.size();
            byScore += scored ? 1 : 0;
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        int n = rows.size();
        double[][] col = new double[7][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 7; k++) {
                col[k][i] = rows.get(i)[k];
            }
        }
        double[] hitDiff = new double[n];
        double[] weightExcess = new double[n];
        for (int i = 0; i < n; i++) {
            hitDiff[i] = col[0][i] - col[1][i];
            weightExcess[i] = col[5][i] - col[6][i];
        }
        return Optional.of(new PoseAnalysis(n, poseCount, byScore, (int) sum(col[0]), (int) sum(col[1]),
                meanInterval(hitDiff, options), (int) sum(col[2]), (int) sum(col[3]), (int) sum(col[4]),
                sum(col[5]) / n, sum(col[6]) / n, meanInterval(weightExcess, options), options.resamples(),
                options.confidence()));
    }

    /** Docking rank order: lower score first (then lower index) when scored, else lower pose index. */
    private static boolean rankedBefore(PosePrediction p, PosePrediction q, boolean scored) {
        if (scored) {
            double a = p.dockScore().getAsDouble();
            double b = q.dockScore().getAsDouble();
            if (a != b) {
                return a < b;
            }
        }
        return p.poseIndex() < q.poseIndex();
    }

    /** The mean of v with its percentile bootstrap interval (the resampling rule of {@link Bootstrap}). */
    static Interval meanInterval(double[] v, BootstrapOptions options) {
        int n = v.length;
        SplittableRandom rng = new SplittableRandom(options.seed());
        double[] means = new double[options.resamples()];
        for (int r = 0; r < means.length; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += v[rng.nextInt(n)];
            }
            means[r] = s / n;
        }
        Arrays.sort(means);
        double alpha = 1 - options.confidence();
        return new Interval(sum(v) / n, Bootstrap.percentile(means, means.length, alpha / 2),
                Bootstrap.percentile(means, means.length, 1 - alpha / 2));
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
