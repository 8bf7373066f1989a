package org.multipose.eval;

import java.util.ArrayList;
import java.util.Arrays;
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
 * train, none — in that order), over all targets and, when the table has several targets, per target, the model
 * and the baselines ({@link Predictor}) with paired percentile bootstrap intervals, the paired comparisons of the
 * model with each baseline, and the pose analysis when poses carry RMSDs. Censored labels are left out of every
 * metric and counted; unlabelled compounds are counted.
 *
 * <p>The train-mean baseline predicts the mean exact pK of the train split (over all targets) for every compound;
 * without exact train labels it is unavailable. The headline group is the first split, in the order above, with at
 * least one exact label, over all targets.
 *
 * @param table         the predictions evaluated
 * @param options       bootstrap settings (resamples, seed, confidence) used for every interval
 * @param trainMeanPk   the train-mean baseline's value, when there are exact train labels
 * @param trainLabels   exact train labels behind it
 * @param groups        split × (all targets, then each target) groups
 */
public record EvaluationReport(PredictionTable table, BootstrapOptions options, OptionalDouble trainMeanPk,
        int trainLabels, List<GroupEvaluation> groups) {

    /** Split order in reports: the held-out splits first. */
    public static final List<String> SPLIT_ORDER = List.of(Split.TEST.label(), Split.VAL.label(),
            Split.TRAIN.label(), PredictionCsv.NO_SPLIT);

    public EvaluationReport {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(trainMeanPk, "trainMeanPk");
        groups = List.copyOf(groups);
    }

    /** Evaluates every group of the table. */
    public static EvaluationReport evaluate(PredictionTable table, BootstrapOptions options) {
        double sum = 0;
        int trainLabels = 0;
        for (CompoundPrediction c : table.compounds()) {
            if (c.exact() && c.split().equals(Optional.of(Split.TRAIN))) {
                sum += c.label().get().pk();
                trainLabels++;
            }
        }
        OptionalDouble trainMean = trainLabels > 0 ? OptionalDouble.of(sum / trainLabels) : OptionalDouble.empty();
        boolean perTarget = table.targets().size() > 1;
        Map<CompoundKey, List<PosePrediction>> poses = table.posesByCompound();
        List<GroupEvaluation> groups = new ArrayList<>();
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
            groups.add(evaluateGroup(split, Optional.empty(), members, trainMean, poses, options));
            if (perTarget) {
                for (String t : targets) {
                    List<CompoundPrediction> ofTarget = new ArrayList<>();
                    for (CompoundPrediction c : members) {
                        if (c.key().target().equals(t)) {
                            ofTarget.add(c);
                        }
                    }
                    groups.add(evaluateGroup(split, Optional.of(t), ofTarget, trainMean, poses, options));
                }
            }
        }
        return new EvaluationReport(table, options, trainMean, trainLabels, groups);
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

    /** The per-target groups of one split (empty when the table has one target). */
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

    static GroupEvaluation evaluateGroup(String split, Optional<String> target, List<CompoundPrediction> members,
            OptionalDouble trainMean, Map<CompoundKey, List<PosePrediction>> poses, BootstrapOptions options) {
        int labelled = 0;
        int censored = 0;
        List<CompoundPrediction> exact = new ArrayList<>();
        List<CompoundPrediction> docked = new ArrayList<>();
        for (CompoundPrediction c : members) {
            if (c.labelled()) {
                labelled++;
            }
            if (c.censored()) {
                censored++;
            }
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
        for (int i = 0; i < n; i++) {
            CompoundPrediction c = exact.get(i);
            y[i] = c.label().get().pk();
            model[i] = c.predictedPk();
            heavy[i] = c.heavyAtoms();
        }
        int nd = docked.size();
        double[] yd = new double[nd];
        double[] modelD = new double[nd];
        double[] dock = new double[nd];
        for (int i = 0; i < nd; i++) {
            CompoundPrediction c = docked.get(i);
            yd[i] = c.label().get().pk();
            modelD[i] = c.predictedPk();
            dock[i] = -c.dockScore().getAsDouble(); // lower score = tighter, so −score ranks like pK
        }
        List<PredictorResult> results = new ArrayList<>();
        List<Comparison> comparisons = new ArrayList<>();
        results.add(score(Predictor.MODEL, model, y, options));
        if (trainMean.isPresent()) {
            double[] mean = new double[n];
            Arrays.fill(mean, trainMean.getAsDouble());
            results.add(score(Predictor.TRAIN_MEAN, mean, y, options));
            compare(Predictor.TRAIN_MEAN, model, mean, y, options, comparisons);
        } else {
            results.add(PredictorResult.unavailable(Predictor.TRAIN_MEAN, "no exact labels in the train split"));
        }
        results.add(score(Predictor.HEAVY_ATOMS, heavy, y, options));
        compare(Predictor.HEAVY_ATOMS, model, heavy, y, options, comparisons);
        if (nd > 0) {
            results.add(score(Predictor.DOCK_SCORE, dock, yd, options));
            compare(Predictor.DOCK_SCORE, modelD, dock, yd, options, comparisons);
        } else {
            results.add(PredictorResult.unavailable(Predictor.DOCK_SCORE, n == 0 ? "no exact labels"
                    : "no dock_score for the labelled compounds"));
        }
        return new GroupEvaluation(split, target, members.size(), labelled, censored, results, comparisons,
                PoseAnalysis.of(members, poses, options));
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
