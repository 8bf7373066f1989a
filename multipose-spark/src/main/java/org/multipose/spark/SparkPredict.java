package org.multipose.spark;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.multipose.base.InputException;
import org.multipose.config.PoseSelection;
import org.multipose.data.CompoundPoses;
import org.multipose.data.CompoundRecord;
import org.multipose.data.PoseRecord;
import org.multipose.data.PoseSelectionCounts;
import org.multipose.data.PoseSelector;
import org.multipose.data.ReceptorRecord;
import org.multipose.data.SplitAssignment;
import org.multipose.eval.CompoundPrediction;
import org.multipose.eval.PosePrediction;
import org.multipose.eval.PredictionTable;
import org.multipose.eval.PredictionWriter;
import org.multipose.eval.ReportContext;
import org.multipose.predict.CompoundPredictor;
import org.multipose.predict.PredictedCompound;
import org.multipose.predict.TrainedModel;
import org.multipose.spark.Rows.SelectionRow;
import org.multipose.train.run.Checkpoint;

/**
 * {@code predict} as a Spark job: a trained run's predictions for every compound of a prepared dataset (one-file or
 * partitioned), written as Parquet and CSV tables with the columns of {@code predictions.csv} and
 * {@code pose_predictions.csv}.
 *
 * <p>A task takes a contiguous slice of the compound table (a compound's poses are never split: prepare grouped them,
 * even when they came from different pose files), opens the dataset, and predicts compound after compound with a
 * {@link CompoundPredictor} that its executor loaded once — a small pool per executor JVM, one model per concurrent
 * task — whose gridder caches each target's receptor density. The per-pose values and their combination are those of
 * the single-machine {@code predict}, bit for bit.
 */
public final class SparkPredict {

    private final SparkSession spark;
    private final int slices;

    /** @param slices tasks (≥ 1): slices of the compound table */
    public SparkPredict(SparkSession spark, int slices) {
        if (slices < 1) {
            throw new IllegalArgumentException("slices must be ≥ 1");
        }
        this.spark = spark;
        this.slices = slices;
    }

    /** The per-compound table's columns ({@code predictions.csv}'s). */
    public static final StructType COMPOUND_SCHEMA = new StructType()
            .add("target", DataTypes.StringType, false).add("compound_id", DataTypes.StringType, false)
            .add("split", DataTypes.StringType, false).add("measure", DataTypes.StringType, true)
            .add("qualifier", DataTypes.StringType, true).add("label_pk", DataTypes.DoubleType, true)
            .add("sigma_pk", DataTypes.DoubleType, true).add("predicted_pk", DataTypes.DoubleType, false)
            .add("combined_kt", DataTypes.DoubleType, false).add("n_poses", DataTypes.IntegerType, false)
            .add("top_pose", DataTypes.IntegerType, false).add("top_weight", DataTypes.DoubleType, false)
            .add("heavy_atoms", DataTypes.IntegerType, false).add("dock_score", DataTypes.DoubleType, true)
            .add("predicted_sd", DataTypes.DoubleType, true);

    /** The per-pose table's columns ({@code pose_predictions.csv}'s). */
    public static final StructType POSE_SCHEMA = new StructType()
            .add("target", DataTypes.StringType, false).add("compound_id", DataTypes.StringType, false)
            .add("pose_index", DataTypes.IntegerType, false).add("y_kt", DataTypes.DoubleType, false)
            .add("predicted_pk", DataTypes.DoubleType, false).add("weight", DataTypes.DoubleType, false)
            .add("coefficient", DataTypes.DoubleType, false).add("rmsd", DataTypes.DoubleType, true)
            .add("dock_score", DataTypes.DoubleType, true);

    /** A slice of the compound table. */
    record Slice(String dataset, int from, int to, String run, String checkpoint, String splitFile,
            SelectionRow selection) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What a slice gave: table rows, and what the selection saw. */
    record SliceOut(List<Row> compounds, List<Row> poses, TreeSet<String> scoreNames, long[] counts)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What was written.
     *
     * @param compounds compounds predicted
     * @param poses     poses predicted
     * @param written   the tables and provenance.json
     */
    public record Result(long compounds, long poses, List<Path> written, Map<String, String> provenance) {}

