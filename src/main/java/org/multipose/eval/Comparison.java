package org.multipose.eval;

import java.util.Objects;

/**
 * The model against one baseline on one metric: metric(model) − metric(baseline) with its paired bootstrap
 * interval ({@link MetricDifference} with a = model, b = baseline), on the compounds both can score.
 *
 * @param baseline   the baseline
 * @param difference the paired difference, model minus baseline
 */
public record Comparison(Predictor baseline, MetricDifference difference) {

    public Comparison {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(difference, "difference");
    }

    /** "model better", "baseline better", "no clear difference" or "undefined". */
    public String verdictText() {
        return switch (difference.verdict()) {
            case A_BETTER -> "model better";
            case B_BETTER -> "baseline better";
            case UNCLEAR -> "no clear difference";
            case UNDEFINED -> "undefined";
        };
    }
}
