package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.data.CompoundKey;
import org.multipose.data.Dataset;
import org.multipose.data.PoseRecord;
import org.multipose.model.FloatTensor;
import org.multipose.model.NamedTensors;
import org.multipose.model.TensorFile;
import org.multipose.testsupport.GninaLayout;

/**
 * Real docking output as it comes (issue 10): gnina's layout ({@code ligand_N/docked_A.sdf}, {@code docked_B.sdf},
 * blank titles, two targets; {@link GninaLayout}) prepared in one command; a training config on it with its given
 * split (header {@code target,id,split}, naming an unlabelled compound) trained as a top-pose-only and an all-poses
 * model; their reports, whose headline is per target with the top-pose baseline; predicting with another pose
 * selection; a checkpoint that predicts NaN; and an override that switches the split method.
 */
class GninaLayoutTest {

    @TempDir
    static Path tmp;
    static GninaLayout.Layout layout;

    static final int LIGANDS = 20;
    static final int POSES = 4;

    static CliRun prepared;
    static Path config;

    @BeforeAll
    static void dockAndPrepare() throws Exception {
        layout = GninaLayout.write(tmp.resolve("docking"), LIGANDS, POSES);
        prepared = run(prepare(tmp.resolve("ds")));
        config = tmp.resolve("gnina.yaml");
        Files.writeString(config, "seed: 5\nthreads: 1\n"
                + "data: {dataset: ds}\n"
                + "split:\n  method: manual\n  file: docking/split.csv\n"
                + "grid: {resolution: 2.0, dimension: 14.0}\n"
                + "model: {architecture: small, widths: [8, 8, 8, 8, 8]}\n"
                + "loss: [{kind: censored_mse}]\n"
                + "optimizer: {lr: 0.01}\n"
                + "training: {epochs: 8, batch_size: 4}\n"
                + "output: {runs_dir: runs}\n");
    }

