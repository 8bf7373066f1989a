package org.multipose.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.cli.Main;
import org.multipose.data.PoseFiles;
import org.multipose.predict.PoseBatchScorer;
import org.multipose.predict.PoseFileScoring;
import org.multipose.predict.PoseFileScoring.Pose;
import org.multipose.predict.PoseFileScoring.ScoredPose;
import org.multipose.predict.ScoreModel;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.SdfLigandReader;
import org.multipose.typing.TypedAtoms;
import picocli.CommandLine;

/**
 * The Spark score against the single-machine score as the oracle, with a two-member run trained here on the demo
 * (1 epoch, 14 Å grids of 2 Å, centred on each pose's ligand so that files can be cut into ranges): the demo split
 * into two files (every compound has poses in both, record 152 of one broken) cut into 64 kB ranges, plb-vina's five targets
 * (skipped when ../shared/data is absent) and gnina's crossdock_default2018 on gnina's reference complex. Compared:
 * the CSV tables' text with {@code pipeline score --csv}'s lines (demo, gnina) or with the CSV lines of the
 * single-machine values (plb-vina) — the same text after sorting —, the Parquet tables' doubles with the
 * single-machine values (equal doubles: the tolerance is zero), rejects.csv with score's {@code --rejects} file.
 */
class SparkScoreTest {

    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void train() throws Exception {
        Path config = tmp.resolve("lig.yaml");
        Path demo = TestSpark.DEMO;
        Files.writeString(config, "seed: 3\nthreads: 1\n"
                + "data: {prepare: {poses: " + demo.resolve("poses.sdf") + ", receptors: {demo: "
                + demo.resolve("receptor.pdb") + "}, affinities: " + demo.resolve("affinities.csv") + "}}\n"
                + "split: {fractions: [0.6, 0.2, 0.2]}\n"
                + "grid: {resolution: 2.0, dimension: 14.0, center: ligand}\n"
                + "model: {architecture: small, widths: [8, 8, 8, 8, 8]}\n"
                + "combination: {method: boltzmann}\n"
                + "loss: [{kind: censored_mse}]\n"
                + "optimizer: {kind: adam, lr: 0.0005}\n"
                + "training: {epochs: 1, batch_size: 8, ensemble: 2}\n"
                + "output: {runs_dir: " + tmp.resolve("runs") + ", name: lig}\n");
        assertEquals(0, Main.commandLine().execute("train", "--config", config.toString(), "--quiet"));
        run = tmp.resolve("runs/lig");
    }

