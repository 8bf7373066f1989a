package org.multipose.eval;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One predictor's metrics on one group of compounds.
 *
 * @param predictor   the model or a baseline
 * @param n           compounds scored (exact labels, and for the docking baseline a docking score)
 * @param estimates   one estimate per metric of {@link Predictor#metrics()}, in that order; empty when unavailable
 * @param unavailable why the predictor could not be scored at all (e.g. "no dock_score in the table"), else empty
 */
public record PredictorResult(Predictor predictor, int n, List<MetricEstimate> estimates, String unavailable) {

    public PredictorResult {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(unavailable, "unavailable");
        estimates = List.copyOf(estimates);
    }

    /** A predictor that could not be scored. */
    public static PredictorResult unavailable(Predictor predictor, String why) {
        return new PredictorResult(predictor, 0, List.of(), why);
    }

    /** True when it was scored. */
    public boolean available() {
        return unavailable.isEmpty();
    }

    /** The estimate of one metric, when computed for this predictor. */
    public Optional<MetricEstimate> get(Metric metric) {
        for (MetricEstimate e : estimates) {
            if (e.metric() == metric) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
