package org.multipose.eval;

import java.util.List;
import java.util.Objects;

/**
 * The metrics of one evaluation (e.g. one split or one target): every {@link Metric} with its bootstrap interval,
 * computed on the uncensored labels by default; censored labels (qualified with &lt; or &gt;, whose true value is
 * only bounded) are left out and counted.
 *
 * @param labels            pairs given
 * @param censoredExcluded  censored pairs left out (0 when they were included)
 * @param censoredIncluded  whether censored pairs were used as if exact
 * @param options           the bootstrap settings
 * @param estimates         one estimate per metric, in {@link Metric} order, on {@code labels − censoredExcluded}
 *                          pairs
 */
public record MetricReport(int labels, int censoredExcluded, boolean censoredIncluded, BootstrapOptions options,
        List<MetricEstimate> estimates) {

    public MetricReport {
        Objects.requireNonNull(options, "options");
        estimates = List.copyOf(estimates);
    }

    /** Every metric on the uncensored pairs; {@code censored[i]} marks a qualified label. */
    public static MetricReport evaluate(double[] predicted, double[] measured, boolean[] censored,
            BootstrapOptions options) {
        return evaluate(predicted, measured, censored, false, options);
    }

    /** Every metric; censored pairs are left out unless {@code includeCensored}. */
    public static MetricReport evaluate(double[] predicted, double[] measured, boolean[] censored,
            boolean includeCensored, BootstrapOptions options) {
        Correlation.checkPaired(predicted, measured);
        if (censored.length != predicted.length) {
            throw new IllegalArgumentException("censored flags: " + censored.length + " for " + predicted.length
                    + " pairs");
        }
        int kept = 0;
        for (boolean c : censored) {
            if (includeCensored || !c) {
                kept++;
            }
        }
        double[] p = new double[kept];
        double[] m = new double[kept];
        int k = 0;
        for (int i = 0; i < censored.length; i++) {
            if (includeCensored || !censored[i]) {
                p[k] = predicted[i];
                m[k] = measured[i];
                k++;
            }
        }
        List<MetricEstimate> estimates = Bootstrap.estimate(p, m, List.of(Metric.values()), options);
        return new MetricReport(predicted.length, predicted.length - kept, includeCensored, options, estimates);
    }

    /** Pairs the metrics were computed on. */
    public int used() {
        return labels - censoredExcluded;
    }

    /** The estimate of one metric. */
    public MetricEstimate get(Metric metric) {
        for (MetricEstimate e : estimates) {
            if (e.metric() == metric) {
                return e;
            }
        }
        throw new IllegalArgumentException(metric + " was not computed");
    }
}
