package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.data.DemoDataset;

/**
 * {@code pipeline predict} and {@code pipeline evaluate} on a run trained once here (the bundled demo's first 40
 * compounds, 8³ grids of 2 Å, a 4-wide network, 2 epochs): the run's own dataset reproduces training's predictions
 * byte for byte (an ensemble too); new unlabelled poses are prepared with the run's typing and predicted without a
 * split; another typing, another grid or a target without a fixed grid center is refused naming the field; best /
 * last / a named checkpoint pick their epochs; evaluate re-scores the run to training's metrics.json and scores an
 * external labelled set; bad input is one line with exit code 2.
 */
class PredictCommandTest {

    @TempDir
    static Path tmp;
    static Path run;
    static Path demo40;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    /** The demo's first 40 compounds (160 poses, 40 table rows) and a training config on them. */
    static Path config(String grid) throws IOException {
        Path config = tmp.resolve("demo40-" + grid.hashCode() + ".yaml");
        Files.writeString(config, "seed: 5\nthreads: 1\n"
                + "data: {prepare: {poses: demo40/poses.sdf, receptors: {demo: demo40/receptor.pdb},"
                + " affinities: demo40/affinities.csv}}\n"
                + "split: {fractions: [0.6, 0.2, 0.2]}\n"
                + "grid: " + grid + "\n"
                + "model: {architecture: small, widths: [4, 4, 4, 4, 4]}\n"
                + "loss: [{kind: censored_mse}]\n"
                + "training: {epochs: 2, batch_size: 4}\n"
                + "output: {runs_dir: runs}\n");
        return config;
    }

    @BeforeAll
    static void trainOnce() throws Exception {
        Path demo = Path.of(System.getProperty("multipose.project.dir", ".")).resolve("datasets/demo");
        demo40 = Files.createDirectories(tmp.resolve("demo40"));
        List<String> sdf = Files.readAllLines(demo.resolve("poses.sdf"));
        StringBuilder b = new StringBuilder();
        int records = 0;
        for (String line : sdf) {
            b.append(line).append('\n');
            if (line.equals("$$$$") && ++records == 160) {
                break;
            }
        }
        Files.writeString(demo40.resolve("poses.sdf"), b);
        Files.write(demo40.resolve("affinities.csv"),
                Files.readAllLines(demo.resolve("affinities.csv")).subList(0, 41));
        Files.copy(demo.resolve("receptor.pdb"), demo40.resolve("receptor.pdb"));
        CliRun r = run("train", "--config", config("{resolution: 2.0, dimension: 14.0}").toString(), "--set",
                "output.name=r", "--quiet");
        assertEquals(0, r.exit(), r.out() + r.err());
        run = tmp.resolve("runs/r");
    }

    private static JsonNode provenance(Path dir) throws IOException {
        return JSON.readTree(dir.resolve("provenance.json").toFile());
    }

