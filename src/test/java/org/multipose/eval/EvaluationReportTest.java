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
 * paired comparisons' point differences. Tolerance 1e-12 (the formulas differ from scipy's in summation order
 * only). Intervals are tested by coverage in PairedBootstrapTest and BootstrapCoverageTest, not here.
 */
class EvaluationReportTest {

    private static final double TOL = 1e-12;
    private static final BootstrapOptions OPTIONS = new BootstrapOptions(200, 7, 0.95);
    private static final EvaluationReport REPORT = EvaluationReport.evaluate(ReportFixture.table(), OPTIONS);

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
        assertEquals(List.of("test, all targets", "test, A", "test, B", "train, all targets", "train, A",
                "train, B", "none, all targets", "none, C"), titles);
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
        assertEquals(2 + 3 + 3, all.comparisons().size());
    }

    @Test
    void aGroupWithOneLabelHasUndefinedCorrelationsNotAnError() {
        GroupEvaluation none = group("none", null);
        assertEquals(1, none.exact());
        MetricEstimate rho = none.result(Predictor.MODEL).get(Metric.SPEARMAN).orElseThrow();
        assertFalse(rho.defined());
        assertEquals("needs at least 2 labels, got 1", rho.undefined());
        assertEquals(0.3, none.result(Predictor.MODEL).get(Metric.MAE).orElseThrow().value(), 1e-12);
    }

    @Test
    void withoutTrainLabelsTheMeanBaselineIsUnavailable() {
        List<CompoundPrediction> test = ReportFixture.compounds().stream()
                .filter(c -> !c.splitLabel().equals("train")).toList();
        EvaluationReport r = EvaluationReport.evaluate(new PredictionTable(test, List.of()), OPTIONS);
        assertTrue(r.trainMeanPk().isEmpty());
        PredictorResult mean = r.headline().orElseThrow().result(Predictor.TRAIN_MEAN);
        assertFalse(mean.available());
        assertEquals("no exact labels in the train split", mean.unavailable());
        assertTrue(r.headline().orElseThrow().poses().isEmpty(), "no poses, no pose analysis");
    }
}
