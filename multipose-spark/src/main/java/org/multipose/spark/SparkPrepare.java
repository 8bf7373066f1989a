package org.multipose.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.multipose.base.InputException;
import org.multipose.base.Reject;
import org.multipose.cli.options.PrepareInputs;
import org.multipose.config.PoseSelection;
import org.multipose.config.PrepareConfig;
import org.multipose.data.AffinityLabel;
import org.multipose.data.AffinityTable;
import org.multipose.data.CompoundAssembly;
import org.multipose.data.CompoundKey;
import org.multipose.data.CompoundRecord;
import org.multipose.data.DatasetManifest;
import org.multipose.data.DatasetMetadata;
import org.multipose.data.DatasetSummary;
import org.multipose.data.DatasetWriter;
import org.multipose.data.ParsedPose;
import org.multipose.data.ParsedRecord;
import org.multipose.data.ParsedRun;
import org.multipose.data.PoseFiles;
import org.multipose.data.PoseParser;
import org.multipose.data.PoseRecord;
import org.multipose.data.PoseSelectionCounts;
import org.multipose.data.PoseSelector;
import org.multipose.data.PrepareResult;
import org.multipose.data.Preparer;
import org.multipose.data.TypedReceptor;
import org.multipose.spark.Rows.Key;
import org.multipose.spark.Rows.LabelRow;
import org.multipose.spark.Rows.RejectRow;
import org.multipose.spark.Rows.SelectionRow;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.LigandReader;
import org.multipose.structure.SdfLigandReader;
import org.multipose.structure.SdfLigandReader.RecordText;
import org.multipose.typing.AtomTyper;
import scala.Tuple2;

/**
 * {@code prepare} as a Spark job, writing a partitioned dataset ({@link DatasetManifest}) that reads exactly as the
 * single-machine {@link Preparer}'s: the same compounds, labels, poses, receptors, rejects and summary counts.
 *
 * <ol>
 *   <li>Driver: the pose pattern is expanded ({@link PoseFiles}, or Hadoop's glob for a URI), the affinity table read
 *       and each target's receptor typed (few and small); big uncompressed SD files are cut into record-aligned
 *       byte ranges ({@link SdfRange}) and a first job counts each range's records and lines so that every range
 *       knows the file's record and line numbers.</li>
 *   <li>Parse job: one task per file or range runs {@link PoseParser} on the same runs of records as the
 *       single-machine prepare.</li>
 *   <li>Assembly job: the parsed records are sorted by compound key into range partitions (a compound is never split)
 *       and, in arrival order (file, run, record), assembled ({@link CompoundAssembly}), selected
 *       ({@link PoseSelector}), joined with their label and written as one part per partition.</li>
 *   <li>Driver: rejects, receptors, manifest and summary ({@link DatasetWriter#createPartitioned}).</li>
 * </ol>
 *
 * <p>The dataset directory must be on a file system every executor writes and the core reads (local disk in local
 * mode, a shared mount on a cluster); pose files may also be on any Hadoop file system.
 */
public final class SparkPrepare {

    /** Default bytes per SD range. */
    public static final long DEFAULT_SPLIT_BYTES = 32L << 20;

    private final SparkSession spark;
    private final String typer;
    private final long splitBytes;
    private final int partitions;

    /**
     * @param typer      the typer name (gnina, element)
     * @param splitBytes an uncompressed SD file larger than this is parsed by several tasks
     * @param partitions parts of the dataset (≥ 1)
     */
    public SparkPrepare(SparkSession spark, String typer, long splitBytes, int partitions) {
        if (splitBytes < 1 || partitions < 1) {
            throw new IllegalArgumentException("splitBytes and partitions must be ≥ 1");
        }
        this.spark = spark;
        this.typer = typer;
        this.splitBytes = splitBytes;
        this.partitions = partitions;
    }

