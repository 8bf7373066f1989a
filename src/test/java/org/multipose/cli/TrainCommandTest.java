package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline train} on the bundled demo's first 40 compounds (prepared by the config itself), tiny grid and
 * network: what it prints and writes, an ensemble's layout and spread, resume, and the one-line errors.
 */
class TrainCommandTest {

    @TempDir
    static Path tmp;
    static Path config;

    @BeforeAll
    static void demoSubset() throws Exception {
        Path demo = Path.of(System.getProperty("multipose.project.dir", ".")).resolve("datasets/demo");
        Path dir = Files.createDirectories(tmp.resolve("demo40"));
        // the first 40 compounds: 160 poses (4 per compound, consecutive records), 40 table rows
        List<String> sdf = Files.readAllLines(demo.resolve("poses.sdf"));
        StringBuilder b = new StringBuilder();
        int records = 0;
        for (String line : sdf) {
            b.append(line).append('\n');
            if (line.equals("$$$$") && ++records == 160) {
                break;
            }
        }
        Files.writeString(dir.resolve("poses.sdf"), b);
        Files.write(dir.resolve("affinities.csv"), Files.readAllLines(demo.resolve("affinities.csv")).subList(0, 41));
        Files.copy(demo.resolve("receptor.pdb"), dir.resolve("receptor.pdb"));
        config = tmp.resolve("demo40.yaml");
        Files.writeString(config, "seed: 5\nthreads: 1\n"
                + "data: {prepare: {poses: demo40/poses.sdf, receptors: {demo: demo40/receptor.pdb},"
                + " affinities: demo40/affinities.csv}}\n"
                + "split: {fractions: [0.6, 0.2, 0.2]}\n"
                + "grid: {resolution: 2.0, dimension: 14.0}\n"
                + "model: {architecture: small, widths: [4, 4, 4, 4, 4]}\n"
                + "loss: [{kind: censored_mse}]\n"
                + "training: {epochs: 2, batch_size: 4}\n"
                + "output: {runs_dir: runs}\n");
    }

    @Test
    void trainsPrintsAndWrites() throws Exception {
        CliRun r = run("train", "--config", config.toString(), "--set", "output.name=single");
        assertEquals(0, r.exit(), r.out() + r.err());
        Path runDir = tmp.resolve("runs/single");
        assertTrue(r.out().contains("prepared " + runDir.resolve("dataset") + ": 40 compounds, 160 poses, 0 rejects"),
                r.out());
        assertTrue(r.out().contains("epoch 1/2 lr 0.00100 train loss "), r.out());
        assertTrue(r.out().contains("train: run " + runDir + " ("), r.out());
        assertTrue(r.out().contains("  best epoch "), r.out());
        assertTrue(r.out().contains("  test (7 labels, 1 censored left out): RMSE = "), r.out());
        assertTrue(r.out().contains("test baselines: train-mean RMSE = "), r.out());
        assertTrue(r.out().contains("next: ./pipeline report --predictions " + runDir + " --run " + runDir), r.out());
        // the evaluation report reads what train wrote
        CliRun report = run("report", "--predictions", runDir.toString(), "--run", runDir.toString(), "--resamples",
                "50");
        assertEquals(0, report.exit(), report.out() + report.err());
        assertTrue(Files.isRegularFile(runDir.resolve("report.html")));
        for (String f : List.of("config.yaml", "split.csv", "train.log", "metrics.jsonl", "metrics.json",
                "provenance.json", "predictions.csv", "pose_predictions.csv", "dataset/compounds.arrow",
                "checkpoints/last/weights.mpt", "checkpoints/best/optimizer.mpt")) {
            assertTrue(Files.exists(runDir.resolve(f)), f);
        }
        assertEquals(2, Files.readAllLines(runDir.resolve("metrics.jsonl")).size());
        // resuming a finished run: nothing to train, the summary again
        CliRun again = run("train", "--resume", runDir.toString(), "--quiet");
        assertEquals(0, again.exit(), again.out() + again.err());
        assertFalse(again.out().contains("epoch 1/2"), again.out());
        assertTrue(again.out().contains("train: run " + runDir), again.out());
    }

