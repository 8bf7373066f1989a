package org.multipose.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap intervals cover the truth at about their nominal rate on simulated data with a known truth:
 * (x, y) standard bivariate normal with correlation ρ = 0.6, for which Pearson r = ρ, Spearman ρ_s = (6/π)·asin(ρ/2),
 * Kendall τ = (2/π)·asin(ρ), and for the error x − y ~ N(0, 2(1 − ρ)): RMSE = √(2(1 − ρ)), MAE = RMSE·√(2/π)
 * (literals from src/test/python/metrics_reference.py). A 95 % interval must cover in 90–99 % of the datasets.
 * Seeded, so deterministic. Not a lucky seed: over seeds 1–12 the first test's coverages ranged 91.8–96.5 %
 * (means: Pearson 94.1 %, MAE 94.6 %, RMSE 93.5 %), the second's 93–98 % (Spearman 95.3 %, Kendall 95.8 %).
 */
class BootstrapCoverageTest {

    private static final double RHO = 0.6;

    private static double[][] bivariateNormal(SplittableRandom rng, int n) {
        double[][] xy = new double[2][n];
        double s = Math.sqrt(1 - RHO * RHO);
        for (int i = 0; i < n; i++) {
            double z1 = rng.nextGaussian();
            double z2 = rng.nextGaussian();
            xy[0][i] = z1;
            xy[1][i] = RHO * z1 + s * z2;
        }
        return xy;
    }

    /** Fraction of datasets whose interval covers the truth, per metric. */
    private static double[] coverage(List<Metric> metrics, double[] truth, int datasets, int n, int resamples,
            long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] covered = new int[metrics.size()];
        for (int d = 0; d < datasets; d++) {
            double[][] xy = bivariateNormal(rng, n);
            List<MetricEstimate> es = Bootstrap.estimate(xy[0], xy[1], metrics,
                    new BootstrapOptions(resamples, rng.nextLong(), 0.95));
            for (int k = 0; k < metrics.size(); k++) {
                if (es.get(k).lower() <= truth[k] && truth[k] <= es.get(k).upper()) {
                    covered[k]++;
                }
            }
        }
        double[] out = new double[metrics.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = covered[k] / (double) datasets;
        }
        return out;
    }

    @Test
    void pearsonMaeRmseIntervalsCoverTheTruth() {
        List<Metric> metrics = List.of(Metric.PEARSON, Metric.MAE, Metric.RMSE);
        double[] truth = {RHO, 0.7136496464611085, 0.8944271909999159};
        double[] cov = coverage(metrics, truth, 600, 100, 1000, 1);
        for (int k = 0; k < cov.length; k++) {
            assertTrue(cov[k] >= 0.90 && cov[k] <= 0.99, metrics.get(k) + " coverage " + cov[k]);
        }
    }

    @Test
    void rankCorrelationIntervalsCoverTheTruth() {
        List<Metric> metrics = List.of(Metric.SPEARMAN, Metric.KENDALL);
        double[] truth = {0.5819201041240697, 0.4096655293982669};
        double[] cov = coverage(metrics, truth, 200, 50, 400, 1);
        for (int k = 0; k < cov.length; k++) {
            assertTrue(cov[k] >= 0.90 && cov[k] <= 0.99, metrics.get(k) + " coverage " + cov[k]);
        }
    }
}