    @Test
    void theRunsOwnDatasetReproducesTrainingsPredictions() throws IOException {
        Path out = tmp.resolve("own");
        CliRun r = run("predict", "--run", run.toString(), "--dataset", run.resolve("dataset").toString(), "--out",
                out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertArrayEquals(Files.readAllBytes(run.resolve("predictions.csv")),
                Files.readAllBytes(out.resolve("predictions.csv")));
        assertArrayEquals(Files.readAllBytes(run.resolve("pose_predictions.csv")),
                Files.readAllBytes(out.resolve("pose_predictions.csv")));
        String o = r.out();
        assertTrue(o.startsWith("predict: 40 compounds (40 labelled), 160 poses with " + run + " at best (epoch "), o);
        assertTrue(o.contains("the dataset the model was trained on, rows carry the run's split"), o);
        assertTrue(o.contains("wrote " + out.resolve("predictions.csv") + ", " + out.resolve("pose_predictions.csv")
                + ", " + out.resolve("provenance.json")), o);
        assertTrue(o.contains("next: ./pipeline report --predictions " + out + " --run " + run), o);
        JsonNode p = provenance(out);
        assertEquals(provenance(run).get("dataset_fingerprint"), p.get("dataset_fingerprint"));
        assertEquals(p.get("training_dataset_fingerprint"), p.get("dataset_fingerprint"));
        assertEquals("best", p.get("checkpoint_choice").asText());
        assertTrue(p.get("split").asText().startsWith("the run's split"), p.toString());
    }

    @Test
    void newUnlabelledPosesArePreparedWithTheRunsTypingAndPredictedWithoutASplit() throws IOException {
        Path fresh = tmp.resolve("fresh");
        DemoDataset.generate(fresh, new DemoDataset.Options(6, 3, 12, 77));
        Path out = tmp.resolve("fresh-out");
        CliRun r = run("predict", "--run", run.toString(), "--poses", fresh.resolve("poses.sdf").toString(),
                "--receptor", "demo=" + fresh.resolve("receptor.pdb"), "--workers", "1", "--typer", "gnina",
                "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        String o = r.out();
        assertTrue(o.contains("prepared " + out.resolve("dataset") + " with gnina typing: 6 compounds (0 labelled),"
                + " 18 poses, 0 rejects"), o);
        assertTrue(o.contains("  note: no affinity table: all 6 compounds are unlabelled"), o);
        assertTrue(o.contains("predict: 6 compounds (0 labelled), 18 poses with "), o);
        assertTrue(o.contains("not the dataset the model was trained on, split none"), o);
        List<String> rows = Files.readAllLines(out.resolve("predictions.csv"));
        assertEquals(7, rows.size());
        List<String> header = List.of(rows.get(0).split(",", -1));
        for (String row : rows.subList(1, rows.size())) {
            List<String> f = List.of(row.split(",", -1));
            assertEquals("demo", f.get(header.indexOf("target")), row);
            assertEquals("none", f.get(header.indexOf("split")), row);
            assertEquals("", f.get(header.indexOf("label_pk")), row);
            assertEquals("3", f.get(header.indexOf("n_poses")), row);
        }
        assertEquals(19, Files.readAllLines(out.resolve("pose_predictions.csv")).size());
        assertTrue(provenance(out).get("split").asText().startsWith("none"));
        // the report reads unlabelled predictions too: counts, no metrics
        CliRun report = run("report", "--predictions", out.toString(), "--run", run.toString(), "--resamples", "20");
        assertEquals(0, report.exit(), report.out() + report.err());
        assertTrue(report.out().contains("no compound has an exact label"), report.out());
    }

    @Test
    void anotherTypingIsRefusedNamingTheField() throws IOException {
        Path fresh = tmp.resolve("fresh-element");
        DemoDataset.generate(fresh, new DemoDataset.Options(3, 2, 6, 78));
        Path element = tmp.resolve("element-ds");
        // prepare without an affinity table is allowed too: every compound unlabelled
        CliRun prep = run("prepare", "--poses", fresh.resolve("poses.sdf").toString(), "--receptor",
                "demo=" + fresh.resolve("receptor.pdb"), "--typer", "element", "--quiet", "--out",
                element.toString());
        assertEquals(0, prep.exit(), prep.out() + prep.err());
        assertTrue(prep.out().contains("compounds: 3 (labelled 0, unlabelled 3 kept for prediction"), prep.out());
        CliRun r = run("predict", "--run", run.toString(), "--dataset", element.toString(), "--out",
                tmp.resolve("element-out").toString());
        assertOneLine(r, element + ": the dataset was prepared with another typing than the model (");
        assertTrue(r.err().contains("): typer: gnina vs element (model vs dataset); prepare the poses with the"
                + " model's typing (--typer gnina)"), r.err());
        CliRun typer = run("predict", "--run", run.toString(), "--poses", fresh.resolve("poses.sdf").toString(),
                "--receptor", "demo=" + fresh.resolve("receptor.pdb"), "--typer", "element", "--out",
                tmp.resolve("element-out2").toString());
        assertOneLine(typer, "--typer element: the model was trained on gnina typing and poses are prepared with"
                + " it; drop --typer");
        assertFalse(Files.exists(tmp.resolve("element-out2/dataset")), "refused before preparing");
    }

    @Test
    void aCheckpointWithAnotherGridIsRefusedNamingTheField() throws IOException {
        CliRun other = run("train", "--config", config("{resolution: 2.0, dimension: 16.0}").toString(), "--set",
                "output.name=grid16", "--set", "training.epochs=1", "--quiet");
        assertEquals(0, other.exit(), other.out() + other.err());
        Path cp = tmp.resolve("runs/grid16/checkpoints/best");
        CliRun r = run("predict", "--run", run.toString(), "--checkpoint", cp.toString(), "--dataset",
                run.resolve("dataset").toString(), "--out", tmp.resolve("grid-out").toString());
        assertOneLine(r, cp.toRealPath() + ": the checkpoint was trained with another grid than "
                + run.resolve("config.yaml") + ": dimension: 16.0 vs 14.0");
        assertTrue(r.err().contains("(checkpoint vs run); give a checkpoint of this run"), r.err());
    }

    @Test
    void fixedGridCentersMustCoverTheDatasetsTargets() throws IOException {
        CliRun t = run("train", "--config", config("{resolution: 2.0, dimension: 14.0, center: fixed,"
                + " fixed_centers: {demo: [12.0, 8.0, -4.0]}}").toString(), "--set", "output.name=fixed", "--set",
                "training.epochs=1", "--quiet");
        assertEquals(0, t.exit(), t.out() + t.err());
        Path fixed = tmp.resolve("runs/fixed");
        Path fresh = tmp.resolve("fresh-fixed");
        DemoDataset.generate(fresh, new DemoDataset.Options(2, 2, 4, 80));
        CliRun r = run("predict", "--run", fixed.toString(), "--poses", fresh.resolve("poses.sdf").toString(),
                "--receptor", "kinase=" + fresh.resolve("receptor.pdb"), "--quiet", "--out",
                tmp.resolve("fixed-out").toString());
        assertOneLine(r, tmp.resolve("fixed-out/dataset") + ": target 'kinase' has no grid center: the model centres"
                + " its grids on fixed points per target (grid.center: fixed, centers for [demo] in "
                + fixed.resolve("config.yaml") + "); predict poses of those targets");
        CliRun ok = run("predict", "--run", fixed.toString(), "--poses", fresh.resolve("poses.sdf").toString(),
                "--receptor", "demo=" + fresh.resolve("receptor.pdb"), "--quiet", "--out",
                tmp.resolve("fixed-ok").toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
    }

    @Test
    void bestLastAndANamedCheckpointPickTheirEpochs() throws IOException {
        // the best epoch, read independently: the last metrics.jsonl line marked best
        int best = 0;
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            if (n.get("best").asBoolean()) {
                best = n.get("epoch").asInt();
            }
        }
        assertTrue(best >= 1);
        Path ds = run.resolve("dataset");
        CliRun b = run("predict", "--run", run.toString(), "--dataset", ds.toString(), "--out",
                tmp.resolve("pick-best").toString());
        CliRun l = run("predict", "--run", run.toString(), "--checkpoint", "last", "--dataset", ds.toString(),
                "--out", tmp.resolve("pick-last").toString());
        CliRun e1 = run("predict", "--run", run.toString(), "--checkpoint", "epoch-0001", "--dataset", ds.toString(),
                "--out", tmp.resolve("pick-1").toString());
        for (CliRun r : List.of(b, l, e1)) {
            assertEquals(0, r.exit(), r.out() + r.err());
        }
        JsonNode pb = provenance(tmp.resolve("pick-best"));
        JsonNode pl = provenance(tmp.resolve("pick-last"));
        JsonNode p1 = provenance(tmp.resolve("pick-1"));
        assertEquals(Integer.toString(best), pb.get("checkpoint_epoch").asText());
        assertTrue(pb.get("checkpoint").asText().endsWith(String.format("epoch-%04d", best)), pb.toString());
        assertEquals("2", pl.get("checkpoint_epoch").asText());
        assertEquals("last", pl.get("checkpoint_choice").asText());
        assertTrue(pl.get("checkpoint").asText().endsWith("checkpoints/epoch-0002"), pl.toString());
        assertEquals("1", p1.get("checkpoint_epoch").asText());
        assertTrue(p1.get("checkpoint").asText().endsWith("checkpoints/epoch-0001"), p1.toString());
        assertTrue(l.out().contains(" at last (epoch 2)"), l.out());
        // different weights, different predictions
        assertNotEquals(Files.readString(tmp.resolve("pick-1/predictions.csv")),
                Files.readString(tmp.resolve("pick-last/predictions.csv")));
    }

    @Test
    void evaluateReScoresTheRunToTrainingsMetrics() throws IOException {
        CliRun r = run("evaluate", "--run", run.toString(), "--quiet");
        assertEquals(0, r.exit(), r.out() + r.err());
        Path out = run.resolve("evaluate-best");
        for (String f : List.of("report.html", "metrics.json", "predictions.csv", "pose_predictions.csv",
                "provenance.json", "plots/scatter_test.png", "plots/training_loss.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String o = r.out();
        assertTrue(o.startsWith("evaluate: " + run + " at best (epoch "), o);
        assertTrue(o.contains("test split: 7 exact labels used, 1 censored excluded, 0 unlabelled"), o);
        assertTrue(o.contains("wrote " + out.resolve("report.html") + ", " + out.resolve("metrics.json")), o);
        JsonNode evaluated = JSON.readTree(out.resolve("metrics.json").toFile());
        JsonNode trained = JSON.readTree(run.resolve("metrics.json").toFile());
        assertEquals("test", evaluated.get("headline").get("split").asText(), evaluated.toString());
        assertEquals(trained.get("headline"), evaluated.get("headline"));
        assertEquals(trained.get("bootstrap"), evaluated.get("bootstrap"), "the run's seed, 1000 resamples");
        assertEquals(trained.get("groups"), evaluated.get("groups"));
        assertEquals(trained.get("train_mean_pk"), evaluated.get("train_mean_pk"));
    }

    @Test
    void anEnsembleIsTheMeanOfItsMembersAsInTraining() throws IOException {
        CliRun t = run("train", "--config", config("{resolution: 2.0, dimension: 14.0}").toString(), "--set",
                "output.name=ens", "--set", "training.ensemble=2", "--set", "training.epochs=1", "--quiet");
        assertEquals(0, t.exit(), t.out() + t.err());
        Path ens = tmp.resolve("runs/ens");
        Path out = tmp.resolve("ens-out");
        CliRun r = run("predict", "--run", ens.toString(), "--dataset", ens.resolve("dataset").toString(), "--out",
                out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertArrayEquals(Files.readAllBytes(ens.resolve("predictions.csv")),
                Files.readAllBytes(out.resolve("predictions.csv")));
        assertTrue(r.out().contains(" at best (epochs 1, 1), ensemble mean of 2 members"), r.out());
        JsonNode p = provenance(out);
        assertTrue(p.get("member_1_checkpoint").asText().endsWith("member-1/checkpoints/epoch-0001"), p.toString());
        assertTrue(p.get("member_2_checkpoint").asText().endsWith("member-2/checkpoints/epoch-0001"), p.toString());
        // one member's checkpoint alone: no spread
        Path one = tmp.resolve("ens-one");
        CliRun m2 = run("predict", "--run", ens.toString(), "--checkpoint",
                ens.resolve("member-2/checkpoints/epoch-0001").toString(), "--dataset",
                ens.resolve("dataset").toString(), "--out", one.toString());
        assertEquals(0, m2.exit(), m2.out() + m2.err());
        assertEquals("1 of 2", provenance(one).get("members_used").asText());
        List<String> rows = Files.readAllLines(one.resolve("predictions.csv"));
        assertTrue(rows.get(1).endsWith(","), "predicted_sd empty for one model: " + rows.get(1));
    }

    @Test
    void evaluateScoresAnExternalLabelledSetWithoutASplit() throws IOException {
        Path fresh = tmp.resolve("fresh-labelled");
        DemoDataset.generate(fresh, new DemoDataset.Options(10, 2, 8, 79));
        Path out = tmp.resolve("external");
        CliRun r = run("evaluate", "--run", run.toString(), "--poses", fresh.resolve("poses.sdf").toString(),
                "--receptor", "demo=" + fresh.resolve("receptor.pdb"), "--affinities",
                fresh.resolve("affinities.csv").toString(), "--resamples", "50", "--seed", "1", "--quiet", "--out",
                out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("with gnina typing: 10 compounds (10 labelled), 20 poses, 0 rejects"), r.out());
        assertTrue(r.out().contains("report: 10 compounds, 1 targets, 20 poses; 50 bootstrap resamples, seed 1"),
                r.out());
        assertTrue(r.out().contains("none split: "), r.out());
        JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals("none", m.get("headline").get("split").asText());
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    @Test
    void aCheckpointThatPredictsNanIsOneLineNamingCompoundAndPose() throws IOException {
        // the run's best checkpoint with one output bias set to NaN: every prediction of it is NaN
        Path nan = Files.createDirectories(tmp.resolve("nan-checkpoint"));
        try (var files = Files.list(run.resolve("checkpoints/best").toRealPath())) {
            for (Path f : files.toList()) {
                Files.copy(f, nan.resolve(f.getFileName()));
            }
        }
        org.multipose.model.TensorFile.Contents w = org.multipose.model.TensorFile.read(nan.resolve("weights.mpt"));
        java.util.Map<String, org.multipose.model.FloatTensor> t = new java.util.TreeMap<>(w.tensors().entries());
        org.multipose.model.FloatTensor bias = t.get("affinity_output.bias");
        float[] poisoned = bias.data().clone();
        poisoned[0] = Float.NaN;
        t.put("affinity_output.bias", new org.multipose.model.FloatTensor(bias.shape(), poisoned));
        org.multipose.model.TensorFile.write(nan.resolve("weights.mpt"), w.kind(), w.metadata(),
                new org.multipose.model.NamedTensors(t));
        CliRun r = run("evaluate", "--run", run.toString(), "--checkpoint", nan.toString(), "--out",
                tmp.resolve("nan-eval").toString(), "--quiet");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("pipeline evaluate: error: " + nan + ": the model's prediction for pose 1 of"
                + " demo/demo_001 (poses.sdf record "), r.err());
        assertTrue(r.err().contains(") is not a finite number (y = NaN kT); this checkpoint cannot score it: predict"
                + " with another checkpoint (--checkpoint last, or an epoch-NNNN directory of the run), or leave the"
                + " pose out (--pose-filter, --top-poses)"), r.err());
    }

    @Test
    void badInputIsOneLineExitTwo() throws IOException {
        String ds = run.resolve("dataset").toString();
        String out = tmp.resolve("bad-out").toString();
        assertOneLine(run("predict", "--dataset", ds, "--out", out), "--run RUN is missing: give the directory of a"
                + " training run (e.g. runs/quickstart-20261121-145247)");
        Path nowhere = tmp.resolve("no-run");
        assertOneLine(run("predict", "--run", nowhere.toString(), "--dataset", ds, "--out", out),
                nowhere + ": no such run directory; --run takes a directory made by ./pipeline train");
        assertOneLine(run("evaluate", "--run", tmp.toString()), tmp + ": not a run directory (no config.yaml)");
        Path bare = Files.createDirectories(tmp.resolve("untrained"));
        Files.copy(run.resolve("config.yaml"), bare.resolve("config.yaml"));
        assertOneLine(run("predict", "--run", bare.toString(), "--dataset", ds, "--out", out),
                bare.toAbsolutePath() + ": it has no checkpoint 'best' (no checkpoints/best); train the run first");
        assertOneLine(run("predict", "--run", run.toString(), "--checkpoint", "newest", "--dataset", ds, "--out", out),
                "--checkpoint newest: not best, last or a checkpoint directory; give one of them (checkpoints"
                        + " holds epoch-0001, epoch-0002)");
        assertOneLine(run("predict", "--run", run.toString(), "--checkpoint", run.resolve("dataset").toString(),
                "--dataset", ds, "--out", out), run.resolve("dataset") + ": not a checkpoint (no checkpoint.json)");
        assertOneLine(run("predict", "--run", run.toString(), "--out", out), "no dataset: give --dataset DIR");
        assertOneLine(run("predict", "--run", run.toString(), "--dataset", ds, "--poses", "x.sdf", "--out", out),
                "--dataset and the prepare flags (--poses, --receptor, ...) both given");
        assertOneLine(run("predict", "--run", run.toString(), "--dataset", ds), "--out DIR is missing");
        assertOneLine(run("predict", "--run", run.toString(), "--dataset", ds, "--out", run.toString()),
                "--out " + run + " is the run directory");
        assertOneLine(run("evaluate", "--run", run.toString(), "--dataset", ds), "--out DIR is missing: evaluate on"
                + " another dataset writes its report into --out");
        assertFalse(Files.exists(Path.of(out)), "nothing written");
    }

    @Test
    void trainingRefusesAConfigWithoutAnAffinityTable() throws IOException {
        CliRun r = run("train", "--config", config("{resolution: 2.0, dimension: 14.0}").toString(), "--set",
                "data.prepare.affinities=~", "--set", "output.name=unlabelled");
        assertOneLine(r, "data.prepare.affinities is ~ (no affinity table), but training needs labels; give the"
                + " affinity table (CSV)");
        assertFalse(Files.exists(tmp.resolve("runs/unlabelled")));
    }

    private static void assertOneLine(CliRun r, String expectedStart) {
        assertEquals(2, r.exit(), r.out() + r.err());
        String err = r.err().trim();
        assertFalse(err.contains("\n"), err);
        String prefix = err.substring(err.indexOf(": error: ") + ": error: ".length());
        assertTrue(prefix.startsWith(expectedStart), "expected '" + expectedStart + "...', got: " + err);
    }
}