    /** The demo's records dealt alternately into two files (a broken record 152 in the first), in a new folder. */
    static Path demoInTwoFiles(String name) throws IOException {
        String[] recs = Files.readString(TestSpark.DEMO.resolve("poses.sdf")).split("\\$\\$\\$\\$\n");
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (String r : recs) {
            if (r.isBlank()) {
                continue;
            }
            if (n == 301) {
                a.append("broken\n\n\n  x  y\nM  END\n$$$$\n");
            }
            (n++ % 2 == 0 ? a : b).append(r).append("$$$$\n");
        }
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("a.sdf"), a);
        Files.writeString(dir.resolve("b.sdf"), b);
        return dir;
    }

    /** {@code pipeline score} with {@code args} plus --csv and --rejects: its CSV lines (no header) and rejects. */
    static List<String> cli(Path dir, List<String> args) throws IOException {
        List<String> all = new ArrayList<>(List.of("score", "--csv", dir.resolve("s.csv").toString(), "--rejects",
                dir.resolve("r.csv").toString(), "--quiet"));
        all.addAll(args);
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute(all.toArray(String[]::new)), err.toString());
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("s.csv")));
        assertEquals(PoseFileScoring.CSV_HEADER, lines.remove(0));
        lines.sort(null);
        return lines;
    }

    /** The lines of a Spark CSV table's part files, headers checked and dropped, sorted. */
    static List<String> sparkCsv(Path table) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(table)) {
            for (Path p : parts.filter(p -> p.getFileName().toString().endsWith(".csv")).toList()) {
                List<String> l = new ArrayList<>(Files.readAllLines(p));
                if (!l.isEmpty()) {
                    assertEquals(PoseFileScoring.CSV_HEADER, l.remove(0), p.toString());
                }
                lines.addAll(l);
            }
        }
        lines.sort(null);
        return lines;
    }

    /** The single-machine values: score's steps as ScoreCommand runs them (file by file, batches of {@code batch}). */
    static List<ScoredPose> single(SparkScore.Setup setup, List<String> ligands) {
        Map<String, Path> receptors = new LinkedHashMap<>();
        setup.receptors().forEach((t, p) -> receptors.put(t, Path.of(p)));
        List<PoseFiles.PoseFile> files = PoseFileScoring.ligandFiles(ligands, receptors, Optional.empty(), new ArrayList<>());
        List<ScoredPose> out = new ArrayList<>();
        try (ScoreModel sm = setup.open();
                PoseBatchScorer scorer = new PoseBatchScorer(sm.members(), sm.grid(), 2, setup.batch())) {
            CompoundIdRule ids = PoseFileScoring.idRule(setup.idFrom());
            Map<String, TypedAtoms> typed = new LinkedHashMap<>();
            for (PoseFiles.PoseFile f : files) {
                TypedAtoms receptor = typed.computeIfAbsent(f.target(),
                        t -> PoseFileScoring.typeReceptor(sm, receptors.get(t), r -> { }));
                List<Pose> poses = PoseFileScoring.read(f.path(), f.target(), f.id(),
                        SdfLigandReader.split(f.path()), sm, ids, new ArrayList<>());
                for (int from = 0; from < poses.size(); from += setup.batch()) {
                    out.addAll(PoseFileScoring.score(scorer, receptor,
                            poses.subList(from, Math.min(poses.size(), from + setup.batch()))));
                }
            }
        }
        return out;
    }

    /** Spark's Parquet tables hold the single-machine doubles exactly, row for row after sorting. */
    static void assertSameDoubles(List<ScoredPose> expected, SparkScore.Setup setup, Path out) {
        List<Row> want = new ArrayList<>();
        expected.forEach(p -> want.add(SparkScore.typedRow(p)));
        Comparator<Row> byFileRecord = Comparator.comparing((Row r) -> r.getString(2)).thenComparingInt(r -> r.getInt(3));
        want.sort(byFileRecord);
        List<Row> got = new ArrayList<>(TestSpark.session().read().parquet(out + "/pose_scores.parquet")
                .collectAsList());
        got.sort(byFileRecord);
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).toSeq(), got.get(i).toSeq(), "pose row " + i);
        }
        if (setup.combine() == null) {
            return;
        }
        List<Row> wantC = new ArrayList<>();
        PoseFileScoring.combine(expected, PoseFileScoring.combination(setup.combine()))
                .forEach(c -> wantC.add(SparkScore.typedRow(c)));
        Comparator<Row> byKey = Comparator.comparing((Row r) -> r.getString(1)).thenComparing(r -> r.getString(4));
        wantC.sort(byKey);
        List<Row> gotC = new ArrayList<>(TestSpark.session().read().parquet(out + "/compound_scores.parquet")
                .collectAsList());
        gotC.sort(byKey);
        assertEquals(wantC.size(), gotC.size());
        for (int i = 0; i < wantC.size(); i++) {
            assertEquals(wantC.get(i).toSeq(), gotC.get(i).toSeq(), "compound row " + i);
        }
    }

    @Test
    void theDemoInTwoFilesCutIntoRanges() throws IOException {
        Path dir = demoInTwoFiles("two");
        Path receptor = TestSpark.DEMO.resolve("receptor.pdb");
        List<String> ligands = List.of(dir + "/*.sdf");
        SparkScore.Setup setup = SparkScore.setup("run:" + run, Optional.empty(), Optional.empty(), "best",
                "title", "boltzmann", 1, 32, Map.of("receptor", receptor));
        Path out = tmp.resolve("demo-out");
        int loads = SparkScore.LOADS.get();
        SparkScore.Result r = new SparkScore(TestSpark.session(), 64 << 10).run(setup, ligands, Optional.empty(), out);
        assertTrue(r.tasks() >= 10, "ranges: " + r.tasks() + " tasks");
        assertTrue(SparkScore.LOADS.get() - loads <= 2, "the model loaded once per concurrent task, not per task: "
                + (SparkScore.LOADS.get() - loads) + " loads for " + r.tasks() + " tasks");
        assertEquals(960, r.poses());
        assertEquals(240, r.compounds());
        assertEquals(961, r.records());
        assertEquals(1, r.rejects().size());
        // in the third range of a.sdf: numbered as in the file by the counting job
        assertTrue(r.rejects().get(0).record().startsWith("record 152 (line "), r.rejects().get(0).toString());

        Path cliDir = Files.createDirectories(tmp.resolve("demo-cli"));
        List<String> want = cli(cliDir, List.of("--receptor", receptor.toString(), "--ligand", ligands.get(0),
                "--model", "run:" + run, "--combine", "boltzmann", "--threads", "2", "--batch", "32"));
        List<String> got = sparkCsv(out.resolve("pose_scores_csv"));
        got.addAll(sparkCsv(out.resolve("compound_scores_csv")));
        got.sort(null);
        assertEquals(want, got);
        assertEquals(Files.readString(cliDir.resolve("r.csv")), Files.readString(out.resolve("rejects.csv")));
        // every compound's four poses are in both files: the combination crossed files and ranges
        assertTrue(want.stream().filter(l -> l.startsWith("compound,")).allMatch(l -> l.contains(",4,")), "4 poses");
        assertSameDoubles(single(setup, ligands), setup, out);
        // the poses' values differ (a network trained one epoch may be nearly flat; equal tables must mean something)
        long distinct = TestSpark.session().read().parquet(out + "/pose_scores.parquet").select("y_kt").distinct()
                .count();
        assertTrue(distinct > 100, distinct + " distinct y_kt");
    }

    @Test
    void plbVinaFiveTargets() throws IOException {
        Path plb = TestSpark.plbVina();
        Map<String, Path> receptors = new LinkedHashMap<>();
        for (String t : List.of("tyk2", "p38", "mcl1", "ptp1b", "cdk2")) {
            receptors.put(t, plb.resolve(t).resolve("protein.pdb"));
        }
        String pattern = plb + "/{target}/poses/*.sdf";
        SparkScore.Setup setup = SparkScore.setup("run:" + run, Optional.empty(), Optional.empty(), "best",
                "title", "max", 1, 32, receptors);
        Path out = tmp.resolve("plb-out");
        SparkScore.Result r = new SparkScore(TestSpark.session(), 1 << 20).run(setup, List.of(pattern), Optional.empty(), out);
        assertEquals(891, r.poses());
        // the oracle: the single-machine steps (pipeline score's CSV text is compared on the demo and below)
        List<ScoredPose> expected = single(setup, List.of(pattern));
        List<String> want = new ArrayList<>();
        expected.forEach(p -> want.add(PoseFileScoring.csvLine(p)));
        PoseFileScoring.combine(expected, PoseFileScoring.combination("max"))
                .forEach(c -> want.add(PoseFileScoring.csvLine(c)));
        want.sort(null);
        List<String> got = sparkCsv(out.resolve("pose_scores_csv"));
        got.addAll(sparkCsv(out.resolve("compound_scores_csv")));
        got.sort(null);
        assertEquals(want, got);
        assertSameDoubles(expected, setup, out);
    }

    @Test
    void gninasCrossdockModelOnItsReferenceComplex() throws IOException {
        Path ref = TestSpark.plbVina().resolveSibling("gnina-models");
        assumeTrue(Files.isDirectory(ref.resolve("weights")), ref + "/weights is absent: gnina test skipped");
        String l1 = Files.readString(ref.resolve("reference/l1.sdf"));
        String l2 = Files.readString(ref.resolve("reference/l2.sdf"));
        Path lig = Files.writeString(tmp.resolve("ref.sdf"), "cpd" + l1.substring(l1.indexOf('\n'))
                + "cpd" + l2.substring(l2.indexOf('\n')));
        Path weights = ref.resolve("weights");
        Path receptor = ref.resolve("reference/r1.pdb");
        SparkScore.Setup setup = SparkScore.setup("gnina:crossdock_default2018", Optional.of(weights),
                Optional.empty(), "best", "title", "mean", 1, 8, Map.of("r1", receptor));
        Path out = tmp.resolve("gnina-out");
        SparkScore.Result r = new SparkScore(TestSpark.session(), 1 << 20).run(setup, List.of(lig.toString()), Optional.empty(),
                out);
        assertEquals(2, r.poses());
        List<String> want = cli(Files.createDirectories(tmp.resolve("gnina-cli")), List.of("--receptor",
                receptor.toString(), "--ligand", lig.toString(), "--model", "gnina:crossdock_default2018",
                "--weights-dir", weights.toString(), "--combine", "mean", "--threads", "1"));
        List<String> got = sparkCsv(out.resolve("pose_scores_csv"));
        got.addAll(sparkCsv(out.resolve("compound_scores_csv")));
        got.sort(null);
        assertEquals(want, got);
        assertSameDoubles(single(setup, List.of(lig.toString())), setup, out);
    }

    @Test
    void badInputIsOneLineNamingTheFileAndRecord() throws IOException {
        // the session first: where Spark cannot start, the assumption skips the test (inside assertThrows below it
        // would count as an unexpected exception; seen on JDK 25, where Hadoop's Subject.getSubject is refused)
        var spark = TestSpark.session();
        Path receptor = TestSpark.DEMO.resolve("receptor.pdb");
        Path bad = Files.writeString(tmp.resolve("bad.sdf"), "m1\n\n\n  x  y\nM  END\n$$$$\n");
        SparkScore.Setup setup = SparkScore.setup("run:" + run, Optional.empty(), Optional.empty(), "best",
                "title", null, 1, 8, Map.of("receptor", receptor));
        InputException e = assertThrows(InputException.class, () -> new SparkScore(spark, 1 << 20)
                .run(setup, List.of(bad.toString()), Optional.empty(), tmp.resolve("bad-out")));
        assertTrue(e.getMessage().startsWith("--ligand: no pose could be scored (1 skipped; the first: " + bad
                + " record 1 (line 1): bad counts line: line 4 is not a counts line"), e.getMessage());
        InputException target = assertThrows(InputException.class, () -> new SparkScore(spark,
                1 << 20).run(setup, List.of(bad.toString()), Optional.of("p38"), tmp.resolve("bad-out")));
        assertTrue(target.getMessage().contains("target 'p38' has no receptor"), target.getMessage());
        InputException combine = assertThrows(InputException.class, () -> SparkScore.setup("run:" + run,
                Optional.empty(), Optional.empty(), "best", "title", "median", 1, 8, Map.of("receptor", receptor)));
        assertEquals("--combine median: use mean, max or boltzmann", combine.getMessage());
    }
}
