package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.eval.SweepPlan;

/**
 * {@code pipeline sweep}: a grid expands into every combination (last key fastest), each run trains as {@code train
 * --set ...} would into its own run directory, and sweep.csv lists them; bad sweep files are one-line errors. The
 * base config is a 40-compound slice of the demo on an 8³ grid, one epoch.
 */
class SweepCommandTest {

    @TempDir
    static Path tmp;

    static Path base;

    @BeforeAll
    static void slice() throws IOException {
        Path demo = Path.of(System.getProperty("multipose.project.dir", ".")).resolve("datasets/demo");
        Path dir = Files.createDirectories(tmp.resolve("demo40"));
        List<String> sdf = Files.readAllLines(demo.resolve("poses.sdf"));
        StringBuilder b = new StringBuilder();
        int records = 0;
        for (String line : sdf) {
            b.append(line).append('\n');
            if (line.equals("$$$$") && ++records == 160) {
                break;
            }
        }
        Files.writeString(dir.resolve("poses.sdf"), b.toString());
        Files.write(dir.resolve("affinities.csv"), Files.readAllLines(demo.resolve("affinities.csv")).subList(0, 41));
        Files.copy(demo.resolve("receptor.pdb"), dir.resolve("receptor.pdb"));
        base = tmp.resolve("base.yaml");
        Files.writeString(base, "seed: 5\nthreads: 1\n"
                + "data: {prepare: {poses: demo40/poses.sdf, receptors: {demo: demo40/receptor.pdb},"
                + " affinities: demo40/affinities.csv}}\n"
                + "split: {fractions: [0.6, 0.2, 0.2]}\n"
                + "grid: {resolution: 2.0, dimension: 14.0}\n"
                + "model: {architecture: small, widths: [4, 4, 4, 4, 4]}\n"
                + "training: {epochs: 2, batch_size: 4}\n"
                + "output: {runs_dir: runs}\n");
    }

    @Test
    void aGridExpandsIntoEveryCombinationInOrder() throws IOException {
        Path f = Files.writeString(tmp.resolve("plan.yaml"), "base: base.yaml\nname: p\nset: {training.epochs: 1}\n"
                + "grid:\n  optimizer.lr: [0.001, 0.01]\n  combination.method: [mean, max, boltzmann]\n");
        SweepPlan plan = SweepPlan.read(f);
        assertEquals(List.of("optimizer.lr", "combination.method"), plan.keys());
        assertEquals(6, plan.runs().size());
        assertEquals("p-001", plan.runs().get(0).name());
        assertEquals(List.of("training.epochs=1", "optimizer.lr=0.001", "combination.method=mean", "output.name=p-001"),
                plan.runs().get(0).overrides());
        assertEquals(List.of("training.epochs=1", "optimizer.lr=0.01", "combination.method=boltzmann",
                "output.name=p-006"), plan.runs().get(5).overrides());
        CliRun dry = run("sweep", "--config", f.toString(), "--dry-run");
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().contains("sweep p: 6 runs from " + base.toAbsolutePath().normalize()
                + ", varying optimizer.lr, combination.method"), dry.out());
        assertTrue(dry.out().contains("  p-004: --set training.epochs=1 --set optimizer.lr=0.01 --set"
                + " combination.method=mean --set output.name=p-004"), dry.out());
    }

    @Test
    void twoRunsTrainIntoTheirOwnDirectoriesAndTheSummaryListsThem() throws IOException {
        Path f = Files.writeString(tmp.resolve("seeds.yaml"), "base: base.yaml\nname: seeds\n"
                + "list:\n  - {seed: 1}\n  - {seed: 2, optimizer.lr: 0.002}\n");
        CliRun r = run("sweep", "--config", f.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        Path runs = tmp.resolve("runs");
        for (String name : List.of("seeds-001", "seeds-002")) {
            assertTrue(Files.isRegularFile(runs.resolve(name).resolve("predictions.csv")), name);
            assertTrue(r.out().contains("  " + name + ": ok ("), r.out());
        }
        assertTrue(Files.readString(runs.resolve("seeds-002/config.yaml")).contains("seed: 2"));
        List<String> csv = Files.readAllLines(runs.resolve("seeds/sweep.csv"));
        assertEquals(3, csv.size(), "header + one row per run: " + csv);
        assertTrue(csv.get(0).startsWith("run,seed,optimizer.lr,"), csv.get(0));
        assertTrue(csv.get(1).startsWith("seeds-001,1,,"), csv.get(1));
        assertTrue(csv.get(2).startsWith("seeds-002,2,0.002,"), csv.get(2));
        assertTrue(Files.isRegularFile(runs.resolve("seeds/sweep.md")));
    }

    @Test
    void badSweepFilesAreOneLineErrors() throws IOException {
        Path neither = Files.writeString(tmp.resolve("neither.yaml"), "base: base.yaml\n");
        assertOneLine(run("sweep", "--config", neither.toString()), "give either grid (every combination of value"
                + " lists) or list (one mapping per run), not neither");
        Path unknown = Files.writeString(tmp.resolve("unknown.yaml"), "base: base.yaml\nsweep: {seed: [1]}\n");
        assertOneLine(run("sweep", "--config", unknown.toString()), "unknown key 'sweep'");
        Path empty = Files.writeString(tmp.resolve("empty.yaml"), "base: base.yaml\ngrid: {seed: []}\n");
        assertOneLine(run("sweep", "--config", empty.toString()), "grid.seed must be a non-empty list of values");
        Path noBase = Files.writeString(tmp.resolve("nobase.yaml"), "base: nowhere.yaml\ngrid: {seed: [1]}\n");
        assertOneLine(run("sweep", "--config", noBase.toString()), "does not exist; give the path of a training"
                + " config");
    }

    private static void assertOneLine(CliRun r, String fragment) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