    private static String[] prepare(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("prepare", "--poses",
                layout.root() + "/ligand_*/docked_{target}.sdf", "--id-from", "folder", "--receptor",
                "A=" + layout.receptorA(), "--receptor", "B=" + layout.receptorB(), "--affinities",
                layout.affinities().toString(), "--workers", "1", "--quiet", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void theLayoutIsPreparedInOneCommand() {
        Path out = tmp.resolve("ds");
        CliRun r = prepared;
        assertEquals(0, r.exit(), r.out() + r.err());
        // 20 ligands x 2 targets, 4 poses each; ligand_2 has no label for B (39 labels)
        assertTrue(r.out().contains("  targets: 2 (A 20 compounds / 80 poses"), r.out());
        assertTrue(r.out().contains("  compounds: 40 (labelled 39, unlabelled 1 kept for prediction"), r.out());
        assertTrue(r.out().contains("  poses: 160 from 160 pose records in 40 file(s)"), r.out());
        assertTrue(r.out().contains("  rejects: 0"), r.out());
        try (Dataset ds = Dataset.open(out)) {
            List<PoseRecord> poses = ds.poses(new CompoundKey("B", "ligand_7"));
            assertEquals(List.of(1, 2, 3, 4), poses.stream().map(PoseRecord::poseIndex).toList(),
                    "file order is the rank: no pose-index tag");
            assertTrue(poses.get(0).sourceFile().endsWith("ligand_7/docked_B.sdf"), poses.get(0).sourceFile());
        }
    }

    @Test
    void theIdPlaceholderNamesTheCompoundsFromTheFolder() {
        Path out = tmp.resolve("ds-id");
        CliRun r = run("prepare", "--poses", layout.root() + "/ligand_{id}/docked_{target}.sdf", "--receptor",
                "A=" + layout.receptorA(), "--receptor", "B=" + layout.receptorB(), "--workers", "1", "--quiet",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        try (Dataset ds = Dataset.open(out)) {
            assertEquals(40, ds.compounds().size());
            assertEquals(POSES, ds.poses(new CompoundKey("A", "13")).size());
        }
        CliRun both = run("prepare", "--poses", layout.root() + "/ligand_{id}/docked_{target}.sdf", "--id-from",
                "title", "--receptor", "A=" + layout.receptorA(), "--receptor", "B=" + layout.receptorB(), "--out",
                tmp.resolve("ds-both").toString());
        assertEquals(0, both.exit(), "title is the default, so naming it changes nothing: " + both.err());
        CliRun conflict = run("prepare", "--poses", layout.root() + "/ligand_{id}/docked_{target}.sdf", "--id-from",
                "folder", "--receptor", "A=" + layout.receptorA(), "--receptor", "B=" + layout.receptorB(), "--out",
                tmp.resolve("ds-conflict").toString());
        assertEquals(2, conflict.exit());
        assertTrue(conflict.err().contains("its {id} names each file's compound, so id_from folder has nothing to"
                + " do"), conflict.err());
    }

    @Test
    void prepareCanKeepTheTopPosesAndSaysWhatItLeftOut() throws Exception {
        Path out = tmp.resolve("ds-top2");
        CliRun r = run(prepare(out, "--top-poses", "2"));
        assertEquals(0, r.exit(), r.out() + r.err());
        // 40 compounds x 4 poses: 2 kept each; the 80 left out are counted, not rejected
        assertTrue(r.out().contains("  poses: 80 from 160 pose records in 40 file(s)"), r.out());
        assertTrue(r.out().contains("  pose selection: top 2 by pose_index: 80 of 160 poses kept (80 beyond the top"
                + " 2), 40 of 40 compounds"), r.out());
        assertTrue(r.out().contains("  rejects: 0"), r.out());
        JsonNode sel = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("pose_selection");
        assertEquals("top 2 by pose_index", sel.get("rule").asText());
        assertEquals(160, sel.get("poses_in").asInt());
        assertEquals(80, sel.get("left_out_beyond_top").asInt());
        try (Dataset ds = Dataset.open(out)) {
            assertEquals(List.of(1, 2), ds.poses(new CompoundKey("A", "ligand_5")).stream()
                    .map(PoseRecord::poseIndex).toList());
        }
        CliRun typo = run(prepare(tmp.resolve("ds-typo"), "--pose-filter", "rmsd_to_reference <= 2"));
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("no pose has the score 'rmsd_to_reference'; the poses' scores are"
                + " minimizedAffinity"), typo.err());
    }

    @Test
    void topPoseOnlyAndAllPosesModelsWithAPerTargetHeadline() throws Exception {
        CliRun all = run("train", "--config", config.toString(), "--set", "output.name=all", "--quiet");
        assertEquals(0, all.exit(), all.out() + all.err());
        CliRun top = run("train", "--config", config.toString(), "--set", "output.name=top", "--set",
                "data.pose_selection.top=1", "--quiet");
        assertEquals(0, top.exit(), top.out() + top.err());
        Path allRun = tmp.resolve("runs/all");
        Path topRun = tmp.resolve("runs/top");
        // the given split: 12 train, 4 val, 4 test ligands per target; B/ligand_2 has no label and is not split
        String split = Files.readString(allRun.resolve("split.csv"));
        assertEquals(39, split.lines().count() - 1, split);
        assertTrue(!split.contains("B,ligand_2,"), split);
        // train's summary: the test split's two targets are scored per target and averaged
        assertTrue(all.out().contains("  test (7 labels, 1 censored left out, mean over 2 targets): RMSE = "), all.out());
        assertTrue(all.out().contains("  test per target: A Spearman"), all.out());
        assertTrue(all.out().contains("; top pose only Spearman"), all.out());
        assertTrue(Files.readString(topRun.resolve("train.log")).contains("pose selection (data.pose_selection): top"
                + " 1 by pose_index: 40 of 160 poses kept (120 beyond the top 1), 40 of 40 compounds"));
        JsonNode prov = new ObjectMapper().readTree(topRun.resolve("provenance.json").toFile());
        assertEquals("top 1 by pose_index (the run's data.pose_selection)", prov.get("pose_selection").asText());
        assertEquals(1 + 40, Files.readAllLines(topRun.resolve("pose_predictions.csv")).size(),
                "a header and 40 compounds with one pose each");
        // the reports: the headline is per target, the top-pose baseline where the model had several poses
        CliRun report = run("report", "--predictions", allRun.toString(), "--run", allRun.toString(),
                "--resamples", "50");
        assertEquals(0, report.exit(), report.err());
        String o = report.out();
        assertTrue(o.contains("test split, per target (2 targets; pooled only with --pooled): 7 exact labels used"),
                o);
        assertTrue(o.lines().anyMatch(l -> l.startsWith("  A ")) && o.lines().anyMatch(l -> l.startsWith("  B ")),
                o);
        assertTrue(o.contains("mean over 2 targets:"), o);
        assertTrue(o.lines().anyMatch(l -> l.startsWith("  top pose only") && !l.contains("not available")), o);
        assertTrue(o.contains("  Spearman vs top pose only: "), o);
        assertTrue(!o.contains("pooled over"), o);
        String html = Files.readString(allRun.resolve("report.html"));
        assertTrue(html.contains("<h2>Summary: test split, per target (2 targets)</h2>"), "per-target headline");
        assertTrue(html.indexOf("Per target, test split: the model") < html.indexOf("Mean over 2 targets"));
        // no RMSD in docking output: the report says why the pose-weight plot is absent
        assertTrue(html.contains("pose weight vs RMSD: no pose has an RMSD to a reference"), "absent plot named");
        CliRun topReport = run("report", "--predictions", topRun.toString(), "--resamples", "50");
        assertEquals(0, topReport.exit(), topReport.err());
        assertTrue(topReport.out().contains("  top pose only     -  not available: every compound has one pose: the"
                + " model already scores its top pose only"), topReport.out());
        // the all-poses model scored on the top pose only: the same model, another selection, in the provenance
        CliRun one = run("evaluate", "--run", allRun.toString(), "--top-poses", "1", "--out",
                tmp.resolve("all-on-top").toString(), "--resamples", "50");
        assertEquals(0, one.exit(), one.err());
        assertTrue(one.out().contains("  pose selection: top 1 by pose_index: 40 of 160 poses kept"), one.out());
        JsonNode p1 = new ObjectMapper().readTree(tmp.resolve("all-on-top/provenance.json").toFile());
        assertEquals("top 1 by pose_index (not the run's: all poses)", p1.get("pose_selection").asText());
        // a checkpoint whose weights are NaN: one line naming compound and pose, exit 2 (not an internal error)
        Path nan = tmp.resolve("nan-checkpoint");
        copy(allRun.resolve("checkpoints/best").toRealPath(), nan);
        TensorFile.Contents w = TensorFile.read(nan.resolve("weights.mpt"));
        Map<String, FloatTensor> tensors = new TreeMap<>(w.tensors().entries());
        FloatTensor bias = tensors.get("affinity_output.bias");
        float[] poisoned = bias.data().clone();
        poisoned[0] = Float.NaN;
        tensors.put("affinity_output.bias", new FloatTensor(bias.shape(), poisoned));
        TensorFile.write(nan.resolve("weights.mpt"), w.kind(), w.metadata(), new NamedTensors(tensors));
        CliRun bad = run("evaluate", "--run", allRun.toString(), "--checkpoint", nan.toString(), "--out",
                tmp.resolve("nan-eval").toString());
        assertEquals(2, bad.exit(), bad.out() + bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains(nan + ": the model's prediction for pose 1 of A/ligand_1 ("), bad.err());
        assertTrue(bad.err().contains(" is not a finite number (y = NaN kT); this checkpoint cannot score it"),
                bad.err());
    }

    @Test
    void switchingTheSplitMethodDropsTheManualSplitFileWithANote() {
        // refused for another reason before anything is trained: the note is printed while the config loads
        CliRun r = run("train", "--config", config.toString(), "--set", "split.method=random", "--set",
                "model.dropout=0.3", "--set", "output.name=switched");
        assertTrue(r.out().contains("note: --set split.method=random: dropped split.file (" + config + ":6), which"
                + " only applies to method manual"), r.out());
        assertTrue(r.err().contains("model.dropout: 0.3 is not supported"), r.err());
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path f : s.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