    /** What a parse task parses: a whole file ({@code range} null) or a range of an SD file. */
    record ParseTask(PoseFileRef file, String target, String stored, String idSource, String idTag, SdfRange range)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        CompoundIdRule ids() {
            return new CompoundIdRule(CompoundIdRule.Source.valueOf(idSource), idTag);
        }
    }

    /** A parsed record with its place in arrival order (file, run within the file, record within the run). */
    record ItemRow(Key key, int file, int run, int item, ParsedRecord record) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What a parse task gives. */
    record TaskOut(List<ItemRow> items, List<RejectRow> rejects, long records) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What one partition of the assembly job wrote and counted. */
    record PartOut(int index, String compoundsFile, String posesFile, int nCompounds, long nPoses,
            List<RejectRow> rejects, TreeSet<String> scoreNames, long assembled, List<Key> labelledAssembled,
            TreeSet<String> targetsKept, long matched, long[] selection) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Everything the executors need besides their task. */
    record Context(String typer, String poseIndexTag, Map<String, float[]> receptorCoords, Map<Key, LabelRow> labels,
            SelectionRow selection, String out) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Prepares {@code in} (its poses given by {@code posesPattern}, which may be a URI) into {@code out}.
     *
     * @throws InputException as {@link Preparer#run(PrepareConfig, PoseSelection, Path)}
     */
    public PrepareResult run(PrepareConfig in, String posesPattern, PoseSelection selection, Path out) {
        Preparer.checkInputs(in, out);
        boolean placeholder = PoseFiles.hasTargetPlaceholder(posesPattern);
        String fixedTarget = Preparer.fixedTarget(in, placeholder);
        List<Reject> rejects = new ArrayList<>();
        List<PoseFileRef> files = new ArrayList<>();
        String base;
        if (HadoopPoseFiles.isUri(posesPattern)) {
            HadoopPoseFiles.Listing l = HadoopPoseFiles.expand(posesPattern);
            files.addAll(l.files());
            rejects.addAll(l.rejects());
            base = commonUriBase(files);
        } else {
            PoseFiles pf = PoseFiles.expand(posesPattern);
            int ordinal = 0;
            for (PoseFiles.PoseFile f : pf.files()) {
                files.add(new PoseFileRef(f.path().toString(), f.target(), f.id(), f.bytes(), ordinal++, false));
            }
            rejects.addAll(pf.rejects());
            base = Preparer.commonBase(pf).toString();
        }
        AtomTyper atomTyper = PrepareInputs.typer(typer);
        PoseParser parser = new PoseParser(atomTyper);
        AffinityTable table = Preparer.readTable(in);
        CompoundIdRule ids = Preparer.idRule(in.idFrom());

        // receptors (driver) and the tasks
        Map<String, TypedReceptor> typed = new TreeMap<>();
        List<ParseTask> whole = new ArrayList<>();
        List<SdfRange> ranges = new ArrayList<>();
        Map<String, ParseTask> rangeTemplates = new HashMap<>();
        TreeSet<String> poseFileTargets = new TreeSet<>();
        int filesRead = 0;
        for (PoseFileRef f : files) {
            String target = placeholder ? f.target() : fixedTarget;
            poseFileTargets.add(target);
            Path receptor = in.receptors().get(target);
            if (receptor == null) {
                rejects.add(Preparer.noReceptor(f.name(), target));
                continue;
            }
            typed.computeIfAbsent(target, t -> parser.receptor(t, receptor));
            filesRead++;
            CompoundIdRule fileIds = f.id().isEmpty() ? ids : CompoundIdRule.given(f.id());
            ParseTask task = new ParseTask(f, target, stored(base, f), fileIds.source().name(), fileIds.tag(), null);
            boolean splittable = !f.gzip() && LigandReader.formatOf(f.localPath()) != LigandReader.Format.MOL2
                    && f.bytes() > splitBytes;
            if (splittable) {
                List<SdfRange> r = SdfRange.plan(f, splitBytes);
                if (r.size() > 1) {
                    ranges.addAll(r);
                    rangeTemplates.put(f.name(), task);
                    continue;
                }
            }
            whole.add(task);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<ParseTask> tasks = new ArrayList<>(whole);
        tasks.addAll(numbered(jsc, ranges, rangeTemplates));

        // parse
        Map<String, float[]> coords = new TreeMap<>();
        typed.forEach((t, r) -> coords.put(t, r.record().coords()));
        Map<Key, LabelRow> labels = new HashMap<>();
        for (AffinityLabel l : table.labels()) {
            labels.put(Key.of(l.key()), LabelRow.of(l));
        }
        Broadcast<Context> ctx = jsc.broadcast(new Context(typer, in.poseIndexTag(), coords, labels,
                SelectionRow.of(selection), out.toAbsolutePath().toString()));
        spark.sparkContext().setJobDescription("prepare: parse " + files.size() + " pose files in " + tasks.size()
                + " tasks");
        JavaRDD<TaskOut> parsed = jsc.parallelize(tasks, Math.max(1, tasks.size()))
                .map(t -> parse(t, ctx.value())).persist(StorageLevel.MEMORY_AND_DISK_SER());
        long records = 0;
        try {
            for (TaskOut t : parsed.map(t -> new TaskOut(List.of(), t.rejects(), t.records())).collect()) {
                records += t.records();
                t.rejects().forEach(r -> rejects.add(r.toReject()));
            }
            // assemble, select and write the parts
            try {
                DatasetWriter.removeParts(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear " + out, e);
            }
            DatasetWriter.removeTemporaries(out);
            spark.sparkContext().setJobDescription("prepare: assemble and write " + partitions + " parts");
            JavaPairRDD<Key, ItemRow> keyed = parsed.flatMap(t -> t.items().iterator())
                    .mapToPair(r -> new Tuple2<>(r.key(), r));
            List<PartOut> outs = keyed.sortByKey(true, partitions)
                    .mapPartitionsWithIndex((i, it) -> List.of(assemble(i, it, ctx.value())).iterator(), true)
                    .collect();
            return finish(in, posesPattern, selection, out, table, typed, files, filesRead, records, rejects,
                    poseFileTargets, placeholder, fixedTarget, atomTyper, outs);
        } finally {
            parsed.unpersist(false);
            ctx.destroy();
        }
    }

    /** The range tasks with their record and line numbers, from a job counting each range's records and lines. */
    private static List<ParseTask> numbered(JavaSparkContext jsc, List<SdfRange> ranges,
            Map<String, ParseTask> templates) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        jsc.sc().setJobDescription("prepare: count the records of " + ranges.size() + " SD ranges");
        List<SdfRange.Counts> counts = jsc.parallelize(ranges, ranges.size()).map(SdfRange::count).collect();
        List<ParseTask> out = new ArrayList<>();
        for (SdfRange r : SdfRange.numberedInFiles(ranges, counts)) {
            ParseTask t = templates.get(r.file().name());
            out.add(new ParseTask(t.file(), t.target(), t.stored(), t.idSource(), t.idTag(), r));
        }
        return out;
    }

    private static final Map<String, PoseParser> PARSERS = new ConcurrentHashMap<>();

    /** A parse task on an executor: the same parsing and typing as the single-machine prepare. */
    static TaskOut parse(ParseTask t, Context ctx) throws IOException {
        PoseParser parser = PARSERS.computeIfAbsent(ctx.typer(), n -> new PoseParser(PrepareInputs.typer(n)));
        PoseFileRef f = t.file();
        String tag = ctx.poseIndexTag();
        List<ParsedRun> runs = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        int firstRun = 0;
        Path tmp = null;
        try {
            Path path;
            if (t.range() == null) {
                if (f.remote()) {
                    tmp = Files.createTempDirectory("multipose-prepare");
                }
                path = f.remote() ? f.local(tmp) : Path.of(f.name());
                if (LigandReader.formatOf(path) == LigandReader.Format.MOL2) {
                    runs.add(parser.mol2(path, t.stored(), t.target(), t.ids(), tag, f.bytes()));
                } else {
                    List<RecordText> recs;
                    try {
                        recs = SdfLigandReader.split(path);
                    } catch (InputException e) {
                        recs = null;
                        rejects.add(PoseParser.unreadable(path, e));
                    }
                    if (recs != null && recs.isEmpty()) {
                        rejects.add(PoseParser.empty(path));
                    } else if (recs != null) {
                        for (List<RecordText> run : PoseParser.runs(recs)) {
                            runs.add(parser.sdRun(path, t.stored(), t.target(), run, t.ids(), tag, 0));
                        }
                    }
                }
            } else {
                path = f.localPath();
                List<RecordText> recs = t.range().ownedRecords();
                if (!recs.isEmpty()) {
                    firstRun = (recs.get(0).number() - 1) / PoseParser.RECORDS_PER_RUN;
                }
                for (List<RecordText> run : PoseParser.runs(recs)) {
                    runs.add(parser.sdRun(path, t.stored(), t.target(), run, t.ids(), tag, 0));
                }
            }
            String local = path.toString();
            List<ItemRow> items = new ArrayList<>();
            List<RejectRow> rows = new ArrayList<>();
            long records = 0;
            for (int r = 0; r < runs.size(); r++) {
                ParsedRun run = runs.get(r);
                records += run.records();
                run.rejects().forEach(x -> rejects.add(x));
                List<ParsedRecord> its = run.items();
                for (int i = 0; i < its.size(); i++) {
                    ParsedRecord it = its.get(i);
                    if (it.compound().isBlank()) {
                        continue; // counts towards no compound's ranks, as in Preparer
                    }
                    items.add(new ItemRow(new Key(t.target(), it.compound()), f.ordinal(), firstRun + r, i,
                            f.remote() ? renamed(it, local, f.name()) : it));
                }
            }
            for (Reject x : rejects) {
                rows.add(RejectRow.of(f.remote() && x.file().equals(local)
                        ? new Reject(f.name(), x.record(), x.compound(), x.reason()) : x));
            }
            return new TaskOut(items, rows, records);
        } finally {
            if (tmp != null) {
                try (var s = Files.walk(tmp)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** A record of a remote file named by its URI rather than the local path the parser saw. */
    private static ParsedRecord renamed(ParsedRecord r, String local, String uri) {
        ParsedPose p = r.pose();
        if (p == null || !p.file().equals(local)) {
            return r;
        }
        return new ParsedRecord(r.record(), r.compound(), new ParsedPose(p.compound(), uri, p.stored(), p.record(),
                p.where(), p.tagIndex(), p.coords(), p.types(), p.radii(), p.scores(), p.smiles()));
    }

    /** One partition of the assembly job: its compounds in key order → one part of the dataset. */
    static PartOut assemble(int index, Iterator<Tuple2<Key, ItemRow>> it, Context ctx) {
        PoseSelection selection = ctx.selection().toSelection();
        PoseSelector selector = PoseSelector.of(selection);
        AtomTyper atomTyper = PrepareInputs.typer(ctx.typer());
        DatasetMetadata metadata = DatasetMetadata.of(atomTyper.spec());
        Path out = Path.of(ctx.out());
        DatasetWriter writer = null;
        List<RejectRow> rejects = new ArrayList<>();
        TreeSet<String> scoreNames = new TreeSet<>();
        List<Key> labelled = new ArrayList<>();
        TreeSet<String> targets = new TreeSet<>();
        long assembled = 0;
        long matched = 0;
        PoseSelectionCounts counts = PoseSelectionCounts.none(selection);
        List<ItemRow> current = new ArrayList<>();
        try {
            while (it.hasNext() || !current.isEmpty()) {
                ItemRow next = it.hasNext() ? it.next()._2() : null;
                if (next != null && (current.isEmpty() || current.get(0).key().equals(next.key()))) {
                    current.add(next);
                    continue;
                }
                // current holds one whole compound (the sort put its records together)
                Key key = current.get(0).key();
                current.sort(Comparator.comparingInt(ItemRow::file).thenComparingInt(ItemRow::run)
                        .thenComparingInt(ItemRow::item));
                List<ParsedRecord> recs = new ArrayList<>(current.size());
                boolean anyPose = false;
                for (ItemRow r : current) {
                    recs.add(r.record());
                    anyPose |= r.record().hasPose();
                }
                current.clear();
                if (next != null) {
                    current.add(next);
                }
                if (!anyPose) {
                    continue;
                }
                CompoundKey ck = key.toKey();
                CompoundAssembly a = CompoundAssembly.of(ck, recs, ctx.receptorCoords().get(key.target()),
                        ctx.poseIndexTag());
                a.rejects().forEach(r -> rejects.add(RejectRow.of(r)));
                if (a.poses().isEmpty()) {
                    continue;
                }
                assembled++;
                LabelRow label = ctx.labels().get(key);
                if (label != null) {
                    labelled.add(key);
                }
                for (PoseRecord p : a.poses()) {
                    scoreNames.addAll(p.scores().keySet());
                }
                PoseSelector.Result r = selector.select(a.poses());
                counts = counts.plus(a.poses().size(), r);
                if (r.kept().isEmpty()) {
                    continue;
                }
                targets.add(key.target());
                matched += label != null ? 1 : 0;
                if (writer == null) {
                    writer = DatasetWriter.createPart(out, index, metadata, DatasetWriter.DEFAULT_POSES_PER_BATCH);
                }
                writer.addCompound(new CompoundRecord(ck, java.util.Optional.ofNullable(label).map(LabelRow::toLabel),
                        a.smiles(), r.kept().size()), r.kept());
            }
            DatasetManifest.Part part = writer == null ? null : writer.finishPart();
            writer = null;
            return new PartOut(index, part == null ? null : part.compounds(), part == null ? null : part.poses(),
                    part == null ? 0 : part.nCompounds(), part == null ? 0 : part.nPoses(), rejects, scoreNames,
                    assembled, labelled, targets, matched, new long[] {counts.compoundsIn(), counts.compoundsKept(),
                        counts.posesIn(), counts.posesKept(), counts.failedFilter(), counts.missingScore(),
                        counts.beyondTop()});
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }

    /** The driver's last step: checks as the single-machine prepare makes them, then the top of the dataset. */
    private static PrepareResult finish(PrepareConfig in, String pattern, PoseSelection selection, Path out,
            AffinityTable table, Map<String, TypedReceptor> typed, List<PoseFileRef> files, int filesRead,
            long records, List<Reject> rejects, TreeSet<String> poseFileTargets, boolean placeholder,
            String fixedTarget, AtomTyper atomTyper, List<PartOut> outs) {
        long assembled = 0;
        long matched = 0;
        long[] sel = new long[7];
        TreeSet<String> scoreNames = new TreeSet<>();
        TreeSet<String> targetsWithPoses = new TreeSet<>();
        Set<CompoundKey> labelledAssembled = new java.util.HashSet<>();
        List<DatasetManifest.Part> parts = new ArrayList<>();
        for (PartOut o : outs) {
            assembled += o.assembled();
            matched += o.matched();
            for (int i = 0; i < sel.length; i++) {
                sel[i] += o.selection()[i];
            }
            scoreNames.addAll(o.scoreNames());
            targetsWithPoses.addAll(o.targetsKept());
            o.labelledAssembled().forEach(k -> labelledAssembled.add(k.toKey()));
            o.rejects().forEach(r -> rejects.add(r.toReject()));
            if (o.compoundsFile() != null) {
                parts.add(new DatasetManifest.Part(o.compoundsFile(), o.posesFile(), o.nCompounds(), o.nPoses()));
            }
        }
        rejects.addAll(Preparer.labelRejects(table, labelledAssembled, poseFileTargets));
        rejects.addAll(table.rejects());
        PoseSelectionCounts counts = new PoseSelectionCounts(selection, Math.toIntExact(sel[0]),
                Math.toIntExact(sel[1]), sel[2], sel[3], sel[4], sel[5], sel[6]);
        List<String> notes = new ArrayList<>();
        Map<String, TypedReceptor> inUse = new TreeMap<>();
        for (Map.Entry<String, TypedReceptor> e : typed.entrySet()) {
            rejects.addAll(e.getValue().rejects());
            if (targetsWithPoses.contains(e.getKey())) {
                inUse.put(e.getKey(), e.getValue());
                notes.addAll(e.getValue().notes());
            }
        }
        rejects.addAll(Preparer.unusedReceptors(in, typed.keySet(), targetsWithPoses, placeholder, fixedTarget));
        try {
            if (assembled == 0) {
                throw Preparer.nothingUsable(out, rejects, records);
            }
            PoseSelector selector = PoseSelector.of(selection);
            if (!selector.keepsAll()) {
                selector.requireScores(scoreNames, "poses '" + pattern + "'");
            }
            if (parts.isEmpty()) {
                throw new InputException("poses '" + pattern + "': the pose selection kept no pose ("
                        + counts.describe() + "); loosen it (--top-poses, --pose-filter, data.pose_selection)");
            }
        } catch (InputException e) {
            try {
                DatasetWriter.removeParts(out);
            } catch (IOException ignored) {
                // the error says what went wrong; stale parts are removed by the next prepare
            }
            throw e;
        }
        if (in.affinities().isPresent()) {
            Preparer.labelHint(table, matched, targetsWithPoses).ifPresent(notes::add);
        } else {
            notes.add("no affinity table: all " + counts.compoundsKept() + " compounds are unlabelled (a dataset to"
                    + " predict with ./pipeline predict; training needs labels)");
        }
        DatasetWriter top = DatasetWriter.createPartitioned(out, DatasetMetadata.of(atomTyper.spec()), parts);
        SortedMap<String, Integer> receptorAtoms = new TreeMap<>();
        for (TypedReceptor r : inUse.values()) {
            top.addReceptor(r.record());
            receptorAtoms.put(r.record().target(), r.record().atomCount());
        }
        top.addRejects(rejects);
        top.poseSelection(counts);
        top.countInput("pose_files", files.size());
        top.countInput("pose_files_read", filesRead);
        top.countInput("pose_records", records);
        top.countInput("receptor_files", in.receptors().size());
        top.countInput("affinity_rows", table.rowsRead());
        top.countInput("labels", table.labels().size());
        DatasetSummary summary = top.finish();
        return new PrepareResult(out, summary, receptorAtoms, notes);
    }

    /** A pose file's name as the dataset stores it: relative to the folder holding every pose file. */
    private static String stored(String base, PoseFileRef f) {
        if (!f.remote()) {
            return Preparer.storedName(Path.of(base), Path.of(f.name()));
        }
        String p = URI.create(f.name()).getPath();
        return p.startsWith(base) ? p.substring(base.length()) : p;
    }

    /** The deepest folder (with a trailing '/') holding every file of a URI listing. */
    private static String commonUriBase(List<PoseFileRef> files) {
        String base = null;
        for (PoseFileRef f : files) {
            String p = URI.create(f.name()).getPath();
            String dir = p.substring(0, p.lastIndexOf('/') + 1);
            if (base == null) {
                base = dir;
            } else {
                while (!dir.startsWith(base)) {
                    base = base.substring(0, base.lastIndexOf('/', base.length() - 2) + 1);
                }
            }
        }
        return base == null ? "/" : base;
    }

    /** "3 parts, 12 parse tasks" etc. are printed by the command; this is only a locale-safe number format. */
    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
