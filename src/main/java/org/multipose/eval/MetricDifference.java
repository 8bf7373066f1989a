package org.multipose.eval;

import java.util.Locale;
import java.util.Objects;

/**
 * The difference of one metric between two predictors of the same labels, metric(a) − metric(b), with a paired
 * bootstrap interval ({@link PairedBootstrap}): both predictors are scored on the same resamples, so the interval
 * reflects how often one beats the other, not the two intervals' overlap.
 *
 * @param metric             the metric
 * @param a                  the metric of predictor a on all pairs (NaN when undefined)
 * @param b                  the metric of predictor b on all pairs (NaN when undefined)
 * @param difference         a − b (NaN when either is undefined)
 * @param lower              lower end of the interval of a − b; NaN when no resample was defined
 * @param upper              upper end; NaN when no resample was defined
 * @param confidence         nominal coverage, e.g. 0.95
 * @param n                  number of (a, b, measured) triples
 * @param resamples          bootstrap resamples drawn
 * @param undefinedResamples resamples on which a or b was undefined, left out of the interval
 * @param undefined          why the difference is undefined, empty when defined
 */
public record MetricDifference(Metric metric, double a, double b, double difference, double lower, double upper,
        double confidence, int n, int resamples, int undefinedResamples, String undefined) {

    /** What the interval says about a versus b. */
    public enum Verdict {
        /** The interval excludes 0 on a's side (higher correlation, or lower error). */
        A_BETTER,
        /** The interval excludes 0 on b's side. */
        B_BETTER,
        /** The interval contains 0. */
        UNCLEAR,
        /** No difference could be computed. */
        UNDEFINED
    }

    public MetricDifference {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(undefined, "undefined");
    }

    /** True when the difference is defined on all pairs. */
    public boolean defined() {
        return undefined.isEmpty();
    }

    /**
     * A_BETTER when the whole interval lies on a's better side of 0 (above 0 for correlations, below 0 for
     * errors), B_BETTER when it lies on b's, UNCLEAR when it contains 0.
     */
    public Verdict verdict() {
        if (!defined() || Double.isNaN(lower) || Double.isNaN(upper)) {
            return Verdict.UNDEFINED;
        }
        double sign = metric.isError() ? -1 : 1;
        if (sign * lower > 0 && sign * upper > 0) {
            return Verdict.A_BETTER;
        }
        if (sign * lower < 0 && sign * upper < 0) {
            return Verdict.B_BETTER;
        }
        return Verdict.UNCLEAR;
    }

    @Override
    public String toString() {
        if (!defined()) {
            return metric.label() + " difference undefined: " + undefined + " (n = " + n + ")";
        }
        return String.format(Locale.ROOT, "Δ%s = %+.3f [%+.3f, %+.3f] (n = %d)", metric.label(), difference, lower,
                upper, n);
    }
}
