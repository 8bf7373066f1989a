package org.multipose.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedSet;
import java.util.TreeSet;
import org.multipose.data.CompoundKey;
import org.multipose.data.Split;

/**
 * The numbers of an evaluation report, computed from a {@link PredictionTable}: for each split present (test, val,
 * train, none — in that order), the model and the baselines ({@link Predictor}) with paired percentile bootstrap
 * intervals, the paired comparisons of the model with each baseline, the model's prediction SD next to the label SD,
 * and the pose analysis when poses carry RMSDs. Censored labels are left out of every metric and counted;
 * unlabelled compounds are counted.
 *
 * <p><b>Several targets.</b> A split whose compounds belong to more than one target is scored per target, and the
 * per-target values are averaged ({@link TargetMean}) — the headline, as FEP benchmarks report it. Its compounds are
 * scored pooled over the targets only on request ({@code pooled}), and such a group is titled "pooled"; otherwise
 * the split's all-targets group holds counts only, its predictors unavailable with the reason.
 *
 * <p>The train-mean baseline predicts the mean exact pK of the train split (over all targets) for every compound;
 * without exact train labels it is unavailable. The top-pose baseline is the same model's prediction for each
 * compound's top-ranked pose alone (lowest pose index), from the per-pose table. The headline split is the first
 * split, in the order above, with at least one exact label.
 *
 * @param table         the predictions evaluated
 * @param options       bootstrap settings (resamples, seed, confidence) used for every interval
 * @param pooled        whether several targets' compounds were also scored pooled
 * @param trainMeanPk   the train-mean baseline's value, when there are exact train labels
 * @param trainLabels   exact train labels behind it
 * @param groups        split × (all targets, then each target when there are several) groups
 * @param targetMeans   for each split with several targets, the mean over its targets
 */
