package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.eval.ReportFixture;

/** {@code pipeline report}: the summary it prints, the files it writes, and one-line errors with exit code 2. */
class ReportCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesTheReportAndPrintsTheHeadline() {
        Path preds = tmp.resolve("preds");
        ReportFixture.table().write(preds);
        Path out = tmp.resolve("out");
        CliRun r = run("report", "--predictions", preds.toString(), "--out", out.toString(), "--resamples", "100",
                "--seed", "3");
        assertEquals(0, r.exit(), r.err());
        String o = r.out();
        // Two test targets: per target first, then the mean over them; nothing pooled unless asked.
        // Literals: src/test/python/report_reference.py (per target Spearman A 0.90, B 0.80; mean 0.85; mean
        // ΔSpearman vs docking +0.300, mean ΔRMSE vs train mean −0.705).
        assertTrue(o.contains("report: 19 compounds, 3 targets, 38 poses; 100 bootstrap resamples, seed 3"), o);
        assertTrue(o.contains("test split, per target (2 targets; pooled only with --pooled): 10 exact labels used, 2"
                + " censored excluded, 1 unlabelled"), o);
        assertTrue(o.lines().anyMatch(l -> l.startsWith("  A ") && l.contains("  0.90 [")), o);
        assertTrue(o.lines().anyMatch(l -> l.startsWith("  B ") && l.contains("  0.80 [")), o);
        assertTrue(o.indexOf("  A ") < o.indexOf("mean over 2 targets:"), "the per-target table comes first");
        assertTrue(o.lines().anyMatch(l -> l.startsWith("  model") && l.contains("  0.85 [")), o);
        assertTrue(o.lines().anyMatch(l -> l.startsWith("  train mean") && l.contains("undefined")), o);
        assertTrue(o.contains("  Spearman vs docking score: +0.300 ["), o);
        assertTrue(o.contains("  RMSE vs train mean: -0.705 ["), o);
        assertTrue(o.contains("Spearman per target, model vs docking score:"), o);
        assertTrue(!o.contains("pooled over") && !o.contains("0.86 ["), "no pooled number unasked: " + o);
        assertTrue(o.contains("wrote " + out.resolve("report.html")), o);
        for (String f : new String[] {"report.html", "metrics.json", "plots/scatter_test.png",
            "plots/scatter_test.svg", "predictions.csv", "pose_predictions.csv"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
    }

    @Test
    void pooledNumbersOnlyOnRequestAndLabelledPooled() {
        Path preds = tmp.resolve("preds");
        ReportFixture.table().write(preds);
        CliRun r = run("report", "--predictions", preds.toString(), "--out", tmp.resolve("out").toString(),
                "--resamples", "50", "--pooled");
        assertEquals(0, r.exit(), r.err());
        String o = r.out();
        // report_reference.py: pooled over A and B, Spearman 0.8632 and ΔSpearman vs docking +0.362
        assertTrue(o.contains("test, pooled over 2 targets (on request; pooled correlations mix the targets' affinity"
                + " ranges):"), o);
        assertTrue(o.indexOf("mean over 2 targets:") < o.indexOf("pooled over 2 targets (on request"), o);
        assertTrue(o.lines().anyMatch(l -> l.startsWith("  model") && l.contains("  0.86 [")), o);
        assertTrue(o.contains("paired differences, model - baseline, pooled (95% CI):"), o);
        assertTrue(o.contains("  Spearman vs docking score: +0.362 ["), o);
    }

    @Test
    void aFigureThatCannotBeDrawnIsNamedWithTheReason() throws IOException {
        // the fixture's poses without their RMSD (docking output without a reference pose has none)
        List<org.multipose.eval.PosePrediction> poses = new ArrayList<>();
        for (org.multipose.eval.PosePrediction p : ReportFixture.poses(ReportFixture.compounds())) {
            poses.add(new org.multipose.eval.PosePrediction(p.key(), p.poseIndex(), p.yKt(), p.predictedPk(),
                    p.weight(), p.coefficient(), java.util.OptionalDouble.empty(), p.dockScore()));
        }
        Path preds = tmp.resolve("no-rmsd");
        new org.multipose.eval.PredictionTable(ReportFixture.compounds(), poses).write(preds);
        CliRun r = run("report", "--predictions", preds.toString(), "--resamples", "20");
        assertEquals(0, r.exit(), r.err());
        String html = Files.readString(preds.resolve("report.html"));
        assertTrue(html.contains("Not drawn:"), "a list of the figures not drawn");
        assertTrue(html.contains("pose weight vs RMSD: no pose has an RMSD to a reference"), "named with why");
        assertTrue(html.contains("training curves: no run directory given (--run RUN)"), "named with why");
        assertTrue(Files.notExists(preds.resolve("plots/pose_weight_vs_rmsd.png")));
    }

    @Test
    void writesNextToThePredictionsByDefault() throws IOException {
        Path preds = tmp.resolve("preds");
        ReportFixture.table().write(preds);
        Path renamed = Files.move(preds.resolve("predictions.csv"), preds.resolve("run7.csv"));
        CliRun r = run("report", "--predictions", renamed.toString(), "--resamples", "20");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(preds.resolve("report.html")));
        assertTrue(Files.notExists(preds.resolve("predictions.csv")), "no copy next to the source");
        assertTrue(!r.out().contains("copy of the predictions"), r.out());
        assertTrue(r.out().contains("38 poses"), "the pose table next to the file is read: " + r.out());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path preds = tmp.resolve("preds");
        ReportFixture.table().write(preds);
        Path csv = preds.resolve("predictions.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(2, lines.get(2).replace(",train,", ",training,"));
        Files.write(csv, lines);
        CliRun r = run("report", "--predictions", preds.toString());
        assertEquals(Main.EXIT_INPUT, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(csv + ": line 3: column 'split': 'training' is not valid"), r.err());

        CliRun zero = run("report", "--predictions", preds.toString(), "--resamples", "0");
        assertEquals(Main.EXIT_INPUT, zero.exit());
        assertEquals("pipeline report: error: --resamples: must be >= 1, got 0", zero.err().strip());

        ReportFixture.table().write(preds);
        CliRun noRun = run("report", "--predictions", preds.toString(), "--run", tmp.resolve("nope").toString());
        assertEquals(Main.EXIT_INPUT, noRun.exit());
        assertEquals(1, noRun.err().strip().lines().count(), noRun.err());
        assertTrue(noRun.err().contains("not a directory; --run takes a training run directory"), noRun.err());
    }
}
