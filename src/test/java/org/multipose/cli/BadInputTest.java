package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs from docs/reliability.md that must be a clear outcome (exit 2 with one line naming the input and
 * the fix, or a named reject while the rest goes on) — never exit 3. The slice of the demo is its first 8 records
 * (demo_001 and demo_002, 4 poses each).
 */
class BadInputTest {

    @TempDir
    Path tmp;

    static final Path DEMO = PrepareCommandTest.DEMO;
    Path two;
    String receptor;

    @BeforeEach
    void fixtures() throws IOException {
        List<String> lines = Files.readAllLines(DEMO.resolve("poses.sdf"), StandardCharsets.UTF_8);
        two = tmp.resolve("two.sdf");
        Files.writeString(two, String.join("\n", lines.subList(0, 232)) + "\n", StandardCharsets.UTF_8);
        receptor = "demo=" + DEMO.resolve("receptor.pdb");
    }

    private CliRun prepare(String poses, String out, String... more) {
        List<String> args = new ArrayList<>(List.of("prepare", "--poses", poses, "--receptor", receptor, "--quiet",
                "--out", out));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private static void assertInputError(CliRun r, String fragment) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertFalse(r.err().contains("internal error"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void outputPathsThatCannotBeWrittenAreInputErrors() throws IOException {
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        assertInputError(prepare(two.toString(), file.toString()), "afile: it is a file, not a directory");
        assertInputError(prepare(two.toString(), file.resolve("ds").toString()), file + " is a file, not a directory");
        String longName = "n".repeat(300);
        assertInputError(prepare(two.toString(), tmp.resolve(longName).toString()), "is 300 bytes long");
        assertInputError(run("grid", "--ligand", two.toString(), "--out", file.toString()), "is a file");
        assertInputError(run("demo-data", "--out", file.toString()), "is a file");
        Path dir = Files.createDirectories(tmp.resolve("adir"));
        assertInputError(run("refine", "--run", tmp.toString(), "--receptor", DEMO.resolve("receptor.pdb").toString(),
                "--ligand", two.toString(), "--out", dir.toString()), "--out " + dir + " is a directory");
    }

    @Test
    void aPoseFarFromItsReceptorIsANamedRejectAndAGridWarning() throws IOException {
        // demo_001's first record moved by +500 Å in x; the other 7 records stay
        List<String> lines = Files.readAllLines(two, StandardCharsets.UTF_8);
        for (int i = 4; i < 11; i++) { // the 7 atom lines of record 1 (lines 5-11)
            String l = lines.get(i);
            double x = Double.parseDouble(l.substring(0, 10).trim()) + 500;
            lines.set(i, String.format(Locale.ROOT, "%10.4f", x) + l.substring(10));
        }
        Path far = Files.writeString(tmp.resolve("far.sdf"), String.join("\n", lines) + "\n");
        Path out = tmp.resolve("ds");
        CliRun r = prepare(far.toString(), out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("poses: 7 from 8 pose records"), r.out());
        String rejects = Files.readString(out.resolve("rejects.csv"));
        assertTrue(rejects.contains("far.sdf,record 1 (line 1),demo_001,\"pose away from the receptor: no receptor"
                + " atom of target 'demo' within the 23.5 Å grid box"), rejects);
        CliRun g = run("grid", "--ligand", far.toString(), "--receptor", DEMO.resolve("receptor.pdb").toString(),
                "--out", tmp.resolve("g").toString());
        assertEquals(0, g.exit(), g.err());
    }

    @Test
    void anEmptyFileIsCalledEmptyByEveryCommand() throws IOException {
        Path empty = Files.writeString(tmp.resolve("zero_bytes.sdf"), "");
        assertInputError(run("grid", "--ligand", empty.toString(), "--out", tmp.resolve("g").toString()),
                "zero_bytes.sdf: the file is empty");
        CliRun p = prepare(empty.toString(), tmp.resolve("ds").toString());
        assertEquals(2, p.exit());
        assertTrue(p.err().contains("zero_bytes.sdf: the file is empty"), p.err());
    }

    @Test
    void anUnknownElementIsNamedAsWritten() throws IOException {
        String text = Files.readString(two).replaceFirst(" C   0", " Xx  0");
        Path f = Files.writeString(tmp.resolve("xx.sdf"), text);
        Path out = tmp.resolve("ds");
        assertEquals(0, prepare(f.toString(), out.toString()).exit());
        assertTrue(Files.readString(out.resolve("rejects.csv")).contains("no element: atom 1 ('Xx') is not a"
                + " chemical element"));
    }

    @Test
    void aSymbolicLinkLoopIsRejectedAndTheRestIsPrepared() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("loop"));
        Files.copy(two, dir.resolve("two.sdf"));
        Files.createSymbolicLink(dir.resolve("self"), Path.of("../loop"));
        Path out = tmp.resolve("ds");
        CliRun r = prepare(dir.toString(), out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("poses: 8 from 8 pose records"), r.out());
        assertTrue(Files.readString(out.resolve("rejects.csv")).contains("symbolic link loop: " + dir.resolve("self")));
    }

    @Test
    void implausibleAffinitiesAndUnknownQualifiersAreRejectedRows() throws IOException {
        Path table = Files.writeString(tmp.resolve("aff.csv"), "compound_id,measure,value,unit,qualifier\n"
                + "demo_001,pIC50,99,,=\n" + "demo_002,Kd,1e-300,M,=\n" + "demo_002,IC50,>>4,uM,\n");
        Path out = tmp.resolve("ds");
        CliRun r = prepare(two.toString(), out.toString(), "--affinities", table.toString());
        assertEquals(0, r.exit(), r.err());
        String rejects = Files.readString(out.resolve("rejects.csv"));
        // pK literals: pIC50 99 is 99; Kd 1e-300 M is −log10(1e-300) = 300
        assertTrue(rejects.contains("line 2,demo_001,\"implausible affinity: pIC50 = 99 is pK 99.00, outside the"
                + " plausible range 0–15"), rejects);
        assertTrue(rejects.contains("line 3,demo_002,\"implausible affinity: Kd = 1e-300 M is pK 300.0"), rejects);
        assertTrue(rejects.contains("line 4,demo_002,\"unknown qualifier: '>>' in value '>>4'"), rejects);
    }

    @Test
    void anInterruptedPrepareLeavesNoTemporaryFileAfterTheNextRun() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("ds"));
        Files.writeString(out.resolve("poses.arrow.tmp"), "half-written");
        Files.writeString(out.resolve("summary.json.tmp"), "{");
        CliRun r = run("prepare", "--poses", two.toString(), "--receptor", receptor, "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("removed poses.arrow.tmp, summary.json.tmp in " + out
                + ", left by an interrupted prepare"), r.out());
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")));
        }
    }

    @Test
    void aModifiedDatasetIsRefused() throws IOException {
        Path out = tmp.resolve("ds");
        assertEquals(0, prepare(two.toString(), out.toString()).exit());
        Path poses = out.resolve("poses.arrow");
        byte[] b = Files.readAllBytes(poses);
        b[b.length / 2] ^= 1;
        Files.write(poses, b);
        assertInputError(run("dataset", "stats", out.toString(), "--verify"), "the files changed after prepare");
    }

    @Test
    void anInfiniteLearningRateNamesItsKeyAndCreatesNoRunDirectory() {
        Path runs = tmp.resolve("runs");
        CliRun r = run("train", "--config", DEMO.resolveSibling("../configs/quickstart.yaml").normalize().toString(),
                "--set", "optimizer.lr=.inf", "--set", "output.runs_dir=" + runs, "--quiet");
        assertInputError(r, "--set optimizer.lr=.inf: optimizer.lr: must be > 0 and finite, got .inf");
        assertFalse(Files.exists(runs));
    }
}
