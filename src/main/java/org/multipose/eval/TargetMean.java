package org.multipose.eval;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The headline of a split with several targets, as FEP benchmarks report one: each metric computed per target, then
 * averaged over the targets (never pooled: pooled correlations mix the targets' affinity ranges and offsets), with a
 * stratified bootstrap interval ({@link StratifiedBootstrap}); the same for each baseline, and the paired
 * differences model − baseline averaged over the targets.
 *
 * @param split       train, val, test or none
 * @param targets     the targets averaged: those with at least two exact labels, sorted
 * @param excluded    targets of the split with fewer than two exact labels (no correlation): not averaged
 * @param results     per predictor, in {@link Predictor} order: each estimate is a mean over {@code targets}; its n
 *                    counts the compounds scored over them
 * @param comparisons the model against each available baseline: mean per-target differences with paired intervals
 */
public record TargetMean(String split, List<String> targets, List<String> excluded, List<PredictorResult> results,
        List<Comparison> comparisons) {

    /** Targets need this many exact labels to enter the mean (a correlation of fewer is undefined). */
    public static final int MIN_LABELS = 3;

    public TargetMean {
        Objects.requireNonNull(split, "split");
        targets = List.copyOf(targets);
        excluded = List.copyOf(excluded);
        results = List.copyOf(results);
        comparisons = List.copyOf(comparisons);
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

    /** "mean over 2 targets". */
    public String title() {
        return "mean over " + targets.size() + (targets.size() == 1 ? " target" : " targets");
    }
}
