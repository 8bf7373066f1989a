package org.multipose.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.multipose.base.Reject;
import org.multipose.combination.Combination;
import org.multipose.data.PoseFiles;
import org.multipose.eval.ReportContext;
import org.multipose.model.GninaRegistry;
import org.multipose.predict.PoseBatchScorer;
import org.multipose.predict.PoseFileScoring;
import org.multipose.predict.PoseFileScoring.CompoundScore;
import org.multipose.predict.PoseFileScoring.Pose;
import org.multipose.predict.PoseFileScoring.ScoredPose;
import org.multipose.predict.PoseScore;
import org.multipose.predict.ScoreModel;
import org.multipose.spark.Rows.Key;
import org.multipose.spark.Rows.RejectRow;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.LigandReader;
import org.multipose.structure.PdbReceptorReader;
import org.multipose.structure.ReceptorOptions;
import org.multipose.structure.SdfLigandReader;
import org.multipose.structure.SdfLigandReader.RecordText;
import org.multipose.train.EngineThreads;
import org.multipose.typing.TypedAtoms;
import scala.Tuple2;

/**
 * {@code score} as a Spark job: gnina's pretrained models ({@code gnina:NAME}) or a trained run ({@code run:DIR}) on
 * every pose of many SD files, written as a per-pose and a per-compound table (Parquet and CSV) with the columns of
 * the single-machine {@code score --csv}.
 *
 * <p>Tasks: one per SD file, or per record-aligned byte range of an uncompressed SD file larger than the split size
 * ({@link SdfRange}; a first small job counts each range's records and lines, so records keep the file's numbers).
 * Not when the model centres a pose's grid on all of its compound's poses in the file (a run with
 * {@code grid.center: compound}): then a file is one task, as its centers need all of it. A task takes a scorer
 * from its executor's pool — each JVM loads the model once per concurrently running task and keeps it for the next
 * tasks, each with the typed receptor of every target it met — reads, types and centres its records with the
 * core's {@link PoseFileScoring} (the steps {@code pipeline score} runs) and scores them in batches. The
 * per-compound rows come from a group-by on (target, compound) over all pose rows, so poses of one compound in
 * different files or ranges are combined together, in the single-machine order (file, then record) through
 * {@code org.multipose.combination}.
 */
public final class SparkScore {

    /** Default split size: an uncompressed SD file larger than this is scored by several tasks. */
    public static final long DEFAULT_SPLIT_BYTES = 32L << 20;

    /** The tables' columns, typed ({@link PoseFileScoring#CSV_COLUMNS}: score's CSV columns). */
    public static final StructType SCHEMA = new StructType()
            .add("level", DataTypes.StringType, false).add("target", DataTypes.StringType, false)
            .add("file", DataTypes.StringType, true).add("record", DataTypes.IntegerType, true)
            .add("compound", DataTypes.StringType, false).add("title", DataTypes.StringType, true)
            .add("poses", DataTypes.IntegerType, false).add("CNNscore", DataTypes.DoubleType, true)
            .add("CNNaffinity", DataTypes.DoubleType, false).add("CNNvariance", DataTypes.DoubleType, true)
            .add("y_kt", DataTypes.DoubleType, false).add("combination", DataTypes.StringType, true)
            .add("top_file", DataTypes.StringType, true).add("top_record", DataTypes.IntegerType, true)
            .add("top_weight", DataTypes.DoubleType, true);

    /** The CSV tables' columns: the same names, the text score writes (numbers to 6 decimals). */
    static final StructType CSV_SCHEMA;

    static {
        StructType t = new StructType();
        for (String c : PoseFileScoring.CSV_COLUMNS) {
            t = t.add(c, DataTypes.StringType, true);
        }
        CSV_SCHEMA = t;
    }

    /**
     * What to score with and how.
     *
     * @param model      gnina:NAME or run:DIR
     * @param weightsDir gnina's weights folder, resolved on the driver (null for run models)
     * @param checkpoint run models: best, last or a checkpoint directory
     * @param idFrom     --id-from
     * @param combine    --combine, or null for no per-compound table
     * @param threads    gridding and PyTorch threads per task
     * @param batch      poses per forward pass
     * @param receptors  target → receptor PDB (absolute paths)
     */
    public record Setup(String model, String weightsDir, String checkpoint, String idFrom, String combine,
            int threads, int batch, Map<String, String> receptors) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Setup {
            receptors = new LinkedHashMap<>(receptors);
        }

