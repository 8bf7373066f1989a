package org.multipose.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Paired percentile bootstrap confidence intervals for {@link Metric}s.
 *
 * <p>Method: draw B resamples (B = {@link BootstrapOptions#resamples()}, 1000 by default) of the n
 * (prediction, measurement) pairs with replacement, keeping each pair together; compute every metric on each
 * resample (all metrics share the same resamples); the interval is the ((1 − c)/2, (1 + c)/2) percentiles of the B
 * resampled values (c = 0.95 by default), with linear interpolation between order statistics (numpy's default,
 * "type 7"). Resamples on which a metric is undefined (a correlation of a resample whose values are all equal) are
 * left out of that metric's interval and counted. The resampling stream is a {@link SplittableRandom} seeded by
 * {@link BootstrapOptions#seed()}, so an interval is reproducible.
 */
public final class Bootstrap {

    private Bootstrap() {}

    /** Each metric on all pairs, with its paired percentile bootstrap interval; one estimate per metric, in order. */
    public static List<MetricEstimate> estimate(double[] predicted, double[] measured, List<Metric> metrics,
            BootstrapOptions options) {
        int n = Correlation.checkPaired(predicted, measured);
        int m = metrics.size();
        int b = options.resamples();
        double[][] values = new double[m][b];
        int[] defined = new int[m];
        if (n > 0) {
            SplittableRandom rng = new SplittableRandom(options.seed());
            int[] codesP = Correlation.denseRanks(predicted); // a resample's values keep these codes
            int[] codesY = Correlation.denseRanks(measured);
            double[] p = new double[n];
            double[] y = new double[n];
            int[] cp = new int[n];
            int[] cy = new int[n];
            for (int r = 0; r < b; r++) {
                for (int i = 0; i < n; i++) {
                    int j = rng.nextInt(n);
                    p[i] = predicted[j];
                    y[i] = measured[j];
                    cp[i] = codesP[j];
                    cy[i] = codesY[j];
                }
                for (int k = 0; k < m; k++) {
                    double v = metrics.get(k).computeResample(p, y, cp, cy, n);
                    if (!Double.isNaN(v)) {
                        values[k][defined[k]++] = v;
                    }
                }
            }
        }
        double alpha = 1 - options.confidence();
        List<MetricEstimate> out = new ArrayList<>(m);
        for (int k = 0; k < m; k++) {
            Metric metric = metrics.get(k);
            String why = metric.undefinedReason(predicted, measured);
            double value = why.isEmpty() ? metric.compute(predicted, measured) : Double.NaN;
            double lo = Double.NaN;
            double hi = Double.NaN;
            if (defined[k] > 0) {
                Arrays.sort(values[k], 0, defined[k]);
                lo = percentile(values[k], defined[k], alpha / 2);
                hi = percentile(values[k], defined[k], 1 - alpha / 2);
            }
            out.add(new MetricEstimate(metric, value, lo, hi, options.confidence(), n, n > 0 ? b : 0,
                    n > 0 ? b - defined[k] : 0, why));
        }
        return out;
    }

    /**
     * The q-quantile (q in [0, 1]) of the first {@code count} values of {@code sorted} (ascending), interpolating
     * linearly between order statistics: numpy.percentile's default ("linear", Hyndman–Fan type 7).
     */
    static double percentile(double[] sorted, int count, double q) {
        double h = (count - 1) * q;
        int lo = (int) Math.floor(h);
        if (lo >= count - 1) {
            return sorted[count - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }
}
