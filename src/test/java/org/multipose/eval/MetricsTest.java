package org.multipose.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Metric values against literals from src/test/python/metrics_reference.py (numpy / scipy; scipy's kendalltau is
 * τ-b), undefined cases, censoring, and the bootstrap's pairing and percentile rule. Tolerance 1e-12 absolute on
 * values in [−3, 3] (the formulas differ from scipy's only in summation order).
 */
class MetricsTest {

    private static final double TOL = 1e-12;

    // A: ties in the predictions; B: ties in both and joint ties; C: negative, no ties.
    private static final double[] PA = {5.1, 6.3, 4.8, 7.2, 6.3, 5.9, 8.0, 4.8};
    private static final double[] MA = {5.0, 6.0, 5.5, 7.5, 6.1, 5.2, 7.9, 4.0};
    private static final double[] PB = {1, 2, 2, 3, 3, 3, 4, 5};
    private static final double[] MB = {1, 1, 2, 2, 3, 3, 3, 2};
    private static final double[] PC = {0.3, -1.2, 2.5, 0.9, -0.4, 1.7};
    private static final double[] MC = {2.0, 3.1, -0.5, 1.1, 2.2, 0.4};

    private static void check(double[] p, double[] m, double mae, double rmse, double r, double rho, double tau) {
        assertEquals(mae, Metric.MAE.compute(p, m), TOL);
        assertEquals(rmse, Metric.RMSE.compute(p, m), TOL);
        assertEquals(r, Metric.PEARSON.compute(p, m), TOL);
        assertEquals(rho, Metric.SPEARMAN.compute(p, m), TOL);
        assertEquals(tau, Metric.KENDALL.compute(p, m), TOL);
    }

    @Test
    void valuesMatchScipyWithTiesInPredictions() {
        check(PA, MA, 0.3999999999999999, 0.4821825380496477, 0.9259007111834934, 0.8916309815169778,
                0.8153742483272113);
    }

    @Test
    void valuesMatchScipyWithTiesInBoth() {
        check(PB, MB, 0.75, 1.224744871391589, 0.5665288228870652, 0.630082708387782, 0.5345224838248488);
    }

    @Test
    void valuesMatchScipyForANegativeMonotoneRelation() {
        check(PC, MC, 2.183333333333333, 2.5452570269686583, -0.9923269124103316, -1.0, -0.9999999999999999);
    }

    @Test
    void averageRanksMatchScipyRankdata() {
        assertArrayEquals(new double[] {4.0, 1.5, 5.0, 1.5, 6.5, 9.0, 3.0, 8.0, 6.5},
                Correlation.averageRanks(new double[] {3, 1, 4, 1, 5, 9, 2, 6, 5}), 0.0);
    }

    /** The O(n log n) τ-b against the O(n²) definition, on data with many ties (values in 0..4). */
    @Test
    void kendallMatchesTheQuadraticDefinitionUnderHeavyTies() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + rng.nextInt(60);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextInt(5);
                y[i] = trial % 2 == 0 ? rng.nextInt(5) : x[i] + rng.nextInt(3) - 1;
            }
            assertEquals(tauBQuadratic(x, y), Correlation.kendallTauB(x, y), TOL, "trial " + trial);
        }
    }

    @Test
    void negativeZeroTiesWithZero() {
        double[] x = {-0.0, 0.0, 1.0};
        double[] y = {1.0, 2.0, 3.0};
        assertEquals(2 / Math.sqrt(6), Correlation.kendallTauB(x, y), TOL); // C = 2, D = 0, one tie in x
        assertArrayEquals(new double[] {1.5, 1.5, 3.0}, Correlation.averageRanks(x), 0.0);
    }

    /** The bootstrap's shortcut (dense-rank codes of the full data reused per resample) equals recomputing. */
    @Test
    void resampleShortcutEqualsFullComputation() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 40;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextInt(8) * 0.5;
            y[i] = x[i] + rng.nextInt(5);
        }
        int[] cx = Correlation.denseRanks(x);
        int[] cy = Correlation.denseRanks(y);
        for (int r = 0; r < 50; r++) {
            double[] px = new double[n];
            double[] py = new double[n];
            int[] qx = new int[n];
            int[] qy = new int[n];
            for (int i = 0; i < n; i++) {
                int j = rng.nextInt(n);
                px[i] = x[j];
                py[i] = y[j];
                qx[i] = cx[j];
                qy[i] = cy[j];
            }
            for (Metric m : Metric.values()) {
                assertEquals(m.compute(px, py), m.computeResample(px, py, qx, qy, n), 1e-15, m + " resample " + r);
            }
        }
    }

    /** τ-b straight from its definition: (concordant − discordant) / √((n₀ − ties in x)(n₀ − ties in y)). */
    private static double tauBQuadratic(double[] x, double[] y) {
        long c = 0;
        long d = 0;
        long tx = 0;
        long ty = 0;
        long n0 = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                n0++;
                double s = Math.signum(x[i] - x[j]) * Math.signum(y[i] - y[j]);
                if (s > 0) {
                    c++;
                } else if (s < 0) {
                    d++;
                }
                if (x[i] == x[j]) {
                    tx++;
                }
                if (y[i] == y[j]) {
                    ty++;
                }
            }
        }
        double den = Math.sqrt((double) (n0 - tx) * (n0 - ty));
        return den == 0 ? Double.NaN : (c - d) / den;
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        double[] v = {0.3, -1.2, 2.5, 0.9, -0.4, 1.7, 3.3, 0.0, 1.1};
        java.util.Arrays.sort(v);
        assertEquals(-1.04, Bootstrap.percentile(v, v.length, 0.025), TOL);
        assertEquals(3.1399999999999997, Bootstrap.percentile(v, v.length, 0.975), TOL);
        assertEquals(0.9, Bootstrap.percentile(v, v.length, 0.5), TOL);
        assertEquals(-0.5599999999999999, Bootstrap.percentile(v, v.length, 0.1), TOL);
        assertEquals(3.3, Bootstrap.percentile(v, v.length, 1.0), 0.0);
        assertEquals(7.0, Bootstrap.percentile(new double[] {7.0}, 1, 0.025), 0.0);
    }

    @Test
    void constantInputsGiveFlaggedNaNNotACrash() {
        double[] p = {5, 5, 5, 5};
        double[] m = {4, 5, 6, 7};
        MetricReport r = MetricReport.evaluate(p, m, new boolean[4], BootstrapOptions.withSeed(1));
        for (Metric c : List.of(Metric.PEARSON, Metric.SPEARMAN, Metric.KENDALL)) {
            MetricEstimate e = r.get(c);
            assertFalse(e.defined());
            assertTrue(Double.isNaN(e.value()));
            assertEquals("the predictions are constant", e.undefined());
            assertEquals(1000, e.undefinedResamples()); // every resample of a constant is constant
            assertTrue(Double.isNaN(e.lower()) && Double.isNaN(e.upper()));
        }
        assertEquals("Pearson r undefined: the predictions are constant (n = 4)", r.get(Metric.PEARSON).toString());
        assertTrue(r.get(Metric.MAE).defined());
        assertEquals(1.0, r.get(Metric.MAE).value(), TOL); // (1 + 0 + 1 + 2) / 4
        assertEquals("the measured values are constant",
                MetricReport.evaluate(m, p, new boolean[4], BootstrapOptions.withSeed(1)).get(Metric.KENDALL)
                        .undefined());
        assertTrue(Double.isNaN(Correlation.pearson(p, m)));
        assertTrue(Double.isNaN(Correlation.spearman(p, m)));
        assertTrue(Double.isNaN(Correlation.kendallTauB(p, m)));
    }

    @Test
    void tooFewPairs() {
        MetricReport one = MetricReport.evaluate(new double[] {1}, new double[] {2}, new boolean[1],
                BootstrapOptions.withSeed(1));
        assertEquals("needs at least 3 labels (two always correlate perfectly), got 1",
                one.get(Metric.SPEARMAN).undefined());
        assertEquals(1.0, one.get(Metric.RMSE).value(), 0.0);
        // two pairs: ρ would be +1 on every resample, an interval [1, 1] that says nothing; RMSE is still defined
        MetricReport two = MetricReport.evaluate(new double[] {1, 2}, new double[] {3, 5}, new boolean[2],
                BootstrapOptions.withSeed(1));
        assertEquals("needs at least 3 labels (two always correlate perfectly), got 2",
                two.get(Metric.SPEARMAN).undefined());
        assertEquals("Pearson r undefined: needs at least 3 labels (two always correlate perfectly), got 2 (n = 2)",
                two.get(Metric.PEARSON).toString());
        assertEquals(Math.sqrt((4 + 9) / 2.0), two.get(Metric.RMSE).value(), 1e-15);
        MetricReport none = MetricReport.evaluate(new double[0], new double[0], new boolean[0],
                BootstrapOptions.withSeed(1));
        assertEquals("no labels", none.get(Metric.MAE).undefined());
        assertEquals(0, none.get(Metric.MAE).resamples());
    }

    @Test
    void censoredLabelsAreExcludedByDefaultAndCounted() {
        double[] p = {5.1, 6.3, 4.8, 7.2, 6.3, 5.9, 8.0, 4.8, 9.0, 3.0};
        double[] m = {5.0, 6.0, 5.5, 7.5, 6.1, 5.2, 7.9, 4.0, 4.0, 9.0};
        boolean[] censored = {false, false, false, false, false, false, false, false, true, true};
        MetricReport r = MetricReport.evaluate(p, m, censored, BootstrapOptions.withSeed(3));
        assertEquals(10, r.labels());
        assertEquals(2, r.censoredExcluded());
        assertEquals(8, r.used());
        assertEquals(0.9259007111834934, r.get(Metric.PEARSON).value(), TOL); // fixture A = the uncensored pairs
        assertEquals(8, r.get(Metric.PEARSON).n());
        MetricReport all = MetricReport.evaluate(p, m, censored, true, BootstrapOptions.withSeed(3));
        assertEquals(0, all.censoredExcluded());
        assertEquals(10, all.get(Metric.MAE).n());
    }

    /** Pairs stay together: predictions equal to the labels give MAE 0 and r 1 on every resample. */
    @Test
    void bootstrapKeepsPairsTogether() {
        double[] v = {1.0, 2.5, 0.3, 4.2, 3.3, 2.2};
        List<MetricEstimate> es = Bootstrap.estimate(v, v, List.of(Metric.MAE, Metric.PEARSON),
                BootstrapOptions.withSeed(5));
        assertEquals(0.0, es.get(0).lower(), 0.0);
        assertEquals(0.0, es.get(0).upper(), 0.0);
        assertEquals(1.0, es.get(1).lower(), 1e-15);
        assertEquals(1.0, es.get(1).upper(), 1e-15);
    }

    @Test
    void intervalsAreReproducibleBySeedAndResampleCountIsConfigurable() {
        MetricEstimate a = Bootstrap.estimate(PA, MA, List.of(Metric.SPEARMAN), BootstrapOptions.withSeed(11)).get(0);
        MetricEstimate b = Bootstrap.estimate(PA, MA, List.of(Metric.SPEARMAN), BootstrapOptions.withSeed(11)).get(0);
        MetricEstimate c = Bootstrap.estimate(PA, MA, List.of(Metric.SPEARMAN), BootstrapOptions.withSeed(12)).get(0);
        assertEquals(a, b);
        assertNotEquals(a.lower(), c.lower());
        MetricEstimate small = Bootstrap.estimate(PA, MA, List.of(Metric.SPEARMAN),
                new BootstrapOptions(50, 11, 0.9)).get(0);
        assertEquals(50, small.resamples());
        assertEquals(0.9, small.confidence());
        assertTrue(a.lower() <= a.upper());
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Metric.MAE.compute(new double[2], new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> Correlation.pearson(new double[] {1, Double.NaN}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapOptions(0, 1, 0.95));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapOptions(10, 1, 1.0));
    }
}