    @Test
    void anEnsembleTrainsMembersAndReportsTheirSpread() throws Exception {
        CliRun r = run("train", "--config", config.toString(), "--set", "output.name=ensemble", "--set",
                "training.ensemble=2", "--quiet");
        assertEquals(0, r.exit(), r.out() + r.err());
        Path runDir = tmp.resolve("runs/ensemble");
        assertTrue(r.out().contains("member 1: best epoch"), r.out());
        assertTrue(r.out().contains("member 2: best epoch"), r.out());
        for (int m = 1; m <= 2; m++) {
            assertTrue(Files.isSymbolicLink(runDir.resolve("member-" + m + "/checkpoints/best")));
            assertEquals(2, Files.readAllLines(runDir.resolve("member-" + m + "/metrics.jsonl")).size());
        }
        assertFalse(Files.exists(runDir.resolve("checkpoints")));
        List<String> rows = Files.readAllLines(runDir.resolve("predictions.csv"));
        assertTrue(rows.get(0).endsWith(",predicted_sd"));
        String sd = rows.get(1).substring(rows.get(1).lastIndexOf(',') + 1);
        assertTrue(Double.parseDouble(sd) > 0, "members with different seeds disagree a little: " + rows.get(1));
        // the two members started from different weights
        byte[] a = Files.readAllBytes(runDir.resolve("member-1/checkpoints/epoch-0001/weights.mpt"));
        byte[] b = Files.readAllBytes(runDir.resolve("member-2/checkpoints/epoch-0001/weights.mpt"));
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void aGivenSplitMayCallTheIdColumnIdNameUnlabelledCompoundsAndBeSwitchedOff() throws Exception {
        // demo_040 has no label here; the given split (header target,id,split as configs/reference.yaml says)
        // still names it
        Path dir = tmp.resolve("demo40");
        List<String> labels = Files.readAllLines(dir.resolve("affinities.csv"));
        Files.write(dir.resolve("affinities39.csv"), labels.subList(0, 40));
        StringBuilder split = new StringBuilder("target,id,split\n");
        for (int i = 1; i <= 40; i++) {
            split.append(String.format("demo,demo_%03d,%s\n", i, i <= 24 ? "train" : i <= 32 ? "val" : "test"));
        }
        Files.writeString(dir.resolve("given-split.csv"), split);
        Path manual = tmp.resolve("manual.yaml");
        Files.writeString(manual, Files.readString(config).replace("affinities: demo40/affinities.csv",
                "affinities: demo40/affinities39.csv").replace("split: {fractions: [0.6, 0.2, 0.2]}",
                "split:\n  method: manual\n  file: demo40/given-split.csv"));
        CliRun r = run("train", "--config", manual.toString(), "--set", "output.name=given", "--set",
                "training.epochs=1", "--quiet");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> saved = Files.readAllLines(tmp.resolve("runs/given/split.csv"));
        assertEquals(1 + 39, saved.size(), "the unlabelled compound is not split");
        assertTrue(saved.contains("demo,demo_024,train") && saved.contains("demo,demo_033,test"), saved.toString());
        // switching the method by an override drops the manual split's file with a note (refused afterwards
        // for another reason, so nothing is trained)
        CliRun switched = run("train", "--config", manual.toString(), "--set", "split.method=random", "--set",
                "model.dropout=0.3", "--set", "output.name=switched");
        assertTrue(switched.out().contains("note: --set split.method=random: dropped split.file (" + manual
                + ":6), which only applies to method manual"), switched.out() + switched.err());
        assertTrue(switched.err().contains("model.dropout: 0.3 is not supported"), switched.err());
    }

    @Test
    void errorsAreOneLine() {
        CliRun noConfig = run("train");
        assertEquals(2, noConfig.exit());
        assertEquals("pipeline train: error: --config FILE is missing: give a training config (e.g."
                + " configs/quickstart.yaml), or --resume RUN to continue a run", noConfig.err().trim());
        CliRun both = run("train", "--resume", tmp.toString(), "--set", "seed=1");
        assertEquals(2, both.exit());
        assertEquals("pipeline train: error: --resume continues a run with its own config.yaml; drop --config and"
                + " --set", both.err().trim());
        CliRun notARun = run("train", "--resume", tmp.resolve("nowhere").toString());
        assertEquals(2, notARun.exit());
        assertTrue(notARun.err().contains("not a run directory (no config.yaml)"), notARun.err());
        CliRun dropout = run("train", "--config", config.toString(), "--set", "model.dropout=0.3", "--set",
                "output.name=refused");
        assertEquals(2, dropout.exit());
        assertTrue(dropout.err().contains("model.dropout: 0.3 is not supported"), dropout.err());
        assertFalse(Files.exists(tmp.resolve("runs/refused")), "refused before preparing or creating the run");
        CliRun badKey = run("train", "--config", config.toString(), "--set", "optimizer.lr=-1");
        assertEquals(2, badKey.exit());
        assertTrue(badKey.err().contains("optimizer.lr"), badKey.err());
    }
}
