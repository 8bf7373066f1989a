package org.multipose.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.config.ColumnsConfig;
import org.multipose.config.IdSource;
import org.multipose.config.PoseSelection;
import org.multipose.config.PrepareConfig;
import org.multipose.data.CompoundRecord;
import org.multipose.data.Dataset;
import org.multipose.data.DatasetManifest;
import org.multipose.data.PrepareProgress;
import org.multipose.data.PrepareResult;
import org.multipose.data.Preparer;
import org.multipose.typing.AtomTyper;

/**
 * The Spark prepare against the single-machine {@link Preparer} as the oracle: on the demo (one 960-record SD file cut
 * into byte ranges that do not fall on the 32-record runs), on a damaged two-file copy of it numbered by rank, with a
 * pose selection, through a file:// URI, and on plb-vina's five targets, the datasets read back equal — compounds,
 * labels, SMILES, poses, receptors, rejects and the summary's counts.
 */
class SparkPrepareTest {

    @TempDir
    Path tmp;

    static PrepareConfig demo(Path poses, String poseIndexTag) {
        return new PrepareConfig(poses, Map.of("demo", TestSpark.DEMO.resolve("receptor.pdb")),
                Optional.of(TestSpark.DEMO.resolve("affinities.csv")), IdSource.TITLE, Optional.empty(),
                ColumnsConfig.defaults(), Double.POSITIVE_INFINITY, poseIndexTag);
    }

    /** Both prepares of {@code in}; returns the Spark result after comparing the two datasets. */
    PrepareResult both(PrepareConfig in, String pattern, PoseSelection selection, long splitBytes, int parts) {
        Path single = tmp.resolve("single");
        Path spark = tmp.resolve("spark");
        PrepareResult a = new Preparer(AtomTyper.gninaDefault(), 2, PrepareProgress.NONE).run(in, selection, single);
        PrepareResult b = new SparkPrepare(TestSpark.session(), "gnina", splitBytes, parts).run(in, pattern,
                selection, spark);
        assertSameDataset(single, spark);
        assertEquals(a.summary().stats(), b.summary().stats());
        assertEquals(a.summary().inputCounts(), b.summary().inputCounts());
        assertEquals(a.summary().rejectsByReason(), b.summary().rejectsByReason());
        assertEquals(a.summary().poseSelection(), b.summary().poseSelection());
        assertEquals(a.summary().metadata(), b.summary().metadata());
        assertEquals(a.receptorAtoms(), b.receptorAtoms());
        assertEquals(a.notes(), b.notes());
        assertTrue(DatasetManifest.read(spark).isPresent(), "a partitioned dataset");
        return b;
    }

    static void assertSameDataset(Path a, Path b) {
        try (Dataset x = Dataset.open(a); Dataset y = Dataset.open(b)) {
            assertEquals(x.metadata(), y.metadata());
            assertEquals(x.compounds(), y.compounds());
            for (CompoundRecord c : x.compounds()) {
                assertEquals(x.poses(c.key()), y.poses(c.key()), c.key().toString());
            }
            assertEquals(x.receptorTargets(), y.receptorTargets());
            for (String t : x.receptorTargets()) {
                assertEquals(x.receptor(t), y.receptor(t));
            }
            assertEquals(x.rejects(), y.rejects());
            y.verifiedFingerprint();
        }
    }

    @Test
    void demoCutIntoRangesEqualsTheSingleMachinePrepare() {
        Path poses = TestSpark.DEMO.resolve("poses.sdf");
        PrepareResult r = both(demo(poses, "pose_rank"), poses.toString(), PoseSelection.defaults(), 64 << 10, 3);
        assertEquals(240, r.summary().stats().compounds());
        assertEquals(960, r.summary().stats().poses());
        assertEquals(3, DatasetManifest.read(r.directory()).orElseThrow().parts().size());
    }