public record EvaluationReport(PredictionTable table, BootstrapOptions options, boolean pooled,
        OptionalDouble trainMeanPk, int trainLabels, List<GroupEvaluation> groups, List<TargetMean> targetMeans) {

    /** Split order in reports: the held-out splits first. */
    public static final List<String> SPLIT_ORDER = List.of(Split.TEST.label(), Split.VAL.label(),
            Split.TRAIN.label(), PredictionCsv.NO_SPLIT);

    /** Why an all-targets group over several targets has no metrics unless pooling was asked for. */
    static final String NOT_POOLED = "several targets: scored per target and their mean; pooled over targets only on"
            + " request (--pooled, evaluation.pooled)";

    public EvaluationReport {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(trainMeanPk, "trainMeanPk");
        groups = List.copyOf(groups);
        targetMeans = List.copyOf(targetMeans);
    }

    /** Evaluates every group of the table; several targets are scored per target and averaged, never pooled. */
    public static EvaluationReport evaluate(PredictionTable table, BootstrapOptions options) {
        return evaluate(table, options, false);
    }

    /**
     * Evaluates every group of the table.
     *
     * @param pooled also score the compounds of a split with several targets pooled (titled "pooled")
     */
    public static EvaluationReport evaluate(PredictionTable table, BootstrapOptions options, boolean pooled) {
        double sum = 0;
        int trainLabels = 0;
        for (CompoundPrediction c : table.compounds()) {
            if (c.exact() && c.split().equals(Optional.of(Split.TRAIN))) {
                sum += c.label().get().pk();
                trainLabels++;
            }
        }
        OptionalDouble trainMean = trainLabels > 0 ? OptionalDouble.of(sum / trainLabels) : OptionalDouble.empty();
        Map<CompoundKey, List<PosePrediction>> poses = table.posesByCompound();
        List<GroupEvaluation> groups = new ArrayList<>();
        List<TargetMean> means = new ArrayList<>();
        for (String split : SPLIT_ORDER) {
            List<CompoundPrediction> members = new ArrayList<>();
            SortedSet<String> targets = new TreeSet<>();
            for (CompoundPrediction c : table.compounds()) {
                if (c.splitLabel().equals(split)) {
                    members.add(c);
                    targets.add(c.key().target());
                }
            }
            if (members.isEmpty()) {
                continue;
            }
            boolean several = targets.size() > 1;
            groups.add(several && !pooled
                    ? countsOnly(split, targets.size(), members, poses, options)
                    : evaluateGroup(split, Optional.empty(), targets.size(), members, trainMean, poses, options));
            if (several) {
                List<Scored> perTarget = new ArrayList<>();
                for (String t : targets) {
                    List<CompoundPrediction> ofTarget = new ArrayList<>();
                    for (CompoundPrediction c : members) {
                        if (c.key().target().equals(t)) {
                            ofTarget.add(c);
                        }
                    }
                    groups.add(evaluateGroup(split, Optional.of(t), 1, ofTarget, trainMean, poses, options));
                    perTarget.add(Scored.of(t, ofTarget, trainMean, poses));
                }
                means.add(targetMean(split, perTarget, options));
            }
        }
        return new EvaluationReport(table, options, pooled, trainMean, trainLabels, groups, means);
    }

    /** The headline group: the first split (test, val, train, none) with an exact label, over all targets. */
    public Optional<GroupEvaluation> headline() {
        for (GroupEvaluation g : groups) {
            if (g.target().isEmpty() && g.exact() > 0) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /** The mean over targets of a split with several targets (its headline numbers), when it has several. */
    public Optional<TargetMean> targetMean(String split) {
        for (TargetMean m : targetMeans) {
            if (m.split().equals(split)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The per-target groups of one split (empty when the split has one target). */
    public List<GroupEvaluation> perTarget(String split) {
        List<GroupEvaluation> out = new ArrayList<>();
        for (GroupEvaluation g : groups) {
            if (g.split().equals(split) && g.target().isPresent()) {
                out.add(g);
            }
        }
        return out;
    }

    /** The all-targets group of one split, when the split is present. */
    public Optional<GroupEvaluation> overall(String split) {
        for (GroupEvaluation g : groups) {
            if (g.split().equals(split) && g.target().isEmpty()) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /**
     * The groups whose model predictions are nearly constant ({@link PredictionSpread#nearConstant()}): of the
     * headline split, each target (or the single group) that was scored.
     */
    public List<GroupEvaluation> nearConstant() {
        List<GroupEvaluation> out = new ArrayList<>();
        Optional<GroupEvaluation> h = headline();
        if (h.isEmpty()) {
            return out;
        }
        for (GroupEvaluation g : groups) {
            if (g.split().equals(h.get().split()) && g.spread().isPresent() && g.spread().get().nearConstant()
                    && !g.pooled()) {
                out.add(g);
            }
        }
        return out;
    }

    /** The exact-label compounds of one group with what every predictor says about them. */
    private record Scored(String name, int compounds, double[] y, double[] model, double[] heavy, double[] trainMean,
            Optional<double[]> topPose, String topPoseUnavailable, double[] yDocked, double[] modelDocked,
            double[] dock) {

        static Scored of(String name, List<CompoundPrediction> members, OptionalDouble trainMean,
                Map<CompoundKey, List<PosePrediction>> poses) {
            List<CompoundPrediction> exact = new ArrayList<>();
            List<CompoundPrediction> docked = new ArrayList<>();
            for (CompoundPrediction c : members) {
                if (c.exact()) {
                    exact.add(c);
                    if (c.dockScore().isPresent()) {
                        docked.add(c);
                    }
                }
            }
            int n = exact.size();
            double[] y = new double[n];
            double[] model = new double[n];
            double[] heavy = new double[n];
            double[] mean = new double[n];
            double[] top = new double[n];
            boolean several = false;
            boolean allPosed = true;
            for (int i = 0; i < n; i++) {
                CompoundPrediction c = exact.get(i);
                y[i] = c.label().get().pk();
                model[i] = c.predictedPk();
                heavy[i] = c.heavyAtoms();
                mean[i] = trainMean.orElse(Double.NaN);
                List<PosePrediction> ps = poses.get(c.key());
                if (ps == null) {
                    allPosed = false;
                    continue;
                }
                PosePrediction first = ps.get(0);
                for (PosePrediction p : ps) {
                    if (p.poseIndex() < first.poseIndex()) {
                        first = p;
                    }
                }
                top[i] = first.predictedPk();
                several |= ps.size() > 1;
            }
            String why = n == 0 ? "no exact labels"
                    : !allPosed ? "no per-pose predictions (pose_predictions.csv)"
                    : !several ? "every compound has one pose: the model already scores its top pose only" : "";
            int nd = docked.size();
            double[] yd = new double[nd];
            double[] md = new double[nd];
            double[] dock = new double[nd];
            for (int i = 0; i < nd; i++) {
                CompoundPrediction c = docked.get(i);
                yd[i] = c.label().get().pk();
                md[i] = c.predictedPk();
                dock[i] = -c.dockScore().getAsDouble(); // lower score = tighter, so −score ranks like pK
            }
            return new Scored(name, members.size(), y, model, heavy, mean, why.isEmpty() ? Optional.of(top)
                    : Optional.empty(), why, yd, md, dock);
        }
    }

    static GroupEvaluation evaluateGroup(String split, Optional<String> target, int targets,
            List<CompoundPrediction> members, OptionalDouble trainMean, Map<CompoundKey, List<PosePrediction>> poses,
            BootstrapOptions options) {
        int labelled = 0;
        int censored = 0;
        for (CompoundPrediction c : members) {
            labelled += c.labelled() ? 1 : 0;
            censored += c.censored() ? 1 : 0;
        }
        Scored s = Scored.of(target.orElse(""), members, trainMean, poses);
        List<PredictorResult> results = new ArrayList<>();
        List<Comparison> comparisons = new ArrayList<>();
        results.add(score(Predictor.MODEL, s.model, s.y, options));
        if (s.topPose.isPresent()) {
            results.add(score(Predictor.TOP_POSE, s.topPose.get(), s.y, options));
            compare(Predictor.TOP_POSE, s.model, s.topPose.get(), s.y, options, comparisons);
        } else {
            results.add(PredictorResult.unavailable(Predictor.TOP_POSE, s.topPoseUnavailable));
        }
        if (trainMean.isPresent()) {
            results.add(score(Predictor.TRAIN_MEAN, s.trainMean, s.y, options));
            compare(Predictor.TRAIN_MEAN, s.model, s.trainMean, s.y, options, comparisons);
        } else {
            results.add(PredictorResult.unavailable(Predictor.TRAIN_MEAN, "no exact labels in the train split"));
        }
        results.add(score(Predictor.HEAVY_ATOMS, s.heavy, s.y, options));
        compare(Predictor.HEAVY_ATOMS, s.model, s.heavy, s.y, options, comparisons);
        if (s.dock.length > 0) {
            results.add(score(Predictor.DOCK_SCORE, s.dock, s.yDocked, options));
            compare(Predictor.DOCK_SCORE, s.modelDocked, s.dock, s.yDocked, options, comparisons);
        } else {
            results.add(PredictorResult.unavailable(Predictor.DOCK_SCORE, s.y.length == 0 ? "no exact labels"
                    : "no dock_score for the labelled compounds"));
        }
        return new GroupEvaluation(split, target, targets, members.size(), labelled, censored, results, comparisons,
                PoseAnalysis.of(members, poses, options), PredictionSpread.of(s.model, s.y));
    }

    /** The all-targets group of a split with several targets when pooling was not asked for: counts only. */
    private static GroupEvaluation countsOnly(String split, int targets, List<CompoundPrediction> members,
            Map<CompoundKey, List<PosePrediction>> poses, BootstrapOptions options) {
        int labelled = 0;
        int censored = 0;
        for (CompoundPrediction c : members) {
            labelled += c.labelled() ? 1 : 0;
            censored += c.censored() ? 1 : 0;
        }
        List<PredictorResult> results = new ArrayList<>();
        for (Predictor p : Predictor.values()) {
            results.add(PredictorResult.unavailable(p, NOT_POOLED));
        }
        return new GroupEvaluation(split, Optional.empty(), targets, members.size(), labelled, censored, results,
                List.of(), PoseAnalysis.of(members, poses, options), Optional.empty());
    }

    /** Every predictor's metrics averaged over the targets with at least {@link TargetMean#MIN_LABELS} labels. */
    private static TargetMean targetMean(String split, List<Scored> perTarget, BootstrapOptions options) {
        List<Scored> used = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (Scored s : perTarget) {
            if (s.y.length >= TargetMean.MIN_LABELS) {
                used.add(s);
            } else if (s.compounds > 0) {
                excluded.add(s.name);
            }
        }
        List<String> names = used.stream().map(Scored::name).toList();
        List<double[]> y = used.stream().map(Scored::y).toList();
        List<double[]> model = used.stream().map(Scored::model).toList();
        int compounds = y.stream().mapToInt(a -> a.length).sum();
        List<PredictorResult> results = new ArrayList<>();
        List<Comparison> comparisons = new ArrayList<>();
        results.add(mean(Predictor.MODEL, names, model, y, compounds, options));
        boolean top = !used.isEmpty() && used.stream().allMatch(s -> s.topPose.isPresent());
        if (top) {
            List<double[]> tp = used.stream().map(s -> s.topPose.get()).toList();
            results.add(mean(Predictor.TOP_POSE, names, tp, y, compounds, options));
            compareMean(Predictor.TOP_POSE, names, model, tp, y, options, comparisons);
        } else {
            results.add(PredictorResult.unavailable(Predictor.TOP_POSE, used.isEmpty() ? "no target with "
                    + TargetMean.MIN_LABELS + " exact labels" : used.stream().filter(s -> s.topPose.isEmpty())
                            .findFirst().map(s -> s.topPoseUnavailable + " (target " + s.name + ")").orElse("")));
        }
        if (!used.isEmpty() && !Double.isNaN(used.get(0).trainMean[0])) {
            List<double[]> tm = used.stream().map(Scored::trainMean).toList();
            results.add(mean(Predictor.TRAIN_MEAN, names, tm, y, compounds, options));
            compareMean(Predictor.TRAIN_MEAN, names, model, tm, y, options, comparisons);
        } else {
            results.add(PredictorResult.unavailable(Predictor.TRAIN_MEAN, used.isEmpty() ? "no target with "
                    + TargetMean.MIN_LABELS + " exact labels" : "no exact labels in the train split"));
        }
        List<double[]> heavy = used.stream().map(Scored::heavy).toList();
        results.add(mean(Predictor.HEAVY_ATOMS, names, heavy, y, compounds, options));
        compareMean(Predictor.HEAVY_ATOMS, names, model, heavy, y, options, comparisons);
        boolean docked = !used.isEmpty() && used.stream().allMatch(s -> s.dock.length >= TargetMean.MIN_LABELS);
        if (docked) {
            List<double[]> yd = used.stream().map(Scored::yDocked).toList();
            List<double[]> md = used.stream().map(Scored::modelDocked).toList();
            List<double[]> dock = used.stream().map(Scored::dock).toList();
            results.add(mean(Predictor.DOCK_SCORE, names, dock, yd, yd.stream().mapToInt(a -> a.length).sum(),
                    options));
            compareMean(Predictor.DOCK_SCORE, names, md, dock, yd, options, comparisons);
        } else {
            results.add(PredictorResult.unavailable(Predictor.DOCK_SCORE, used.isEmpty() ? "no target with "
                    + TargetMean.MIN_LABELS + " exact labels" : "a target has fewer than " + TargetMean.MIN_LABELS
                            + " labelled compounds with a dock_score"));
        }
        return new TargetMean(split, names, excluded, results, comparisons);
    }

    private static PredictorResult mean(Predictor p, List<String> targets, List<double[]> values, List<double[]> y,
            int compounds, BootstrapOptions options) {
        return new PredictorResult(p, compounds, StratifiedBootstrap.mean(targets, values, y, p.metrics(), options),
                "");
    }

    private static void compareMean(Predictor baseline, List<String> targets, List<double[]> model,
            List<double[]> values, List<double[]> y, BootstrapOptions options, List<Comparison> out) {
        if (targets.isEmpty()) {
            return;
        }
        for (MetricDifference d : StratifiedBootstrap.meanDifference(targets, model, values, y,
                baseline.comparedOn(), options)) {
            out.add(new Comparison(baseline, d));
        }
    }

    private static PredictorResult score(Predictor p, double[] values, double[] y, BootstrapOptions options) {
        return new PredictorResult(p, y.length, Bootstrap.estimate(values, y, p.metrics(), options), "");
    }

    private static void compare(Predictor baseline, double[] model, double[] values, double[] y,
            BootstrapOptions options, List<Comparison> out) {
        if (y.length == 0) {
            return;
        }
        for (MetricDifference d : PairedBootstrap.differences(model, values, y, baseline.comparedOn(), options)) {
            out.add(new Comparison(baseline, d));
        }
    }
}
