package org.multipose.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;

/**
 * Paired percentile bootstrap of the difference of a metric between two predictors of the same measured values:
 * each of B resamples draws n indices with replacement and scores both predictors on that same resample, giving
 * B values of metric(a) − metric(b); the interval is their ((1 − c)/2, (1 + c)/2) percentiles (linear
 * interpolation, as {@link Bootstrap}). Because both predictors see the same resamples, the interval is that of the
 * difference itself: two predictors whose own intervals overlap can still differ clearly.
 *
 * <p>The index stream is the one {@link Bootstrap#estimate} draws (a {@link SplittableRandom} seeded by
 * {@link BootstrapOptions#seed()}, n draws of {@code nextInt(n)} per resample), so with the same seed and the same
 * pairs the differences are taken over exactly the resamples behind each predictor's own interval.
 */
public final class PairedBootstrap {

    private PairedBootstrap() {}

    /**
     * metric(a, measured) − metric(b, measured) for each metric, with its paired interval. The arrays are paired by
     * index (equal lengths, finite values).
     */
    public static List<MetricDifference> differences(double[] a, double[] b, double[] measured, List<Metric> metrics,
            BootstrapOptions options) {
        int n = Correlation.checkPaired(a, measured);
        Correlation.checkPaired(b, measured);
        SplittableRandom rng = new SplittableRandom(options.seed());
        return differences(a, b, measured, metrics, n == 0 ? 0 : options.resamples(), options.confidence(),
                () -> rng.nextInt(n));
    }

    /**
     * The same with an explicit index stream: resample r uses the next n indices of {@code index} (each in
     * [0, n)). Package-private so a test can give known resamples.
     */
    static List<MetricDifference> differences(double[] a, double[] b, double[] measured, List<Metric> metrics,
            int resamples, double confidence, IntSupplier index) {
        int n = measured.length;
        int m = metrics.size();
        double[][] values = new double[m][resamples];
        int[] defined = new int[m];
        int[] codesA = Correlation.denseRanks(a);
        int[] codesB = Correlation.denseRanks(b);
        int[] codesY = Correlation.denseRanks(measured);
        double[] pa = new double[n];
        double[] pb = new double[n];
        double[] py = new double[n];
        int[] ca = new int[n];
        int[] cb = new int[n];
        int[] cy = new int[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                int j = index.getAsInt();
                pa[i] = a[j];
                pb[i] = b[j];
                py[i] = measured[j];
                ca[i] = codesA[j];
                cb[i] = codesB[j];
                cy[i] = codesY[j];
            }
            for (int k = 0; k < m; k++) {
                Metric metric = metrics.get(k);
                double d = metric.computeResample(pa, py, ca, cy, n) - metric.computeResample(pb, py, cb, cy, n);
                if (!Double.isNaN(d)) {
                    values[k][defined[k]++] = d;
                }
            }
        }
        double alpha = 1 - confidence;
        List<MetricDifference> out = new ArrayList<>(m);
        for (int k = 0; k < m; k++) {
            Metric metric = metrics.get(k);
            String whyA = metric.undefinedReason(a, measured);
            String whyB = metric.undefinedReason(b, measured);
            String why = !whyA.isEmpty() ? "a: " + whyA : !whyB.isEmpty() ? "b: " + whyB : "";
            double va = whyA.isEmpty() ? metric.compute(a, measured) : Double.NaN;
            double vb = whyB.isEmpty() ? metric.compute(b, measured) : Double.NaN;
            double lo = Double.NaN;
            double hi = Double.NaN;
            if (why.isEmpty() && defined[k] > 0) {
                Arrays.sort(values[k], 0, defined[k]);
                lo = Bootstrap.percentile(values[k], defined[k], alpha / 2);
                hi = Bootstrap.percentile(values[k], defined[k], 1 - alpha / 2);
            }
            out.add(new MetricDifference(metric, va, vb, why.isEmpty() ? va - vb : Double.NaN, lo, hi, confidence,
                    n, resamples, resamples - defined[k], why));
        }
        return out;
    }
}