    @Test
    void damagedTwoFileCopyByRankWithASelection() throws Exception {
        // records 1-517 and 518-960 in two files (a compound's poses cross the cut), ranks from file order, one
        // counts line broken (a reject that keeps its rank), one record's atoms far from the pocket
        List<String> recs = new ArrayList<>(List.of(Files.readString(TestSpark.DEMO.resolve("poses.sdf"))
                .split("(?<=\\$\\$\\$\\$\n)")));
        assertEquals(960, recs.size());
        recs.set(41, recs.get(41).replaceFirst("(?m)^(.*V2000)$", "garbage V2000"));
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(dir.resolve("a.sdf"), String.join("", recs.subList(0, 517)));
        Files.writeString(dir.resolve("b.sdf"), String.join("", recs.subList(517, 960)));
        Path pattern = dir.resolve("*.sdf");
        PrepareResult r = both(demo(pattern, ""), pattern.toString(), PoseSelection.top(2), 16 << 10, 4);
        assertEquals(1, r.summary().rejects(), "the broken record");
        assertEquals(480, r.summary().stats().poses(), "2 poses each");
        // the broken record was its compound's second: it keeps its rank, so the top 2 are poses 1 and 3
        String id = recs.get(41).lines().findFirst().orElseThrow().trim();
        try (Dataset ds = Dataset.open(r.directory())) {
            assertEquals(List.of(1, 3), ds.poses(new org.multipose.data.CompoundKey("demo", id)).stream()
                    .map(p -> p.poseIndex()).toList());
        }
    }

    @Test
    void aFileUriReadsThroughHadoop() {
        Path poses = TestSpark.DEMO.resolve("poses.sdf");
        Path local = tmp.resolve("local");
        new SparkPrepare(TestSpark.session(), "gnina", 128 << 10, 2).run(demo(poses, "pose_rank"),
                poses.toString(), PoseSelection.defaults(), local);
        Path uri = tmp.resolve("uri");
        new SparkPrepare(TestSpark.session(), "gnina", 128 << 10, 2).run(demo(poses, "pose_rank"),
                poses.toUri().toString(), PoseSelection.defaults(), uri);
        assertSameDataset(local, uri);
    }

    @Test
    void plbVinaFiveTargetsEqualTheSingleMachinePrepare() {
        Path plb = TestSpark.plbVina();
        Map<String, Path> receptors = new HashMap<>();
        for (String t : List.of("tyk2", "p38", "mcl1", "ptp1b", "cdk2")) {
            receptors.put(t, plb.resolve(t).resolve("protein.pdb"));
        }
        ColumnsConfig d = ColumnsConfig.defaults();
        ColumnsConfig cols = new ColumnsConfig("compound_id", "original_value", "measure", "original_unit",
                "qualifier", "error", d.ciLower(), d.ciUpper(), "target", d.date());
        Path poses = Path.of(plb + "/{target}/poses/*.sdf");
        PrepareConfig in = new PrepareConfig(poses, receptors, Optional.of(plb.resolve("affinities.csv")),
                IdSource.TITLE, Optional.empty(), cols, Double.POSITIVE_INFINITY, "pose_rank");
        PrepareResult r = both(in, poses.toString(), PoseSelection.defaults(), 4 << 10, 3);
        assertEquals(99, r.summary().stats().compounds());
        assertEquals(891, r.summary().stats().poses());
    }

    @Test
    void theCoreArrowFilesAreReadInsideASparkTask() {
        Path single = tmp.resolve("arrow");
        new Preparer(AtomTyper.gninaDefault(), 1, PrepareProgress.NONE).run(demo(TestSpark.DEMO.resolve(
                "poses.sdf"), "pose_rank"), single);
        List<String> keys = new ArrayList<>();
        List<Integer> atoms = new ArrayList<>();
        try (Dataset ds = Dataset.open(single)) {
            for (CompoundRecord c : ds.compounds()) {
                keys.add(c.key().target() + "\t" + c.key().compoundId());
                atoms.add(ds.poses(c.key()).stream().mapToInt(p -> p.atomCount()).sum());
            }
        }
        String dir = single.toString();
        List<Integer> inTasks = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext())
                .parallelize(keys, 4).mapPartitions(it -> {
                    List<Integer> out = new ArrayList<>();
                    try (Dataset ds = Dataset.open(Path.of(dir))) {
                        while (it.hasNext()) {
                            String[] k = it.next().split("\t");
                            out.add(ds.poses(new org.multipose.data.CompoundKey(k[0], k[1])).stream()
                                    .mapToInt(p -> p.atomCount()).sum());
                        }
                    }
                    return out.iterator();
                }).collect();
        assertEquals(atoms, inTasks);
        assertEquals(240, inTasks.size());
    }
}
