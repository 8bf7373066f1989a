package org.multipose.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.multipose.data.CompoundKey;
import org.multipose.data.CsvRows;
import org.multipose.data.Measure;
import org.multipose.data.Split;
import org.multipose.testsupport.SharedData;

/**
 * The docking baseline and the pose analysis on the real Vina redocking set (../shared/data/plb-vina; skipped when
 * absent) against the numbers its SOURCE.md publishes (computed there with scipy and RDKit): per-target Spearman of
 * the rank-1 Vina score against pK (the report ranks −score, so the sign flips), the fraction of compounds whose
 * rank-1 pose is within 2 Å and whose best pose is. The "model" here is a stand-in (uniform pose weights, top pose =
 * rank 1); only the baseline and pose numbers are checked.
 */
class ReportRealDataTest {

    @Test
    void dockingBaselineAndPoseAnalysisMatchThePublishedTable() {
        Path root = SharedData.require().resolve("plb-vina");
        Map<CompoundKey, Double> pk = new HashMap<>();
        for (CsvRows.Row r : CsvRows.read(root.resolve("affinities.csv")).rows()) {
            pk.put(new CompoundKey(r.fields().get(0), r.fields().get(1)), Double.parseDouble(r.fields().get(2)));
        }
        Map<CompoundKey, List<PosePrediction>> poses = new HashMap<>();
        Map<CompoundKey, Integer> heavy = new HashMap<>();
        Map<CompoundKey, Double> rank1 = new HashMap<>();
        // poses.csv: target, compound_id, pose_rank, vina_score, rmsd_sym, rmsd_plain, n_heavy
        for (CsvRows.Row r : CsvRows.read(root.resolve("poses.csv")).rows()) {
            List<String> f = r.fields();
            CompoundKey k = new CompoundKey(f.get(0), f.get(1));
            int rank = Integer.parseInt(f.get(2));
            double score = Double.parseDouble(f.get(3));
            poses.computeIfAbsent(k, x -> new ArrayList<>()).add(new PosePrediction(k, rank, score, 0, 1.0 / 9,
                    1.0 / 9, OptionalDouble.of(Double.parseDouble(f.get(4))), OptionalDouble.of(score)));
            heavy.put(k, Integer.parseInt(f.get(6)));
            if (rank == 1) {
                rank1.put(k, score);
            }
        }
        List<CompoundPrediction> compounds = new ArrayList<>();
        List<PosePrediction> allPoses = new ArrayList<>();
        for (Map.Entry<CompoundKey, Double> e : pk.entrySet()) {
            CompoundKey k = e.getKey();
            int n = poses.get(k).size();
            compounds.add(new CompoundPrediction(k, Optional.of(Split.TEST), Optional.of(Measure.KI),
                    Optional.of(PkLabel.exact(e.getValue())), 0.2 * heavy.get(k), -0.46 * heavy.get(k), n, 1,
                    1.0 / 9, heavy.get(k), OptionalDouble.of(rank1.get(k)), OptionalDouble.empty()));
            allPoses.addAll(poses.get(k));
        }
        EvaluationReport report = EvaluationReport.evaluate(new PredictionTable(compounds, allPoses),
                new BootstrapOptions(50, 0, 0.95), true); // SOURCE.md also states the pooled value
        assertEquals(99, report.overall("test").orElseThrow().exact());
        // SOURCE.md: target, Spearman(rank-1 vina_score, pK), rank-1 < 2 Å, any pose < 2 Å (3 decimals).
        Object[][] published = {
            {"tyk2", -0.401, 0.923, 1.000}, {"p38", -0.190, 0.862, 0.931}, {"mcl1", -0.292, 0.800, 0.960},
            {"ptp1b", -0.638, 0.636, 0.955}, {"cdk2", 0.055, 0.600, 0.800}};
        for (Object[] row : published) {
            GroupEvaluation g = report.perTarget("test").stream()
                    .filter(x -> x.target().orElseThrow().equals(row[0])).findFirst().orElseThrow();
            double rho = g.result(Predictor.DOCK_SCORE).get(Metric.SPEARMAN).orElseThrow().value();
            assertEquals(-(double) row[1], rho, 5e-4, row[0] + " docking Spearman (of −score)");
            PoseAnalysis a = g.poses().orElseThrow();
            assertEquals(a.compounds(), a.topDockByScore(), "every pose has a Vina score");
            assertEquals((double) row[2], a.topDockBelow() / (double) a.compounds(), 5e-4, row[0] + " rank-1 < 2 Å");
            assertEquals((double) row[3], a.anyBelow() / (double) a.compounds(), 5e-4, row[0] + " any < 2 Å");
            assertEquals(a.topDockBelow(), a.topWeightBelow(), "the stand-in's top pose is rank 1");
        }
        GroupEvaluation all = report.overall("test").orElseThrow();
        assertEquals(0.077, all.result(Predictor.DOCK_SCORE).get(Metric.SPEARMAN).orElseThrow().value(), 5e-4);
        assertEquals(0.778, all.poses().orElseThrow().topDockBelow() / 99.0, 5e-4);
        assertEquals(0.939, all.poses().orElseThrow().anyBelow() / 99.0, 5e-4);
    }
}
