package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.data.Dataset;

/**
 * {@code pipeline prepare} on a small slice of the bundled demo: the first 8 records of datasets/demo/poses.sdf
 * (demo_001 and demo_002, 4 poses each; {@code head -n 232}: 8 records of 29 lines), its receptor and its table.
 */
class PrepareCommandTest {

    @TempDir
    Path tmp;

    static final Path DEMO = Path.of(System.getProperty("multipose.project.dir", ".")).resolve("datasets/demo");
    Path poses;

    @BeforeEach
    void slice() throws IOException {
        List<String> lines = Files.readAllLines(DEMO.resolve("poses.sdf"), StandardCharsets.UTF_8);
        assertEquals("$$$$", lines.get(231));
        poses = tmp.resolve("poses/two.sdf");
        Files.createDirectories(poses.getParent());
        Files.writeString(poses, String.join("\n", lines.subList(0, 232)) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void preparesFromOptionsAndFromAConfigAlike() throws IOException {
        Path out = tmp.resolve("ds");
        CliRun r = run("prepare", "--poses", tmp.resolve("poses").toString(), "--receptor",
                DEMO.resolve("receptor.pdb").toString(), "--affinities", DEMO.resolve("affinities.csv").toString(),
                "--workers", "2", "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        String o = r.out();
        assertTrue(o.startsWith("prepare: wrote " + out.toAbsolutePath()), o);
        // a bare receptor FILE names the target after the file
        assertTrue(o.contains("  targets: 1 (receptor 2 compounds / 8 poses / receptor 89 atoms)"), o);
        assertTrue(o.contains("  compounds: 2 (labelled 2, unlabelled 0 kept for prediction, censored 0)"), o);
        assertTrue(o.contains("  poses: 8 from 8 pose records in 1 file(s)"), o);
        // 240 labels, of which 238 have no poses in this slice
        assertTrue(o.contains("  labels: 240 from 240 table rows; 238 without poses"), o);
        assertTrue(o.contains("  rejects: 238 (label without poses 238; see " + out.resolve("rejects.csv") + ")"), o);
        assertTrue(o.contains("  typing: gnina, 28 channels"), o);
        String fingerprint;
        try (Dataset ds = Dataset.open(out)) {
            fingerprint = ds.recordedFingerprint().orElseThrow();
            assertTrue(o.contains("  fingerprint: " + fingerprint), o);
        }

        Path config = tmp.resolve("cfg/train.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "data:\n  prepare:\n    poses: ../poses\n    receptors: {receptor: "
                + DEMO.resolve("receptor.pdb") + "}\n    affinities: " + DEMO.resolve("affinities.csv") + "\n");
        Path out2 = tmp.resolve("ds2");
        CliRun c = run("prepare", "--config", config.toString(), "--workers", "1", "--quiet", "--out", out2.toString());
        assertEquals(0, c.exit(), c.err());
        // source_file is stored as given: the config resolves ../poses to the same absolute path
        try (Dataset ds = Dataset.open(out2)) {
            assertEquals(fingerprint, ds.recordedFingerprint().orElseThrow());
        }
    }

    @Test
    void theElementTyperIsAChoice() {
        Path out = tmp.resolve("el");
        CliRun r = run("prepare", "--poses", poses.toString(), "--receptor", "demo=" + DEMO.resolve("receptor.pdb"),
                "--affinities", DEMO.resolve("affinities.csv").toString(), "--typer", "element", "--quiet",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("  targets: 1 (demo 2 compounds / 8 poses / receptor 89 atoms)"), r.out());
        assertTrue(r.out().contains("  typing: element, 28 channels"), r.out());
        try (Dataset ds = Dataset.open(out)) {
            assertEquals("element", ds.metadata().typer());
            assertEquals("rec_C", ds.metadata().channelNames().get(0));
        }
        // with --config the config's data.prepare.typer chooses, and --typer still wins
        Path config = tmp.resolve("el.yaml");
        try {
            Files.writeString(config, "data:\n  prepare:\n    poses: " + poses + "\n    receptors: {demo: "
                    + DEMO.resolve("receptor.pdb") + "}\n    affinities: " + DEMO.resolve("affinities.csv")
                    + "\n    typer: element\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRun c = run("prepare", "--config", config.toString(), "--quiet", "--out", tmp.resolve("el2").toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("  typing: element, 28 channels"), c.out());
        CliRun g = run("prepare", "--config", config.toString(), "--typer", "gnina", "--quiet", "--out",
                tmp.resolve("el3").toString());
        assertEquals(0, g.exit(), g.err());
        assertTrue(g.out().contains("  typing: gnina, 28 channels"), g.out());
    }

    @Test
    void withoutAnAffinityTableEveryCompoundIsUnlabelled() throws IOException {
        Path out = tmp.resolve("unlabelled");
        CliRun r = CliRun.run("prepare", "--poses", poses.toString(), "--receptor", "demo=" + DEMO.resolve("receptor.pdb"),
                "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        String o = r.out();
        assertTrue(o.contains("  compounds: 2 (labelled 0, unlabelled 2 kept for prediction, censored 0)"), o);
        assertTrue(o.contains("  poses: 8 from 8 pose records in 1 file(s)"), o);
        assertTrue(o.contains("  labels: 0 from 0 table rows; 0 without poses"), o);
        assertTrue(o.contains("  rejects: 0\n"), o);
        assertTrue(o.contains("  note: no affinity table: all 2 compounds are unlabelled (a dataset to predict with"
                + " ./pipeline predict; training needs labels)"), o);
        try (Dataset ds = Dataset.open(out)) {
            assertEquals(2, ds.compounds().size());
            assertTrue(ds.compounds().stream().noneMatch(c -> c.hasLabel()));
        }
        assertOneLineError(CliRun.run("prepare", "--poses", poses.toString(), "--receptor", DEMO.resolve("receptor.pdb")
                .toString(), "--column", "id=ligand", "--out", out.toString()), "affinity table options without"
                        + " --affinities (--column); give --affinities CSV, or drop them to prepare unlabelled poses");
    }

    private void assertOneLineError(CliRun r, String expected) {
        assertEquals(Main.EXIT_INPUT, r.exit(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("pipeline prepare: error: " + expected, r.err().strip());
    }

    @Test
    void missingInputsAndBadOptionsAreOneLineExitTwo() {
        String rec = DEMO.resolve("receptor.pdb").toString();
        String aff = DEMO.resolve("affinities.csv").toString();
        String p = poses.toString();
        assertOneLineError(run("prepare", "--poses", p, "--receptor", rec, "--affinities", aff),
                "--out DIR is missing: name the dataset directory to write, e.g. --out data/ds");
        assertOneLineError(run("prepare", "--receptor", rec, "--affinities", aff, "--out", "x"),
                "--poses PATTERN is missing: the pose files (a directory, a file, or a glob such as 'poses/*.sdf'),"
                        + " or give --config FILE");
        assertOneLineError(run("prepare", "--poses", p, "--receptor", "t=" + tmp.resolve("nope.pdb"),
                "--affinities", aff, "--out", tmp.resolve("o").toString()),
                "receptor of target 't': " + tmp.resolve("nope.pdb") + " does not exist; give a PDB file (--receptor"
                        + " t=FILE, data.prepare.receptors)");
        assertOneLineError(run("prepare", "--poses", p, "--receptor", rec, "--affinities", aff, "--column",
                "smiles=s", "--out", "x"), "--column smiles=s: give KEY=NAME with KEY one of id, value, measure,"
                        + " unit, qualifier, stderr, ci_lower, ci_upper, target, date");
        assertOneLineError(run("prepare", "--poses", p, "--receptor", rec, "--affinities", aff, "--column",
                "id=ligand", "--out", tmp.resolve("o").toString()), aff + ": no column 'ligand' for the id; the"
                        + " header has: compound_id, measure, value, unit, qualifier, stderr; map it with --column"
                        + " id=NAME (config: data.prepare.columns.id)");
        assertOneLineError(run("prepare", "--poses", p, "--receptor", rec, "--affinities", aff, "--typer", "xs",
                "--out", "x"), "--typer xs: use gnina (28 XS channels) or element");
        assertOneLineError(run("prepare", "--config", "c.yaml", "--poses", p, "--out", "x"),
                "--config takes the inputs from the config; drop --poses or override config keys with --set"
                        + " data.prepare.KEY=VALUE");
        assertOneLineError(run("prepare", "--poses", tmp + "/{target}/*.sdf", "--receptor", "a=" + rec,
                "--receptor", "b=" + rec, "--affinities", aff, "--out", tmp.resolve("o").toString()),
                aff + ": no target column 'target' and 2 targets; map the column holding each row's target (--column"
                        + " target=NAME, data.prepare.columns.target) or prepare one target at a time with --target"
                        + " NAME");
    }

    @Test
    void whenNothingIsUsableItSaysWhyAndExitsTwo() throws IOException {
        Path bad = tmp.resolve("bad/x.sdf");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "lig\n  prog\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n 1.0 2.0 3.0 C\nM  END\n$$$$\n");
        Path out = tmp.resolve("none");
        CliRun r = run("prepare", "--poses", bad.toString(), "--receptor", DEMO.resolve("receptor.pdb").toString(),
                "--affinities", DEMO.resolve("affinities.csv").toString(), "--quiet", "--out", out.toString());
        assertEquals(Main.EXIT_INPUT, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        String e = r.err();
        assertTrue(e.startsWith("pipeline prepare: error: nothing to prepare: no pose could be used (1 pose records"
                + " read; rejects: label without poses 240, malformed atom line 1, unused receptor 1); see "
                + out.resolve("rejects.csv") + "; first: " + bad + " record 1 (line 1): malformed atom line: atom"
                + " line 5 (atom 1) is 14 characters long: V2000 atom lines"), e);
        assertEquals(243, Files.readAllLines(out.resolve("rejects.csv")).size()); // header + 1 + 240 + 1
        assertTrue(Files.notExists(out.resolve("compounds.arrow")));
    }
}
