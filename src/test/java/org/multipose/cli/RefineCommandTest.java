package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.refine.Refinement;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.Molecule;
import org.multipose.structure.SdfLigandReader;
import picocli.CommandLine;

/**
 * {@code pipeline refine} on runs trained here on the demo's first 40 compounds (one epoch, 16³ grid of 1 Å, a
 * tiny network; a single model and an ensemble of two): the refined SD file and its tags, the agreement of
 * {@code multipose_y_kt_before} with the run's own pose predictions (same gridding, no augmentation), the ensemble
 * mean, and the one-line errors with exit code 2.
 */
class RefineCommandTest {

    @TempDir
    static Path tmp;
    static Path single;
    static Path ensemble;
    static Path receptor;
    static Path poses;

    private record Result(int exit, String out, String err) {}

    private static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @BeforeAll
    static void trainRuns() throws Exception {
        Path demo = Path.of(System.getProperty("multipose.project.dir", ".")).resolve("datasets/demo");
        Path dir = Files.createDirectories(tmp.resolve("demo40"));
        List<String> sdf = Files.readAllLines(demo.resolve("poses.sdf"));
        StringBuilder all = new StringBuilder();
        StringBuilder first8 = new StringBuilder();
        int records = 0;
        for (String line : sdf) {
            all.append(line).append('\n');
            if (records < 8) {
                first8.append(line).append('\n');
            }
            if (line.equals("$$$$") && ++records == 160) {
                break;
            }
        }
        Files.writeString(dir.resolve("poses.sdf"), all);
        poses = tmp.resolve("poses8.sdf");
        Files.writeString(poses, first8);
        Files.write(dir.resolve("affinities.csv"), Files.readAllLines(demo.resolve("affinities.csv")).subList(0, 41));
        receptor = dir.resolve("receptor.pdb");
        Files.copy(demo.resolve("receptor.pdb"), receptor);
        String common = "seed: 5\nthreads: 1\n"
                + "split: {fractions: [0.6, 0.2, 0.2]}\n"
                + "grid: {resolution: 1.0, dimension: 15.0}\n"
                + "model: {architecture: small, widths: [4, 4, 8, 8, 8]}\n"
                + "loss: [{kind: censored_mse}]\n"
                + "training: {epochs: 1, batch_size: 4}\n"
                + "output: {runs_dir: runs}\n";
        Path config = tmp.resolve("single.yaml");
        Files.writeString(config, common + "data: {prepare: {poses: demo40/poses.sdf, receptors: {demo:"
                + " demo40/receptor.pdb}, affinities: demo40/affinities.csv}}\n");
        Result r = run("train", "--config", config.toString(), "--set", "output.name=single", "--quiet");
        assertEquals(0, r.exit(), r.out() + r.err());
        single = tmp.resolve("runs/single");
        Path ens = tmp.resolve("ensemble.yaml");
        Files.writeString(ens, common + "data: {dataset: " + single.resolve("dataset") + "}\n");
        r = run("train", "--config", ens.toString(), "--set", "output.name=ensemble", "--set", "training.ensemble=2",
                "--quiet");
        assertEquals(0, r.exit(), r.out() + r.err());
        ensemble = tmp.resolve("runs/ensemble");
    }

