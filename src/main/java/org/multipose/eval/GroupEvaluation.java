package org.multipose.eval;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The evaluation of one group of compounds: one split, over all targets or one target.
 *
 * @param split       train, val, test or none
 * @param target      the target, or empty for all targets of the split
 * @param targets     how many targets the group spans (several only for an all-targets group: a pooled one)
 * @param compounds   compounds in the group
 * @param labelled    of which labelled (exact or censored)
 * @param censored    of which censored: left out of every metric, counted here
 * @param results     the model and each baseline, in {@link Predictor} order
 * @param comparisons the model against each available baseline on its {@link Predictor#comparedOn()} metrics
 * @param poses       the pose analysis, when the poses carry RMSDs
 * @param spread      the model's prediction SD next to the label SD, when it was scored on two or more labels
 */
public record GroupEvaluation(String split, Optional<String> target, int targets, int compounds, int labelled,
        int censored, List<PredictorResult> results, List<Comparison> comparisons, Optional<PoseAnalysis> poses,
        Optional<PredictionSpread> spread) {

    public GroupEvaluation {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(poses, "poses");
        Objects.requireNonNull(spread, "spread");
        results = List.copyOf(results);
        comparisons = List.copyOf(comparisons);
    }

    /** Compounds without a label. */
    public int unlabelled() {
        return compounds - labelled;
    }

    /** Compounds with an exact label: the ones the metrics use. */
    public int exact() {
        return labelled - censored;
    }

    /** The result of one predictor. */
    public PredictorResult result(Predictor p) {
        for (PredictorResult r : results) {
            if (r.predictor() == p) {
                return r;
            }
        }
        throw new IllegalArgumentException(p + " was not evaluated");
    }

    /** The comparison with one baseline on one metric, when made. */
    public Optional<Comparison> comparison(Predictor baseline, Metric metric) {
        for (Comparison c : comparisons) {
            if (c.baseline() == baseline && c.difference().metric() == metric) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** True for an all-targets group over several targets: its metrics (when scored) are pooled. */
    public boolean pooled() {
        return target.isEmpty() && targets > 1;
    }

    /** "test, all targets", "test, pooled over 2 targets" or "test, tyk2". */
    public String title() {
        return split + ", " + target.orElse(pooled() ? "pooled over " + targets + " targets" : "all targets");
    }
}