        String poolKey() {
            return model + "\n" + weightsDir + "\n" + checkpoint + "\n" + threads + "\n" + batch;
        }

        ScoreModel open() {
            return ScoreModel.open(model, Optional.ofNullable(weightsDir).map(Path::of), Optional.empty(), Map.of(),
                    checkpoint);
        }
    }

    /** One task: a whole file ({@code range} null) or a range of it. */
    record Task(String file, String target, String fileId, int ordinal, SdfRange range) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One scored pose, as it leaves a task. */
    record PoseOut(int ordinal, String file, String target, int record, String compound, String title,
            double[] memberY, double[] memberScore) implements Serializable {
        private static final long serialVersionUID = 1L;

        ScoredPose scored() {
            return new ScoredPose(Path.of(file), target, record, compound, title, new PoseScore(memberY, memberScore));
        }
    }

    /** What a task gave. */
    record TaskOut(List<PoseOut> poses, List<RejectRow> rejects, int records) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What was scored and written.
     *
     * @param poses     poses scored
     * @param compounds compound rows (0 without a combination)
     * @param records   records read
     * @param rejects   records and files skipped, with the reason
     * @param files     SD files
     * @param tasks     Spark tasks that scored them
     * @param model     the model as score names it
     * @param written   the tables, rejects.csv and provenance.json
     * @param receptorSkips receptor records the PDB reader skipped (as score prints them)
     */
    public record Result(long poses, long compounds, long records, List<Reject> rejects, int files, int tasks,
            String model, List<Path> written, List<Reject> receptorSkips) {}

    private final SparkSession spark;
    private final long splitBytes;

    /** @param splitBytes an uncompressed SD file larger than this is cut into ranges scored by separate tasks */
    public SparkScore(SparkSession spark, long splitBytes) {
        if (splitBytes < 1) {
            throw new IllegalArgumentException("split size must be ≥ 1 byte");
        }
        this.spark = spark;
        this.splitBytes = splitBytes;
    }

    /**
     * Resolves what the single-machine {@code score} resolves on its start: the model name (and for gnina models
     * the weights folder, from the option, the config's {@code model.weights_dir} or the environment), so that
     * executors need neither the config nor the environment.
     */
    public static Setup setup(String model, Optional<Path> weightsDir, Optional<Path> configWeights,
            String checkpoint, String idFrom, String combine, int threads, int batch, Map<String, Path> receptors) {
        if (threads < 1 || batch < 1) {
            throw new InputException("--threads and --batch must be ≥ 1 (got " + threads + " and " + batch + ")");
        }
        PoseFileScoring.combination(combine); // a bad name fails here
        PoseFileScoring.idRule(idFrom);
        String m = model.trim();
        String weights = null;
        if (m.startsWith(GninaRegistry.PREFIX)) {
            GninaRegistry.members(m.substring(GninaRegistry.PREFIX.length()));
            weights = GninaRegistry.resolve(weightsDir, configWeights, System.getenv())
                    .weightsDir().toAbsolutePath().normalize().toString();
        } else if (weightsDir.isPresent()) {
            weights = weightsDir.get().toAbsolutePath().normalize().toString(); // ScoreModel.open says why it is wrong
        }
        Map<String, String> rec = new LinkedHashMap<>();
        receptors.forEach((t, p) -> rec.put(t, p.toAbsolutePath().normalize().toString()));
        return new Setup(m, weights, checkpoint, idFrom, combine, threads, batch, rec);
    }

    /**
     * Scores every pose of the SD files that {@code ligands} name and writes the tables into {@code out}.
     *
     * @param target the target of files whose pattern has no {@code {target}} (empty: the only receptor's)
     * @throws InputException as {@code pipeline score}: bad patterns, targets without a receptor, a model that
     *                        cannot be loaded, no pose that could be scored
     */
    public Result run(Setup setup, List<String> ligands, Optional<String> target, Path out) {
        List<Reject> rejects = new ArrayList<>();
        Map<String, Path> receptorFiles = new LinkedHashMap<>();
        setup.receptors().forEach((t, p) -> receptorFiles.put(t, Path.of(p)));
        List<PoseFiles.PoseFile> files = PoseFileScoring.ligandFiles(ligands, receptorFiles, target, rejects);
        boolean local = spark.sparkContext().isLocal();
        String name;
        String architectures;
        int members;
        boolean wholeFiles;
        // On the driver: the model loads once here, so that a bad name, missing weights or a run that cannot be
        // scored are one line before any task starts; in local mode the executor is this JVM and keeps it.
        EngineThreads.configure(setup.threads());
        TaskThreads.inference();
        ConcurrentLinkedQueue<Scorer> pool = POOL.computeIfAbsent(setup.poolKey(), k -> new ConcurrentLinkedQueue<>());
        Scorer pooled = local ? pool.poll() : null;
        ScoreModel sm = pooled != null ? pooled.model : setup.open();
        if (pooled == null) {
            LOADS.incrementAndGet();
        }
        List<Reject> receptorSkips = new ArrayList<>();
        try {
            name = sm.name();
            architectures = sm.architectures();
            members = sm.members().size();
            wholeFiles = sm.centersOnCompound();
            for (Map.Entry<String, Path> r : receptorFiles.entrySet()) {
                // read once here so that a missing or empty receptor is one line before the job
                receptorSkips.addAll(PdbReceptorReader.read(r.getValue(), sm.isGnina()
                        ? ReceptorOptions.defaults().withWaters(true) : ReceptorOptions.defaults()).rejects());
            }
        } catch (RuntimeException e) {
            sm.close();
            throw e;
        }
        if (local) {
            pool.add(pooled != null ? pooled : new Scorer(sm, setup));
        } else {
            sm.close();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Task> tasks = tasks(jsc, files, wholeFiles);
        spark.sparkContext().setJobDescription("score: " + files.size() + " SD files in " + tasks.size() + " tasks");
        JavaRDD<TaskOut> outs = jsc.parallelize(tasks, tasks.size()).map(t -> scoreTask(t, setup))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            long records = 0;
            for (TaskOut o : outs.map(o -> new TaskOut(List.of(), o.rejects(), o.records())).collect()) {
                records += o.records();
                o.rejects().forEach(r -> rejects.add(r.toReject()));
            }
            JavaRDD<PoseOut> poses = outs.flatMap(o -> o.poses().iterator());
            long scored = poses.count();
            if (scored == 0) {
                throw new InputException("--ligand: no pose could be scored (" + rejects.size() + " skipped"
                        + (rejects.isEmpty() ? "" : "; the first: " + rejects.get(0).file() + " "
                                + rejects.get(0).record() + ": " + rejects.get(0).reason()) + ")");
            }
            List<Path> written = new ArrayList<>();
            String base = out.toAbsolutePath().toString();
            write(spark.createDataFrame(poses.map(p -> typedRow(p.scored())), SCHEMA),
                    spark.createDataFrame(poses.map(p -> csvRow(PoseFileScoring.csvFields(p.scored()))), CSV_SCHEMA),
                    base, "pose_scores");
            written.add(out.resolve("pose_scores.parquet"));
            written.add(out.resolve("pose_scores_csv"));
            long compounds = 0;
            if (setup.combine() != null) {
                String combine = setup.combine();
                // per compound: the typed row and the CSV row (CompoundScore holds a Path: not serializable)
                JavaRDD<Row[]> combined = poses.mapToPair(p -> new Tuple2<>(new Key(p.target(), p.compound()), p))
                        .groupByKey().map(g -> {
                            CompoundScore c = combine(g._1(), g._2(), combine);
                            return new Row[] {typedRow(c), csvRow(PoseFileScoring.csvFields(c))};
                        }).persist(StorageLevel.MEMORY_AND_DISK_SER());
                try {
                    write(spark.createDataFrame(combined.map(r -> r[0]), SCHEMA),
                            spark.createDataFrame(combined.map(r -> r[1]), CSV_SCHEMA), base, "compound_scores");
                    compounds = combined.count();
                } finally {
                    combined.unpersist(false);
                }
                written.add(out.resolve("compound_scores.parquet"));
                written.add(out.resolve("compound_scores_csv"));
            }
            StringBuilder b = new StringBuilder(Reject.CSV_HEADER).append('\n');
            rejects.forEach(r -> b.append(r.toCsvRow()).append('\n'));
            Path rejectsCsv = out.resolve("rejects.csv");
            try {
                Files.writeString(rejectsCsv, b.toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + rejectsCsv, e);
            }
            written.add(rejectsCsv);
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("generator", "multipose spark score");
            provenance.put("model", name);
            provenance.put("members", members + " (" + architectures + ")");
            if (setup.weightsDir() != null) {
                provenance.put("weights_dir", setup.weightsDir());
            }
            provenance.put("ligands", String.join(" ", ligands));
            provenance.put("receptors", setup.receptors().toString());
            provenance.put("combination", setup.combine() == null ? "none" : setup.combine());
            provenance.put("id_from", setup.idFrom());
            provenance.put("records", Long.toString(records));
            provenance.put("poses_scored", Long.toString(scored));
            provenance.put("skipped", Integer.toString(rejects.size()));
            provenance.put("spark_master", spark.sparkContext().master());
            provenance.put("spark_tasks", Integer.toString(tasks.size()));
            written.add(ReportContext.writeProvenance(out, provenance));
            return new Result(scored, compounds, records, rejects, files.size(), tasks.size(),
                    name + " (" + members + " member" + (members == 1 ? "" : "s") + ", " + architectures + ")",
                    written, receptorSkips);
        } finally {
            outs.unpersist(false);
        }
    }

    /** The tasks: whole files, or ranges of big uncompressed files numbered by a counting job. */
    private List<Task> tasks(JavaSparkContext jsc, List<PoseFiles.PoseFile> files, boolean wholeFiles) {
        List<Task> out = new ArrayList<>();
        List<SdfRange> ranges = new ArrayList<>();
        List<PoseFileRef> refs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            PoseFiles.PoseFile f = files.get(i);
            PoseFileRef ref = new PoseFileRef(f.path().toString(), f.target(), f.id(), f.bytes(), i, false);
            refs.add(ref);
            if (!wholeFiles && !ref.gzip() && LigandReader.formatOf(f.path()) == LigandReader.Format.SDF
                    && f.bytes() > splitBytes) {
                List<SdfRange> r = SdfRange.plan(ref, splitBytes);
                if (r.size() > 1) {
                    ranges.addAll(r);
                    continue;
                }
            }
            out.add(new Task(ref.name(), ref.target(), ref.id(), i, null));
        }
        if (ranges.isEmpty()) {
            return out;
        }
        jsc.sc().setJobDescription("score: count the records of " + ranges.size() + " SD ranges");
        List<SdfRange.Counts> counts = jsc.parallelize(ranges, ranges.size()).map(SdfRange::count).collect();
        for (SdfRange r : SdfRange.numberedInFiles(ranges, counts)) {
            PoseFileRef f = refs.get(r.file().ordinal());
            out.add(new Task(f.name(), f.target(), f.id(), f.ordinal(), r));
        }
        return out;
    }

    /** A model loaded on an executor, with the receptors it typed, for one task at a time. */
    private static final class Scorer {
        final ScoreModel model;
        final PoseBatchScorer batch;
        final Map<String, TypedAtoms> receptors = new LinkedHashMap<>();

        Scorer(ScoreModel model, Setup setup) {
            this.model = model;
            this.batch = new PoseBatchScorer(model.members(), model.grid(), setup.threads(), setup.batch());
        }
    }

    /** Models loaded in this JVM, free for the next task (one per task running at once). */
    private static final Map<String, ConcurrentLinkedQueue<Scorer>> POOL = new ConcurrentHashMap<>();
    /** Models this JVM loaded (the driver's included: in local mode its model goes to the pool). */
    static final AtomicInteger LOADS = new AtomicInteger();

    /** One task: its records read, typed, centred and scored in batches. */
    static TaskOut scoreTask(Task t, Setup s) {
        EngineThreads.configure(s.threads());
        TaskThreads.inference();
        ConcurrentLinkedQueue<Scorer> free = POOL.computeIfAbsent(s.poolKey(), k -> new ConcurrentLinkedQueue<>());
        Scorer sc = free.poll();
        if (sc == null) {
            sc = new Scorer(s.open(), s);
            LOADS.incrementAndGet();
        }
        try {
            Path path = Path.of(t.file());
            List<RecordText> texts = t.range() == null ? SdfLigandReader.split(path) : t.range().records();
            List<Reject> rejects = new ArrayList<>();
            CompoundIdRule ids = PoseFileScoring.idRule(s.idFrom());
            List<Pose> poses = PoseFileScoring.read(path, t.target(), t.fileId(), texts, sc.model, ids, rejects);
            List<PoseOut> out = new ArrayList<>(poses.size());
            if (!poses.isEmpty()) {
                ScoreModel model = sc.model;
                TypedAtoms receptor = sc.receptors.computeIfAbsent(t.target(),
                        k -> PoseFileScoring.typeReceptor(model, Path.of(s.receptors().get(k)), r -> { }));
                for (int from = 0; from < poses.size(); from += s.batch()) {
                    List<Pose> chunk = poses.subList(from, Math.min(poses.size(), from + s.batch()));
                    for (ScoredPose p : PoseFileScoring.score(sc.batch, receptor, chunk)) {
                        out.add(new PoseOut(t.ordinal(), t.file(), p.target(), p.record(), p.compound(), p.title(),
                                p.score().memberY(), p.score().memberScore()));
                    }
                }
            }
            List<RejectRow> rr = new ArrayList<>();
            rejects.forEach(r -> rr.add(RejectRow.of(r)));
            return new TaskOut(out, rr, texts.size());
        } finally {
            free.add(sc);
        }
    }

    /** One compound's poses, in score's order (file, then record), combined. */
    static CompoundScore combine(Key key, Iterable<PoseOut> poses, String combine) {
        List<PoseOut> all = new ArrayList<>();
        poses.forEach(all::add);
        all.sort(Comparator.comparingInt(PoseOut::ordinal).thenComparingInt(PoseOut::record));
        List<ScoredPose> scored = new ArrayList<>(all.size());
        all.forEach(p -> scored.add(p.scored()));
        Combination c = PoseFileScoring.combination(combine);
        return PoseFileScoring.combine(key.target(), key.compound(), scored, c);
    }

    static Row typedRow(ScoredPose p) {
        PoseScore s = p.score();
        return RowFactory.create("pose", p.target(), p.file().toString(), p.record(), p.compound(), p.title(), 1,
                s.score().isPresent() ? s.score().getAsDouble() : null, s.affinity(),
                s.members() > 1 ? s.affinityVariance() : null, s.y(), null, null, null, null);
    }

    static Row typedRow(CompoundScore c) {
        return RowFactory.create("compound", c.target(), null, null, c.compound(), null, c.poses(), null, c.pk(), null,
                c.combinedKt(), c.combination(), c.topFile().toString(), c.topRecord(), c.topWeight());
    }

    /** A CSV row: score's fields as text, an empty one as null (written empty, as score writes it). */
    static Row csvRow(List<String> fields) {
        Object[] v = new Object[fields.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = fields.get(i).isEmpty() ? null : fields.get(i);
        }
        return RowFactory.create(v);
    }

    /** A table as Parquet ({@code NAME.parquet}) and as CSV with a header ({@code NAME_csv/}). */
    private static void write(Dataset<Row> typed, Dataset<Row> text, String base, String name) {
        typed.write().mode(SaveMode.Overwrite).parquet(base + "/" + name + ".parquet");
        // Quoted as score quotes (RFC 4180: "" inside quotes), and values kept as they are (no trimming).
        text.write().mode(SaveMode.Overwrite).option("header", "true").option("escape", "\"")
                .option("ignoreLeadingWhiteSpace", "false").option("ignoreTrailingWhiteSpace", "false")
                .csv(base + "/" + name + "_csv");
    }
}