    /** y_kt of (compound, pose index) in the run's pose_predictions.csv. */
    static Map<String, Double> posePredictions(Path run) throws IOException {
        Map<String, Double> out = new HashMap<>();
        List<String> lines = Files.readAllLines(run.resolve("pose_predictions.csv"));
        List<String> head = List.of(lines.get(0).split(","));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            out.put(f[head.indexOf("compound_id")] + "/" + f[head.indexOf("pose_index")],
                    Double.parseDouble(f[head.indexOf("y_kt")]));
        }
        return out;
    }

    static List<Molecule> read(Path file) {
        var r = SdfLigandReader.read(file, CompoundIdRule.title());
        assertEquals(List.of(), r.rejects());
        return r.items();
    }

    static double tag(Molecule m, String name) {
        return Double.parseDouble(m.properties().get(name));
    }

    @Test
    void refinesOnePoseAndWritesItsTags() throws IOException {
        Path out = tmp.resolve("one.sdf");
        Result r = run("refine", "--run", single.toString(), "--receptor", receptor.toString(), "--ligand",
                poses.toString(), "--pose", "2", "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("refine: record 2 (demo_001): y "), r.out());
        assertTrue(r.out().contains("refine: 1 pose(s) of " + poses + " with " + single + " best (epoch 1) (1 member,"),
                r.out());
        assertTrue(r.out().contains("wrote " + out.toAbsolutePath()), r.out());
        List<Molecule> mols = read(out);
        assertEquals(1, mols.size());
        Molecule m = mols.get(0);
        Molecule original = read(poses).get(1);
        assertEquals(original.title(), m.title());
        assertEquals("3", m.properties().get("pose_rank"), "the record's own tags are kept");
        // The model's y for this pose as the run predicted it (pose_rank 3 of demo_001).
        double predicted = posePredictions(single).get("demo_001/3");
        assertEquals(predicted, tag(m, RefineCommand.TAG_BEFORE), 1e-6);
        assertTrue(tag(m, RefineCommand.TAG_AFTER) <= tag(m, RefineCommand.TAG_BEFORE));
        int steps = Integer.parseInt(m.properties().get(RefineCommand.TAG_STEPS));
        assertTrue(steps >= 0 && steps <= 50, "steps " + steps);
        assertEquals(Refinement.rmsd(original.coords(), m.coords()), tag(m, RefineCommand.TAG_RMSD), 2e-4,
                "the RMSD tag is the move written (coordinates to 4 decimals)");
    }

    @Test
    void refinesEveryPoseWithAnEnsembleOnTheMeanOfItsMembers() throws IOException {
        Path out = tmp.resolve("all.sdf");
        Result r = run("refine", "--run", ensemble.toString(), "--receptor", receptor.toString(), "--ligand",
                poses.toString(), "--all", "--steps", "5", "--step", "0.05", "--out", out.toString(), "--quiet");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("refine: 8 pose(s) of "), r.out());
        assertTrue(r.out().contains("(2 members, 89 receptor atoms)"), r.out());
        assertEquals(1, r.out().strip().lines().count(), "--quiet: the summary only");
        List<Molecule> mols = read(out);
        List<Molecule> originals = read(poses);
        assertEquals(8, mols.size());
        Map<String, Double> predicted = posePredictions(ensemble);
        for (int i = 0; i < 8; i++) {
            Molecule m = mols.get(i);
            Molecule o = originals.get(i);
            assertEquals(o.compoundId(), m.compoundId());
            assertEquals(o.properties().get("pose_rank"), m.properties().get("pose_rank"));
            // pose_predictions.csv holds the members' mean y per pose.
            assertEquals(predicted.get(o.compoundId() + "/" + o.properties().get("pose_rank")),
                    tag(m, RefineCommand.TAG_BEFORE), 1e-5);
            assertTrue(Integer.parseInt(m.properties().get(RefineCommand.TAG_STEPS)) <= 5);
        }
    }

    @Test
    void scoreWithRunModelsGivesTheRunsOwnPosePredictions() throws IOException {
        // pipeline score --model run:DIR on the same poses: CNNaffinity = −y/ln 10 of the run's own prediction
        // (members' mean y for the ensemble), the variance only for the ensemble, no CNNscore (no pose head)
        for (Path run : List.of(single, ensemble)) {
            Path out = tmp.resolve("scored-" + run.getFileName() + ".sdf");
            Result r = run("score", "--model", "run:" + run, "--receptor", receptor.toString(), "--ligand",
                    poses.toString(), "--out", out.toString(), "--quiet", "--threads", "1");
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().startsWith("score: 8 pose(s) from 1 file(s) with run:" + run + " (best (epoch"),
                    r.out());
            List<Molecule> scored = read(out);
            List<Molecule> originals = read(poses);
            Map<String, Double> predicted = posePredictions(run);
            assertEquals(8, scored.size());
            for (int i = 0; i < 8; i++) {
                Molecule m = scored.get(i);
                Molecule o = originals.get(i);
                double y = predicted.get(o.compoundId() + "/" + o.properties().get("pose_rank"));
                assertEquals(-y / Math.log(10), tag(m, ScoreCommand.TAG_AFFINITY), 1e-5);
                assertEquals(run == ensemble, m.properties().containsKey(ScoreCommand.TAG_VARIANCE));
                assertTrue(!m.properties().containsKey(ScoreCommand.TAG_SCORE));
                assertEquals(o.properties().get("pose_rank"), m.properties().get("pose_rank"));
            }
        }
    }

    @Test
    void takesTheLastCheckpointOrADirectory() throws IOException {
        Path out = tmp.resolve("last.sdf");
        Result r = run("refine", "--run", single.toString(), "--checkpoint", "last", "--receptor",
                receptor.toString(), "--ligand", poses.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(" last (epoch 1) "), r.out());
        r = run("refine", "--run", single.toString(), "--checkpoint", "epoch-0001", "--receptor",
                receptor.toString(), "--ligand", poses.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(" epoch-0001 (epoch 1) "), r.out());
    }

    private static void assertOneLineError(Result r, String... fragments) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("pipeline refine: error: "), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "'" + f + "' in " + r.err());
        }
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        String rec = receptor.toString();
        String lig = poses.toString();
        Path out = tmp.resolve("never.sdf");
        assertOneLineError(run("refine", "--run", tmp.resolve("nope").toString(), "--receptor", rec, "--ligand", lig),
                "no such run directory");
        assertOneLineError(run("refine", "--run", single.toString(), "--receptor", rec, "--ligand", lig, "--pose",
                "9", "--out", out.toString()), "--pose 9 is out of range; the file has 8 record(s)");
        assertOneLineError(run("refine", "--run", single.toString(), "--receptor", rec, "--ligand", lig, "--pose",
                "2", "--all"), "--pose and --all exclude each other");
        assertOneLineError(run("refine", "--run", single.toString(), "--receptor", rec, "--ligand",
                tmp.resolve("x.mol2").toString()), "refine reads and writes SD files");
        assertOneLineError(run("refine", "--run", single.toString(), "--checkpoint", "epoch-0042", "--receptor", rec,
                "--ligand", lig), "not best, last or a checkpoint directory");
        assertOneLineError(run("refine", "--run", single.toString(), "--receptor", rec, "--ligand", lig, "--step",
                "0"), "--step", "step must be a positive number of Å");
        assertTrue(Files.notExists(out));

        // A checkpoint whose typing this multipose cannot reproduce: the gnina channels recorded as "element".
        Path fake = Files.createDirectories(tmp.resolve("fake-run/checkpoints"));
        Files.copy(single.resolve("config.yaml"), fake.getParent().resolve("config.yaml"));
        Path cp = single.resolve("checkpoints/epoch-0001");
        Path copy = Files.createDirectories(fake.resolve("epoch-0001"));
        try (Stream<Path> s = Files.list(cp)) {
            for (Path f : s.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path state = copy.resolve("checkpoint.json");
        Files.writeString(state, Files.readString(state).replace("\"typer\" : \"gnina\"", "\"typer\" : \"element\""));
        Files.createSymbolicLink(fake.resolve("best"), Path.of("epoch-0001"));
        assertOneLineError(run("refine", "--run", fake.getParent().toString(), "--receptor", rec, "--ligand", lig),
                "the model's typing differs from this multipose's element typing: channel names:");
        Files.writeString(state, Files.readString(state).replace("\"typer\" : \"element\"", "\"typer\" : \"smina\""));
        assertOneLineError(run("refine", "--run", fake.getParent().toString(), "--receptor", rec, "--ligand", lig),
                "trained with typer 'smina', which this multipose cannot type with");

        // A model whose grids sit at a fixed point per target needs --target (its run's config says so too: the
        // checkpoint must agree with the run it belongs to).
        Files.writeString(state, Files.readString(state).replace("\"typer\" : \"smina\"", "\"typer\" : \"gnina\"")
                .replace("\"center\" : \"compound\"", "\"center\" : \"fixed\"")
                .replace("\"fixed_centers\" : { }", "\"fixed_centers\" : {\"demo\" : [12.0, 8.0, -4.0]}"));
        Path runConfig = fake.getParent().resolve("config.yaml");
        Files.writeString(runConfig, Files.readString(runConfig).replace("  center: compound\n  fixed_centers: {}",
                "  center: fixed\n  fixed_centers: {demo: [12.0, 8.0, -4.0]}"));
        assertOneLineError(run("refine", "--run", fake.getParent().toString(), "--receptor", rec, "--ligand", lig),
                "the model centres its grids on fixed points per target ([demo]); name one with --target");
        assertOneLineError(run("refine", "--run", fake.getParent().toString(), "--receptor", rec, "--ligand", lig,
                "--target", "tyk2"), "('tyk2' is not one)");
        Path fixed = tmp.resolve("fixed.sdf");
        Result ok = run("refine", "--run", fake.getParent().toString(), "--receptor", rec, "--ligand", lig,
                "--target", "demo", "--steps", "2", "--out", fixed.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        double centred = posePredictions(single).get("demo_001/1");
        double atFixed = tag(read(fixed).get(0), RefineCommand.TAG_BEFORE);
        assertTrue(Math.abs(atFixed - centred) > 1e-6, "the grid sits elsewhere: " + atFixed + " vs " + centred);
    }
}
