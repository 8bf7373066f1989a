package org.multipose.train;

import java.util.Map;

/**
 * Scores predictions against labels for each epoch's validation line (metrics.jsonl). Implemented by
 * {@code org.multipose.eval.ValidationMetrics} (eval sits above train, so the loop receives it from the caller).
 */
@FunctionalInterface
public interface ValidationScorer {

    /** No metrics, only the validation loss. */
    ValidationScorer NONE = (p, m, c) -> Map.of();

    /**
     * Metric name → value (e.g. rmse, spearman; NaN when undefined), in a stable order.
     *
     * @param predicted predictions on the labels' scale (pK)
     * @param measured  labels (pK)
     * @param censored  true for a qualified label (a bound, not a value)
     */
    Map<String, Double> score(double[] predicted, double[] measured, boolean[] censored);
}