    /**
     * Predicts the dataset in {@code datasetDir} with the run's model and writes the tables into {@code out}.
     *
     * @param selection the poses to use (the run's {@code data.pose_selection} unless the user chose another)
     * @throws InputException when the dataset does not fit the model, or the selection names a score no pose has
     */
    public Result run(Path runDir, String checkpoint, Path datasetDir, PoseSelection selection, Path out) {
        TrainedModel model = TrainedModel.load(runDir, checkpoint);
        Path dir = datasetDir.toAbsolutePath().normalize();
        String fingerprint;
        int rows;
        try (org.multipose.data.Dataset ds = org.multipose.data.Dataset.open(dir)) {
            model.check(ds.metadata(), ds.targets(), dir.toString());
            fingerprint = ds.verifiedFingerprint();
            rows = ds.compounds().size();
        }
        boolean same = fingerprint.equals(model.trainingFingerprint());
        String splitFile = null;
        if (same) {
            Path f = model.checkpoints().get(0).directory().resolve(Checkpoint.SPLIT);
            splitFile = (Files.isRegularFile(f) ? f : model.run().split()).toString();
        }
        int n = Math.max(1, Math.min(slices, rows));
        List<Slice> work = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            work.add(new Slice(dir.toString(), (int) ((long) rows * i / n), (int) ((long) rows * (i + 1) / n),
                    model.run().root().toString(), checkpoint, splitFile, SelectionRow.of(selection)));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        spark.sparkContext().setJobDescription("predict: " + rows + " compounds in " + n + " tasks");
        JavaRDD<SliceOut> outs = jsc.parallelize(work, n).map(SparkPredict::predictSlice)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            TreeSet<String> scores = new TreeSet<>();
            long[] c = new long[7];
            for (SliceOut o : outs.map(o -> new SliceOut(List.of(), List.of(), o.scoreNames(), o.counts()))
                    .collect()) {
                scores.addAll(o.scoreNames());
                for (int i = 0; i < c.length; i++) {
                    c[i] += o.counts()[i];
                }
            }
            PoseSelector selector = PoseSelector.of(selection);
            if (!selector.keepsAll()) {
                selector.requireScores(scores, dir.toString());
            }
            PoseSelectionCounts counts = new PoseSelectionCounts(selection, Math.toIntExact(c[0]),
                    Math.toIntExact(c[1]), c[2], c[3], c[4], c[5], c[6]);
            Dataset<Row> compounds = spark.createDataFrame(outs.flatMap(o -> o.compounds().iterator()),
                    COMPOUND_SCHEMA);
            Dataset<Row> poses = spark.createDataFrame(outs.flatMap(o -> o.poses().iterator()), POSE_SCHEMA);
            List<Path> written = writeTables(compounds, poses, out);
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("generator", "multipose spark predict");
            provenance.putAll(model.provenance());
            provenance.put("dataset", dir.toString());
            provenance.put(ReportContext.FINGERPRINT_KEY, fingerprint);
            provenance.put("split", same ? "the run's split (the dataset the model was trained on)"
                    : "none (not the dataset the model was trained on)");
            provenance.put("pose_selection", selection.describe());
            provenance.put("poses_selected", counts.describe());
            provenance.put("spark_master", spark.sparkContext().master());
            provenance.put("spark_tasks", Integer.toString(n));
            written.add(ReportContext.writeProvenance(out, provenance));
            return new Result(counts.compoundsKept(), counts.posesKept(), written, provenance);
        } finally {
            outs.unpersist(false);
        }
    }

    /** Writes the two tables as Parquet and as CSV (with a header) into {@code out}. */
    static List<Path> writeTables(Dataset<Row> compounds, Dataset<Row> poses, Path out) {
        List<Path> written = new ArrayList<>();
        String base = out.toAbsolutePath().toString();
        compounds.write().mode(SaveMode.Overwrite).parquet(base + "/predictions.parquet");
        poses.write().mode(SaveMode.Overwrite).parquet(base + "/pose_predictions.parquet");
        compounds.write().mode(SaveMode.Overwrite).option("header", "true").csv(base + "/predictions_csv");
        poses.write().mode(SaveMode.Overwrite).option("header", "true").csv(base + "/pose_predictions_csv");
        for (String name : List.of("predictions.parquet", "pose_predictions.parquet", "predictions_csv",
                "pose_predictions_csv")) {
            written.add(out.resolve(name));
        }
        return written;
    }

    /** Models loaded on this executor, free for the next task (one per task running at once). */
    private static final Map<String, ConcurrentLinkedQueue<CompoundPredictor>> POOL = new ConcurrentHashMap<>();
    /** How many models this JVM loaded (the per-executor fixed cost is counted by the benchmark). */
    static final java.util.concurrent.atomic.AtomicInteger LOADS = new java.util.concurrent.atomic.AtomicInteger();

    /** One task: its compounds, predicted one at a time. */
    static SliceOut predictSlice(Slice s) {
        TaskThreads.inference();
        String poolKey = s.run() + "\n" + s.checkpoint() + "\n" + s.dataset();
        ConcurrentLinkedQueue<CompoundPredictor> free = POOL.computeIfAbsent(poolKey,
                k -> new ConcurrentLinkedQueue<>());
        PoseSelection selection = s.selection().toSelection();
        PoseSelector selector = PoseSelector.of(selection);
        SplitAssignment split = s.splitFile() == null ? SplitAssignment.of(Map.of())
                : SplitAssignment.readAll(Path.of(s.splitFile()));
        List<PredictedCompound> predicted = new ArrayList<>();
        Set<String> scores = new HashSet<>();
        PoseSelectionCounts counts = PoseSelectionCounts.none(selection);
        try (org.multipose.data.Dataset ds = org.multipose.data.Dataset.open(Path.of(s.dataset()))) {
            CompoundPredictor predictor = free.poll();
            if (predictor == null) {
                TrainedModel model = TrainedModel.load(Path.of(s.run()), s.checkpoint());
                List<Path> dirs = new ArrayList<>();
                model.checkpoints().forEach(cp -> dirs.add(cp.directory()));
                predictor = new CompoundPredictor(model.config(), ds.metadata(), dirs);
                LOADS.incrementAndGet();
            }
            try {
                for (CompoundRecord c : ds.compounds().subList(s.from(), s.to())) {
                    List<PoseRecord> all = ds.poses(c.key());
                    for (PoseRecord p : all) {
                        scores.addAll(p.scores().keySet());
                    }
                    PoseSelector.Result r = selector.select(all);
                    counts = counts.plus(all.size(), r);
                    if (r.kept().isEmpty()) {
                        continue;
                    }
                    CompoundPoses cp = new CompoundPoses(new CompoundRecord(c.key(), c.label(), c.smiles(),
                            r.kept().size()), r.kept());
                    ReceptorRecord receptor = ds.receptor(c.key().target()).orElseThrow();
                    predicted.add(predictor.predict(cp, receptor, split.find(c.key())));
                }
            } finally {
                free.add(predictor);
            }
        }
        PredictionTable table = PredictionWriter.table(predicted);
        List<Row> compounds = new ArrayList<>();
        for (CompoundPrediction c : table.compounds()) {
            compounds.add(compoundRow(c));
        }
        List<Row> poses = new ArrayList<>();
        for (PosePrediction p : table.poses()) {
            poses.add(poseRow(p));
        }
        return new SliceOut(compounds, poses, new TreeSet<>(scores), new long[] {counts.compoundsIn(),
            counts.compoundsKept(), counts.posesIn(), counts.posesKept(), counts.failedFilter(),
            counts.missingScore(), counts.beyondTop()});
    }

    static Row compoundRow(CompoundPrediction c) {
        return RowFactory.create(c.key().target(), c.key().compoundId(), c.splitLabel(),
                c.measure().map(m -> m.label()).orElse(null),
                c.label().map(l -> l.qualifier().symbol()).orElse(null),
                c.label().map(l -> l.pk()).orElse(null),
                c.label().flatMap(l -> l.sigmaPk().isPresent() ? Optional.of(l.sigmaPk().getAsDouble())
                        : Optional.empty()).orElse(null),
                c.predictedPk(), c.combinedKt(), c.nPoses(), c.topPose(), c.topWeight(), c.heavyAtoms(),
                c.dockScore().isPresent() ? c.dockScore().getAsDouble() : null,
                c.predictedSd().isPresent() ? c.predictedSd().getAsDouble() : null);
    }

    static Row poseRow(PosePrediction p) {
        return RowFactory.create(p.key().target(), p.key().compoundId(), p.poseIndex(), p.yKt(), p.predictedPk(),
                p.weight(), p.coefficient(), p.rmsd().isPresent() ? p.rmsd().getAsDouble() : null,
                p.dockScore().isPresent() ? p.dockScore().getAsDouble() : null);
    }

}
