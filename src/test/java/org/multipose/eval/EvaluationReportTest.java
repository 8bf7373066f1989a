package org.multipose.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The report's numbers on {@link ReportFixture}'s hand-made table against literals from
 * src/test/python/report_reference.py (numpy/scipy): the model's metrics, the train-mean baseline, the heavy-atom
 * and docking baselines (docking ranked as −score), censored and unlabelled counts, the per-target split, and the
 * paired comparisons' point differences; with several targets the headline is per target and their mean (pooled
 * numbers only on request); the top-pose baseline; the prediction SD next to the label SD. Tolerance 1e-12 (the
 * formulas differ from scipy's in summation order only). Intervals are tested by coverage in PairedBootstrapTest,
 * BootstrapCoverageTest and StratifiedBootstrapTest, not here.
 */
class EvaluationReportTest {

    private static final double TOL = 1e-12;
    private static final BootstrapOptions OPTIONS = new BootstrapOptions(200, 7, 0.95);
    /** Pooled on request, so the all-targets groups carry the pooled numbers these literals are of. */
    private static final EvaluationReport REPORT = EvaluationReport.evaluate(ReportFixture.table(), OPTIONS, true);
    /** As a report is made by default: several targets per target and averaged, nothing pooled. */
    private static final EvaluationReport PER_TARGET = EvaluationReport.evaluate(ReportFixture.table(), OPTIONS);

    private static GroupEvaluation group(String split, String target) {
        for (GroupEvaluation g : REPORT.groups()) {
            if (g.split().equals(split) && g.target().equals(Optional.ofNullable(target))) {
                return g;
            }
        }
        throw new AssertionError("no group " + split + "/" + target);
    }

    private static double value(GroupEvaluation g, Predictor p, Metric m) {
        return g.result(p).get(m).orElseThrow().value();
    }

    @Test
    void groupsAreSplitsThenTargetsInReportOrder() {
        List<String> titles = REPORT.groups().stream().map(GroupEvaluation::title).toList();
        assertEquals(List.of("test, pooled over 2 targets", "test, A", "test, B", "train, pooled over 2 targets",
                "train, A", "train, B", "none, all targets"), titles);
        assertEquals("test", REPORT.headline().orElseThrow().split());
        assertTrue(REPORT.headline().orElseThrow().target().isEmpty());
    }

    @Test
    void countsCensoredAndUnlabelled() {
        GroupEvaluation all = group("test", null);
        assertEquals(13, all.compounds());
        assertEquals(12, all.labelled());
        assertEquals(2, all.censored());
        assertEquals(1, all.unlabelled());
        assertEquals(10, all.exact());
        GroupEvaluation a = group("test", "A");
        assertEquals(List.of(7, 6, 1, 1, 5), List.of(a.compounds(), a.labelled(), a.censored(), a.unlabelled(),
                a.exact()));
        GroupEvaluation b = group("test", "B");
        assertEquals(List.of(6, 6, 1, 0, 5), List.of(b.compounds(), b.labelled(), b.censored(), b.unlabelled(),
                b.exact()));
        GroupEvaluation train = group("train", null);
        assertEquals(1, train.censored());
        assertEquals(4, train.exact());
    }

    @Test
    void modelMetricsMatchScipyOnTheExactLabels() {
        GroupEvaluation all = group("test", null);
        assertEquals(10, all.result(Predictor.MODEL).n());
        assertEquals(0.47000000000000003, value(all, Predictor.MODEL, Metric.MAE), TOL);
        assertEquals(0.530094331227943, value(all, Predictor.MODEL, Metric.RMSE), TOL);
        assertEquals(0.9154325619237172, value(all, Predictor.MODEL, Metric.PEARSON), TOL);
        assertEquals(0.8632258720256917, value(all, Predictor.MODEL, Metric.SPEARMAN), TOL);
        assertEquals(0.7191465199607915, value(all, Predictor.MODEL, Metric.KENDALL), TOL);
        MetricEstimate rho = all.result(Predictor.MODEL).get(Metric.SPEARMAN).orElseThrow();
        assertEquals(10, rho.n());
        assertEquals(200, rho.resamples());
    }

    @Test
    void perTargetGroupsUseOnlyThatTarget() {
        GroupEvaluation a = group("test", "A");
        assertEquals(0.35999999999999976, value(a, Predictor.MODEL, Metric.MAE), TOL);
        assertEquals(0.37416573867739394, value(a, Predictor.MODEL, Metric.RMSE), TOL);
        assertEquals(0.9565815586448265, value(a, Predictor.MODEL, Metric.PEARSON), TOL);
        assertEquals(0.8999999999999998, value(a, Predictor.MODEL, Metric.SPEARMAN), TOL);
        assertEquals(0.7999999999999999, value(a, Predictor.MODEL, Metric.KENDALL), TOL);
        GroupEvaluation b = group("test", "B");
        assertEquals(0.5800000000000003, value(b, Predictor.MODEL, Metric.MAE), TOL);
        assertEquals(0.649615270756469, value(b, Predictor.MODEL, Metric.RMSE), TOL);
        assertEquals(0.8757777487417508, value(b, Predictor.MODEL, Metric.PEARSON), TOL);
        assertEquals(0.7999999999999999, value(b, Predictor.MODEL, Metric.SPEARMAN), TOL);
        assertEquals(0.6, value(b, Predictor.MODEL, Metric.KENDALL), TOL);
    }

    @Test
    void trainMeanIsTheMeanOfExactTrainLabelsAndRanksNothing() {
        assertEquals(6.5, REPORT.trainMeanPk().getAsDouble(), TOL); // the censored 9.0 is left out
        assertEquals(4, REPORT.trainLabels());
        GroupEvaluation all = group("test", null);
        PredictorResult mean = all.result(Predictor.TRAIN_MEAN);
        assertEquals(1.03, mean.get(Metric.MAE).orElseThrow().value(), TOL);
        assertEquals(1.2218837915284746, mean.get(Metric.RMSE).orElseThrow().value(), TOL);
        for (Metric m : List.of(Metric.PEARSON, Metric.SPEARMAN, Metric.KENDALL)) {
            MetricEstimate e = mean.get(m).orElseThrow();
            assertFalse(e.defined(), m + " of a constant must be undefined");
            assertTrue(Double.isNaN(e.value()));
            assertEquals("the predictions are constant", e.undefined());
        }
    }

    @Test
    void heavyAtomBaselineIsRankedOnly() {
        GroupEvaluation all = group("test", null);
        PredictorResult h = all.result(Predictor.HEAVY_ATOMS);
        assertEquals(10, h.n());
        assertEquals(0.7676665331800714, h.get(Metric.PEARSON).orElseThrow().value(), TOL);
        assertEquals(0.766928898924811, h.get(Metric.SPEARMAN).orElseThrow().value(), TOL);
        assertEquals(0.5520524474738833, h.get(Metric.KENDALL).orElseThrow().value(), TOL);
        assertTrue(h.get(Metric.MAE).isEmpty(), "an atom count has no error in pK");
        assertTrue(h.get(Metric.RMSE).isEmpty());
    }

    @Test
    void dockingBaselineUsesMinusTheScoreOnCompoundsThatHaveOne() {
        GroupEvaluation all = group("test", null);
        PredictorResult d = all.result(Predictor.DOCK_SCORE);
        assertEquals(9, d.n()); // b3 has no score
        // Positive: lower (more negative) scores go with higher pK in this table, as they should.
        assertEquals(0.5338250203290437, d.get(Metric.PEARSON).orElseThrow().value(), TOL);
        assertEquals(0.5333333333333333, d.get(Metric.SPEARMAN).orElseThrow().value(), TOL);
        assertEquals(0.3888888888888889, d.get(Metric.KENDALL).orElseThrow().value(), TOL);
        assertEquals(0.49999999999999994, value(group("test", "A"), Predictor.DOCK_SCORE, Metric.SPEARMAN), TOL);
        assertEquals(0.6000000000000001, value(group("test", "B"), Predictor.DOCK_SCORE, Metric.SPEARMAN), TOL);
        assertEquals(4, group("test", "B").result(Predictor.DOCK_SCORE).n());
    }

    @Test
    void comparisonsAreModelMinusBaselineOnTheSharedCompounds() {
        GroupEvaluation all = group("test", null);
        MetricDifference dock = all.comparison(Predictor.DOCK_SCORE, Metric.SPEARMAN).orElseThrow().difference();
        assertEquals(9, dock.n());
        assertEquals(0.8954053273686235, dock.a(), TOL); // the model on the 9 docked compounds
        assertEquals(0.5333333333333333, dock.b(), TOL);
        assertEquals(0.3620719940352902, dock.difference(), TOL);
        MetricDifference rmse = all.comparison(Predictor.TRAIN_MEAN, Metric.RMSE).orElseThrow().difference();
        assertEquals(0.530094331227943 - 1.2218837915284746, rmse.difference(), TOL);
        assertEquals(0.39999999999999986, group("test", "A").comparison(Predictor.DOCK_SCORE, Metric.SPEARMAN)
                .orElseThrow().difference().difference(), TOL);
        assertTrue(all.comparison(Predictor.TRAIN_MEAN, Metric.SPEARMAN).isEmpty(),
                "no ranking comparison with a constant");
        assertEquals(5 + 2 + 3 + 3, all.comparisons().size());
    }

    @Test
    void aGroupWithOneLabelHasUndefinedCorrelationsNotAnError() {
        GroupEvaluation none = group("none", null);
        assertEquals(1, none.exact());
        MetricEstimate rho = none.result(Predictor.MODEL).get(Metric.SPEARMAN).orElseThrow();
        assertFalse(rho.defined());
        assertEquals("needs at least 3 labels (two always correlate perfectly), got 1", rho.undefined());
        assertEquals(0.3, none.result(Predictor.MODEL).get(Metric.MAE).orElseThrow().value(), 1e-12);
    }

    @Test
    void withoutTrainLabelsTheMeanBaselineIsUnavailable() {
        List<CompoundPrediction> test = ReportFixture.compounds().stream()
                .filter(c -> !c.splitLabel().equals("train")).toList();
        EvaluationReport r = EvaluationReport.evaluate(new PredictionTable(test, List.of()), OPTIONS, true);
        assertTrue(r.trainMeanPk().isEmpty());
        PredictorResult mean = r.headline().orElseThrow().result(Predictor.TRAIN_MEAN);
        assertFalse(mean.available());
        assertEquals("no exact labels in the train split", mean.unavailable());
        assertTrue(r.headline().orElseThrow().poses().isEmpty(), "no poses, no pose analysis");
    }

    @Test
    void severalTargetsAreScoredPerTargetAndAveragedNeverPooledUnasked() {
        GroupEvaluation all = PER_TARGET.headline().orElseThrow();
        assertEquals("test, pooled over 2 targets", all.title());
        assertEquals(10, all.exact(), "the counts stay");
        for (PredictorResult r : all.results()) {
            assertFalse(r.available(), r.predictor() + " must not be scored pooled unasked");
            assertEquals("several targets: scored per target and their mean; pooled over targets only on request"
                    + " (--pooled, evaluation.pooled)", r.unavailable());
        }
        assertTrue(all.comparisons().isEmpty());
        TargetMean mean = PER_TARGET.targetMean("test").orElseThrow();
        assertEquals(List.of("A", "B"), mean.targets());
        assertEquals("mean over 2 targets", mean.title());
        // Literals: src/test/python/report_reference.py, "mean over targets" (the per-target scipy values averaged).
        PredictorResult model = mean.result(Predictor.MODEL);
        assertEquals(10, model.n());
        assertEquals(0.47000000000000003, model.get(Metric.MAE).orElseThrow().value(), TOL);
        assertEquals(0.5118905047169314, model.get(Metric.RMSE).orElseThrow().value(), TOL);
        assertEquals(0.9161796536932887, model.get(Metric.PEARSON).orElseThrow().value(), TOL);
        assertEquals(0.8499999999999999, model.get(Metric.SPEARMAN).orElseThrow().value(), TOL);
        assertEquals(0.7, model.get(Metric.KENDALL).orElseThrow().value(), TOL);
        assertEquals(0.7334429644276751,
                mean.result(Predictor.HEAVY_ATOMS).get(Metric.SPEARMAN).orElseThrow().value(), TOL);
        assertEquals(1.2173155121536396,
                mean.result(Predictor.TRAIN_MEAN).get(Metric.RMSE).orElseThrow().value(), TOL);
        assertEquals(0.55, mean.result(Predictor.DOCK_SCORE).get(Metric.SPEARMAN).orElseThrow().value(), TOL);
        assertEquals(0.2999999999999998, mean.comparison(Predictor.DOCK_SCORE, Metric.SPEARMAN).orElseThrow()
                .difference().difference(), TOL);
        assertEquals(-0.7054250074367083, mean.comparison(Predictor.TRAIN_MEAN, Metric.RMSE).orElseThrow()
                .difference().difference(), TOL);
        MetricEstimate rho = model.get(Metric.SPEARMAN).orElseThrow();
        assertTrue(rho.lower() <= rho.value() && rho.value() <= rho.upper(), rho.toString());
        // the train split has two targets too; the "none" split one, so it is scored as a whole
        assertTrue(PER_TARGET.targetMean("train").isPresent());
        assertTrue(PER_TARGET.targetMean("none").isEmpty());
        assertTrue(PER_TARGET.overall("none").orElseThrow().result(Predictor.MODEL).available());
    }

    @Test
    void thePredictionSdStandsNextToTheLabelSd() {
        // Literals: report_reference.py "spread" (numpy std, ddof=1).
        PredictionSpread a = group("test", "A").spread().orElseThrow();
        assertEquals(5, a.n());
        assertEquals(0.940744386111339, a.predictionSd(), TOL);
        assertEquals(1.202913130695646, a.labelSd(), TOL);
        assertFalse(a.nearConstant());
        assertEquals(0.8324662155306963, group("test", "B").spread().orElseThrow().predictionSd(), TOL);
        assertEquals(List.of(), PER_TARGET.nearConstant());
        // a model predicting 6.5 ± 0.001 for the same labels is flagged, per target (the headline's targets)
        List<CompoundPrediction> flat = new java.util.ArrayList<>();
        int i = 0;
        for (CompoundPrediction c : ReportFixture.compounds()) {
            double p = 6.5 + 0.001 * (i++ % 3);
            flat.add(new CompoundPrediction(c.key(), c.split(), c.measure(), c.label(), p, -p * Math.log(10),
                    c.nPoses(), c.topPose(), c.topWeight(), c.heavyAtoms(), c.dockScore(), c.predictedSd()));
        }
        EvaluationReport r = EvaluationReport.evaluate(new PredictionTable(flat, List.of()), OPTIONS);
        assertEquals(List.of("test, A", "test, B"), r.nearConstant().stream().map(GroupEvaluation::title).toList());
        List<String> w = ReportWarnings.of(r);
        assertEquals(2, w.size());
        // target A's exact labels are rows 5-9: predictions 6.502, 6.500, 6.501, 6.502, 6.500, so SD = 0.001 (by
        // hand: squared deviations 4e-6 over n − 1 = 4); label SD 1.2029 from report_reference.py
        assertTrue(w.get(0).startsWith("the model's predictions are nearly constant on test, A: prediction SD"
                + " 0.00100 vs label SD 1.20 (0 %), below 10 % of it"), w.get(0));
    }

    /** One target, 6 test compounds: the combined prediction and two poses each (report_reference.py, TOP). */
    private static PredictionTable topPoseTable(boolean onePose) {
        double[][] rows = {{5.0, 5.6, 1, 6.4, 2, 5.1}, {6.0, 5.9, 1, 5.2, 2, 6.3}, {6.5, 6.8, 1, 7.0, 2, 6.2},
            {7.0, 6.9, 1, 6.1, 2, 7.4}, {8.0, 7.7, 2, 7.9, 3, 6.6}, {8.5, 8.1, 1, 8.8, 2, 7.5}};
        List<CompoundPrediction> cs = new java.util.ArrayList<>();
        List<PosePrediction> ps = new java.util.ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            double[] r = rows[i];
            org.multipose.data.CompoundKey k = new org.multipose.data.CompoundKey("T", "c" + i);
            int first = (int) r[2];
            cs.add(new CompoundPrediction(k, org.multipose.data.Split.parse("test"), java.util.Optional.empty(),
                    java.util.Optional.of(PkLabel.exact(r[0])), r[1], -r[1] * Math.log(10), onePose ? 1 : 2, first,
                    0.6, 20 + i, java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty()));
            ps.add(new PosePrediction(k, first, -r[3] * Math.log(10), r[3], 0.6, 0.6, java.util.OptionalDouble.empty(),
                    java.util.OptionalDouble.empty()));
            if (!onePose) {
                ps.add(new PosePrediction(k, (int) r[4], -r[5] * Math.log(10), r[5], 0.4, 0.4,
                        java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty()));
            }
        }
        return new PredictionTable(cs, ps);
    }

    @Test
    void theTopPoseBaselineIsTheSameModelOnTheLowestIndexedPoseAlone() {
        GroupEvaluation g = EvaluationReport.evaluate(topPoseTable(false), OPTIONS).headline().orElseThrow();
        PredictorResult top = g.result(Predictor.TOP_POSE);
        // Literals: report_reference.py "top pose" (compound c4's top pose is its pose 2: pose 1 was left out).
        assertEquals(6, top.n());
        assertEquals(0.6666666666666669, top.get(Metric.MAE).orElseThrow().value(), TOL);
        assertEquals(0.7916228058025279, top.get(Metric.RMSE).orElseThrow().value(), TOL);
        assertEquals(0.7768985960673558, top.get(Metric.PEARSON).orElseThrow().value(), TOL);
        assertEquals(0.7142857142857143, top.get(Metric.SPEARMAN).orElseThrow().value(), TOL);
        assertEquals(0.6, top.get(Metric.KENDALL).orElseThrow().value(), TOL);
        assertEquals(-0.4452126442887525, g.comparison(Predictor.TOP_POSE, Metric.RMSE).orElseThrow().difference()
                .difference(), TOL);
        assertEquals(0.2857142857142857, g.comparison(Predictor.TOP_POSE, Metric.SPEARMAN).orElseThrow()
                .difference().difference(), TOL);
        // one pose per compound: the model already is the top pose alone
        PredictorResult one = EvaluationReport.evaluate(topPoseTable(true), OPTIONS).headline().orElseThrow()
                .result(Predictor.TOP_POSE);
        assertFalse(one.available());
        assertEquals("every compound has one pose: the model already scores its top pose only", one.unavailable());
        // without the pose table it cannot be computed
        PredictorResult none = EvaluationReport.evaluate(new PredictionTable(topPoseTable(false).compounds(),
                List.of()), OPTIONS).headline().orElseThrow().result(Predictor.TOP_POSE);
        assertEquals("no per-pose predictions (pose_predictions.csv)", none.unavailable());
        // on the fixture, pose 1 carries the compound's own prediction: the two are the same predictor, Δ = 0
        MetricDifference same = group("test", null).comparison(Predictor.TOP_POSE, Metric.SPEARMAN).orElseThrow()
                .difference();
        assertEquals(0.0, same.difference(), 0.0);
        assertEquals(0.0, same.lower(), 0.0);
        assertEquals(0.0, same.upper(), 0.0);
    }
}
