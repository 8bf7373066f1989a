package org.multipose.eval;

import java.util.Objects;

/**
 * One metric on one set of pairs, with its bootstrap confidence interval.
 *
 * @param metric             the metric
 * @param value              the metric on all pairs; NaN when undefined
 * @param lower              lower end of the interval; NaN when no resample was defined
 * @param upper              upper end of the interval; NaN when no resample was defined
 * @param confidence         nominal coverage of the interval, e.g. 0.95
 * @param n                  number of pairs
 * @param resamples          bootstrap resamples drawn
 * @param undefinedResamples resamples on which the metric was undefined (e.g. all values equal) and that were left
 *                           out of the interval
 * @param undefined          why {@code value} is undefined (e.g. "the predictions are constant"), empty when defined
 */
public record MetricEstimate(Metric metric, double value, double lower, double upper, double confidence, int n,
        int resamples, int undefinedResamples, String undefined) {

    public MetricEstimate {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(undefined, "undefined");
    }

    /** True when the metric is defined on these pairs. */
    public boolean defined() {
        return undefined.isEmpty();
    }

    /** E.g. {@code Spearman ρ = 0.612 [0.45, 0.74] (n = 80)} or {@code Pearson r undefined: ...}. */
    @Override
    public String toString() {
        if (!defined()) {
            return metric.label() + " undefined: " + undefined + " (n = " + n + ")";
        }
        return String.format(java.util.Locale.ROOT, "%s = %.3f [%.3f, %.3f] (n = %d)", metric.label(), value, lower,
                upper, n);
    }
}
