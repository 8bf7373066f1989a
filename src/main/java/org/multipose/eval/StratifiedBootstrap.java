package org.multipose.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap of the mean over targets of a per-target metric (the headline of a multi-target test set, as
 * FEP benchmarks report it): each resample draws, within every target separately, that target's n_t compounds with
 * replacement (pairs kept together), computes the metric per target and averages over the targets; the interval is
 * the ((1 − c)/2, (1 + c)/2) percentiles of the B resampled means (linear interpolation, as {@link Bootstrap}).
 * Resampling within targets keeps each target's size and affinity range, so the interval is that of the mean of
 * per-target values — never of a pooled value. A resample on which the metric is undefined for some target (its
 * values all tied) is left out and counted; a metric undefined on some target's full data is undefined for the mean,
 * naming the target. The paired form scores two predictors on the same resamples and averages their per-target
 * differences. The stream is one {@link SplittableRandom} seeded by {@link BootstrapOptions#seed()}, drawing the
 * targets in the order given.
 */
public final class StratifiedBootstrap {

    private StratifiedBootstrap() {}

    /**
     * The mean over targets of each metric, with its interval.
     *
     * @param targets   target names (for messages), one per array
     * @param predicted per target, the predictions
     * @param measured  per target, the labels (paired with {@code predicted})
     * @return one estimate per metric; its n is the number of compounds over all targets
     */
    public static List<MetricEstimate> mean(List<String> targets, List<double[]> predicted, List<double[]> measured,
            List<Metric> metrics, BootstrapOptions options) {
        Resampled s = resample(targets, predicted, null, measured, metrics, options);
        List<MetricEstimate> out = new ArrayList<>();
        for (int k = 0; k < metrics.size(); k++) {
            Metric metric = metrics.get(k);
            String why = undefined(targets, predicted, measured, metric);
            double[] ci = interval(s.values[k], s.defined[k], options.confidence());
            boolean ok = why.isEmpty();
            out.add(new MetricEstimate(metric, ok ? mean(predicted, measured, metric) : Double.NaN,
                    ok ? ci[0] : Double.NaN, ok ? ci[1] : Double.NaN, options.confidence(), s.n, s.resamples,
                    s.resamples - s.defined[k], why));
        }
        return out;
    }

    /**
     * The mean over targets of metric(a) − metric(b), with its paired interval; a and b are scored on the same
     * resamples.
     */
    public static List<MetricDifference> meanDifference(List<String> targets, List<double[]> a, List<double[]> b,
            List<double[]> measured, List<Metric> metrics, BootstrapOptions options) {
        Resampled s = resample(targets, a, b, measured, metrics, options);
        List<MetricDifference> out = new ArrayList<>();
        for (int k = 0; k < metrics.size(); k++) {
            Metric metric = metrics.get(k);
            String whyA = undefined(targets, a, measured, metric);
            String whyB = undefined(targets, b, measured, metric);
            String why = !whyA.isEmpty() ? "a: " + whyA : !whyB.isEmpty() ? "b: " + whyB : "";
            double va = whyA.isEmpty() ? mean(a, measured, metric) : Double.NaN;
            double vb = whyB.isEmpty() ? mean(b, measured, metric) : Double.NaN;
            double[] ci = interval(s.values[k], s.defined[k], options.confidence());
            boolean ok = why.isEmpty();
            out.add(new MetricDifference(metric, va, vb, ok ? va - vb : Double.NaN, ok ? ci[0] : Double.NaN,
                    ok ? ci[1] : Double.NaN, options.confidence(), s.n, s.resamples, s.resamples - s.defined[k],
                    why));
        }
        return out;
    }

    /** Why the metric is undefined on some target's full data ("" when defined on all; also when there is none). */
    private static String undefined(List<String> targets, List<double[]> p, List<double[]> y, Metric metric) {
        if (targets.isEmpty()) {
            return "no target to average";
        }
        for (int j = 0; j < targets.size(); j++) {
            String w = metric.undefinedReason(p.get(j), y.get(j));
            if (!w.isEmpty()) {
                return "undefined on target " + targets.get(j) + ": " + w;
            }
        }
        return "";
    }

    private static double mean(List<double[]> p, List<double[]> y, Metric metric) {
        double sum = 0;
        for (int j = 0; j < p.size(); j++) {
            sum += metric.compute(p.get(j), y.get(j));
        }
        return sum / p.size();
    }

    /** The resampled means (of a, or with {@code b} of a − b), per metric: the first {@code defined[k]} values. */
    private record Resampled(double[][] values, int[] defined, int n, int resamples) {}

    private static Resampled resample(List<String> targets, List<double[]> a, List<double[]> b,
            List<double[]> measured, List<Metric> metrics, BootstrapOptions options) {
        int t = targets.size();
        int m = metrics.size();
        int total = 0;
        for (int j = 0; j < t; j++) {
            Correlation.checkPaired(a.get(j), measured.get(j));
            if (b != null) {
                Correlation.checkPaired(b.get(j), measured.get(j));
            }
            total += measured.get(j).length;
        }
        int resamples = total == 0 ? 0 : options.resamples();
        double[][] values = new double[m][resamples];
        int[] defined = new int[m];
        if (resamples == 0) {
            return new Resampled(values, defined, total, 0);
        }
        SplittableRandom rng = new SplittableRandom(options.seed());
        int[][] codesA = new int[t][];
        int[][] codesB = new int[t][];
        int[][] codesY = new int[t][];
        for (int j = 0; j < t; j++) {
            codesA[j] = Correlation.denseRanks(a.get(j));
            codesB[j] = b == null ? null : Correlation.denseRanks(b.get(j));
            codesY[j] = Correlation.denseRanks(measured.get(j));
        }
        for (int r = 0; r < resamples; r++) {
            boolean[] ok = new boolean[m];
            Arrays.fill(ok, true);
            double[] sum = new double[m];
            for (int j = 0; j < t; j++) {
                int n = measured.get(j).length;
                double[] pa = new double[n];
                double[] pb = new double[n];
                double[] py = new double[n];
                int[] ca = new int[n];
                int[] cb = new int[n];
                int[] cy = new int[n];
                for (int i = 0; i < n; i++) {
                    int x = rng.nextInt(n);
                    pa[i] = a.get(j)[x];
                    py[i] = measured.get(j)[x];
                    ca[i] = codesA[j][x];
                    cy[i] = codesY[j][x];
                    if (b != null) {
                        pb[i] = b.get(j)[x];
                        cb[i] = codesB[j][x];
                    }
                }
                for (int k = 0; k < m; k++) {
                    if (!ok[k]) {
                        continue;
                    }
                    double v = metrics.get(k).computeResample(pa, py, ca, cy, n);
                    if (b != null) {
                        v -= metrics.get(k).computeResample(pb, py, cb, cy, n);
                    }
                    if (Double.isNaN(v)) {
                        ok[k] = false;
                    } else {
                        sum[k] += v;
                    }
                }
            }
            for (int k = 0; k < m; k++) {
                if (ok[k]) {
                    values[k][defined[k]++] = sum[k] / t;
                }
            }
        }
        return new Resampled(values, defined, total, resamples);
    }

    private static double[] interval(double[] values, int defined, double confidence) {
        if (defined == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] sorted = Arrays.copyOf(values, defined);
        Arrays.sort(sorted);
        double alpha = 1 - confidence;
        return new double[] {Bootstrap.percentile(sorted, defined, alpha / 2),
            Bootstrap.percentile(sorted, defined, 1 - alpha / 2)};
    }
}
