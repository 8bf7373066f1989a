package org.multipose.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.cli.Main;
import org.multipose.config.ColumnsConfig;
import org.multipose.config.IdSource;
import org.multipose.config.PoseSelection;
import org.multipose.config.PrepareConfig;
import org.multipose.data.Dataset;
import org.multipose.eval.CompoundPrediction;
import org.multipose.eval.PosePrediction;
import org.multipose.eval.PredictionTable;
import org.multipose.eval.PredictionWriter;
import org.multipose.predict.PredictionListener;
import org.multipose.predict.TrainedModel;

/**
 * The Spark predict against the single-machine predict ({@link TrainedModel#predict}, what {@code ./pipeline predict}
 * runs) as the oracle, with a two-member ensemble trained here on the demo (2 epochs, 14 Å grids of 2 Å, a 4-wide
 * network): every compound row and every pose row is equal after sorting — the same doubles, not close ones — on the
 * run's own dataset (split labels included), on a Spark-prepared partitioned dataset with a top-2 selection, and on
 * plb-vina.
 */
class SparkPredictTest {

    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void train() throws Exception {
        Path config = tmp.resolve("tiny.yaml");
        Path demo = TestSpark.DEMO;
        Files.writeString(config, "seed: 3\nthreads: 1\n"
                + "data: {prepare: {poses: " + demo.resolve("poses.sdf") + ", receptors: {demo: "
                + demo.resolve("receptor.pdb") + "}, affinities: " + demo.resolve("affinities.csv") + "}}\n"
                + "split: {fractions: [0.6, 0.2, 0.2]}\n"
                + "grid: {resolution: 2.0, dimension: 14.0}\n"
                + "model: {architecture: small, widths: [4, 4, 4, 4, 4]}\n"
                + "combination: {method: boltzmann}\n"
                + "loss: [{kind: censored_mse}]\n"
                + "optimizer: {kind: adam, lr: 0.02}\n"
                + "training: {epochs: 2, batch_size: 8, ensemble: 2}\n"
                + "output: {runs_dir: " + tmp.resolve("runs") + ", name: tiny}\n");
        int exit = Main.commandLine().execute("train", "--config", config.toString(), "--quiet");
        assertEquals(0, exit);
        run = tmp.resolve("runs/tiny");
    }

    /** Single-machine predictions of a dataset seen through a selection. */
    static PredictionTable single(Path dataset, PoseSelection selection) {
        TrainedModel model = TrainedModel.load(run, TrainedModel.BEST);
        try (Dataset ds = Dataset.open(dataset, selection)) {
            return PredictionWriter.table(model.predict(ds, PredictionListener.NONE).compounds());
        }
    }

    static void assertSame(PredictionTable expected, Path out) {
        List<Row> compounds = new ArrayList<>(TestSpark.session().read().parquet(out + "/predictions.parquet")
                .collectAsList());
        compounds.sort(Comparator.comparing((Row r) -> r.getString(0)).thenComparing(r -> r.getString(1)));
        List<Row> want = new ArrayList<>();
        for (CompoundPrediction c : expected.compounds()) {
            want.add(SparkPredict.compoundRow(c));
        }
        assertEquals(want.size(), compounds.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).toSeq(), compounds.get(i).toSeq(), "compound row " + i);
        }
        List<Row> poses = new ArrayList<>(TestSpark.session().read().parquet(out + "/pose_predictions.parquet")
                .collectAsList());
        poses.sort(Comparator.comparing((Row r) -> r.getString(0)).thenComparing(r -> r.getString(1))
                .thenComparingInt(r -> r.getInt(2)));
        List<Row> wantPoses = new ArrayList<>();
        for (PosePrediction p : expected.poses()) {
            wantPoses.add(SparkPredict.poseRow(p));
        }
        assertEquals(wantPoses.size(), poses.size());
        for (int i = 0; i < wantPoses.size(); i++) {
            assertEquals(wantPoses.get(i).toSeq(), poses.get(i).toSeq(), "pose row " + i);
        }
        long csvRows = TestSpark.session().read().option("header", "true").csv(out + "/predictions_csv").count();
        assertEquals(want.size(), csvRows);
    }

    @Test
    void theRunsOwnDatasetWithItsSplit() {
        Path dataset = run.resolve("dataset");
        Path out = tmp.resolve("own");
        SparkPredict.Result r = new SparkPredict(TestSpark.session(), 3).run(run, TrainedModel.BEST, dataset,
                PoseSelection.defaults(), out);
        PredictionTable want = single(dataset, PoseSelection.defaults());
        assertSame(want, out);
        assertEquals(240, r.compounds());
        assertTrue(want.compounds().stream().anyMatch(c -> c.splitLabel().equals("test")), "split labels compared");
        assertTrue(Files.isRegularFile(out.resolve("provenance.json")));
    }

    @Test
    void aSparkPreparedDatasetWithATopTwoSelection() {
        Path poses = TestSpark.DEMO.resolve("poses.sdf");
        Path ds = tmp.resolve("parted");
        new SparkPrepare(TestSpark.session(), "gnina", 128 << 10, 3).run(SparkPrepareTest.demo(poses, "pose_rank"),
                poses.toString(), PoseSelection.defaults(), ds);
        Path out = tmp.resolve("top2");
        new SparkPredict(TestSpark.session(), 2).run(run, TrainedModel.BEST, ds, PoseSelection.top(2), out);
        assertSame(single(ds, PoseSelection.top(2)), out);
    }

    @Test
    void plbVina() {
        Path plb = TestSpark.plbVina();
        Map<String, Path> receptors = new HashMap<>();
        for (String t : List.of("tyk2", "p38", "mcl1", "ptp1b", "cdk2")) {
            receptors.put(t, plb.resolve(t).resolve("protein.pdb"));
        }
        Path pattern = Path.of(plb + "/{target}/poses/*.sdf");
        PrepareConfig in = new PrepareConfig(pattern, receptors, Optional.empty(), IdSource.TITLE, Optional.empty(),
                ColumnsConfig.defaults(), Double.POSITIVE_INFINITY, "pose_rank");
        Path ds = tmp.resolve("plb");
        new SparkPrepare(TestSpark.session(), "gnina", 1 << 20, 2).run(in, pattern.toString(),
                PoseSelection.defaults(), ds);
        Path out = tmp.resolve("plb-out");
        SparkPredict.Result r = new SparkPredict(TestSpark.session(), 4).run(run, TrainedModel.BEST, ds,
                PoseSelection.defaults(), out);
        assertSame(single(ds, PoseSelection.defaults()), out);
        assertEquals(891, r.poses());
    }
}
