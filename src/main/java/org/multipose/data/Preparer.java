package org.multipose.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.multipose.base.InputException;
import org.multipose.base.Reject;
import org.multipose.base.TaskFailure;
import org.multipose.config.ColumnsConfig;
import org.multipose.config.IdSource;
import org.multipose.config.PoseSelection;
import org.multipose.config.PrepareConfig;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.LigandReader;
import org.multipose.structure.SdfLigandReader;
import org.multipose.structure.SdfLigandReader.RecordText;
import org.multipose.typing.AtomTyper;

/**
 * The {@code prepare} stage: pose files + one receptor per target + an affinity table → a dataset directory
 * ({@link DatasetWriter}; docs/guide/preparing.md). Without an affinity table every compound is unlabelled (a
 * dataset to predict).
 *
 * <p>Steps: the affinity table is read and normalised ({@link AffinityTable}; optional columns are used when the
 * header has them); the poses pattern is expanded ({@link PoseFiles}); each target's receptor is read and typed once
 * and each pose file is parsed and typed on {@code workers} threads — SD files in runs of
 * {@value #RECORDS_PER_TASK} records, so one big multi-compound file is spread over the workers too; the results are
 * merged on the calling thread in file order, poses are grouped by compound (target, id), given their pose index,
 * joined with their label and written in key order.
 *
 * <p><b>Determinism.</b> The runs of records are fixed by the files, never by the worker count, and results are
 * merged in file order, so the written files — and the fingerprint — are the same for any {@code workers}.
 *
 * <p><b>Pose index</b>: the value of the SD tag {@link PrepareConfig#poseIndexTag()} (default {@code pose_rank})
 * when a record has it (a whole number ≥ 1, else the record is rejected: "bad pose index"); otherwise the record's
 * rank among the records of its compound, counted over the files of that compound in path order and, within a file,
 * in record order. Rejected records whose compound is known from the title, file or folder still take their rank, so
 * pose 3 stays pose 3 when pose 2 is malformed. Two records of one compound with the same index: the first (path,
 * then record order) is kept, the later one rejected ("duplicate pose index").
 *
 * <p><b>What is kept of a pose</b>: the typer's atoms (hydrogens dropped by the default maps) with channel indices
 * in the dataset's channel list (ligand channels after the receptor ones), radii, and every SD tag whose value is a
 * finite number as a score (e.g. {@code vina_score}, {@code rmsd_to_reference}), except the pose-index tag and the
 * id tag. The compound's SMILES is CDK's, from its first record.
 *
 * <p>Memory: the typed poses (about 20 bytes per heavy atom plus a few hundred per pose) are held until all files are
 * read, because a compound's poses may come from any file and the dataset is written in key order; the text of at
 * most {@code 4 × workers} runs of records is in flight.
 *
 * <p><b>Size.</b> Over 600 lines: the stage's parallel reading (runs of records in flight, per-file reject
 * accounting) and its join of poses, receptors and labels share the in-memory state described above; they are kept
 * together so the accounting that guarantees no record is lost is in one place.
 */
public final class Preparer {

    /** SD records per parsing task ({@link PoseParser#RECORDS_PER_RUN}). */
    static final int RECORDS_PER_TASK = PoseParser.RECORDS_PER_RUN;

    /** Reject categories written by this stage (besides the readers' and the affinity table's). */
    static final String LABEL_WITHOUT_POSES = "label without poses";
    static final String LABEL_OF_OTHER_TARGET = "label of another target";

    private final AtomTyper typer;
    private final int workers;
    private final PrepareProgress progress;
    private final PoseParser parser;

    /**
     * @param typer    the atom typing (its {@link AtomTyper#spec()} goes into the dataset's metadata)
     * @param workers  parsing threads, ≥ 1
     * @param progress where progress goes ({@link PrepareProgress#NONE} for nowhere)
     */
    public Preparer(AtomTyper typer, int workers, PrepareProgress progress) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be ≥ 1, got " + workers);
        }
        this.typer = Objects.requireNonNull(typer, "typer");
        this.workers = workers;
        this.progress = Objects.requireNonNull(progress, "progress");
        this.parser = new PoseParser(typer);
    }

    /** The records of one compound, in arrival order (file path, then record). */
    private static final class Compound {
        final List<ParsedRecord> records = new ArrayList<>();
    }

    /**
     * Prepares a dataset into {@code out} (created if needed; a dataset already there is replaced).
     *
     * @throws InputException for a missing input or option, a pattern matching nothing, or when no pose at all
     *                        could be prepared (rejects.csv is then written into {@code out} unless it holds a
     *                        dataset)
     */
    public PrepareResult run(PrepareConfig in, Path out) {
        return run(in, PoseSelection.defaults(), out);
    }

    /**
     * As {@link #run(PrepareConfig, Path)}, writing only the poses {@code selection} keeps ({@link PoseSelector},
     * applied to each compound's poses after their indices are assigned and duplicates rejected): a pose left out is
     * not a reject; the counts go into summary.json, and a compound left without poses is not written.
     *
     * @throws InputException also when the selection names a score no pose has, or keeps no pose at all
     */
    public PrepareResult run(PrepareConfig in, PoseSelection selection, Path out) {
        checkInputs(in, out);
        String pattern = in.poses().toString();
        boolean placeholder = PoseFiles.hasTargetPlaceholder(pattern);
        String fixedTarget = fixedTarget(in, placeholder);
        PoseFiles files = PoseFiles.expand(pattern);
        Job job = new Job(in, files, placeholder, fixedTarget);
        job.parseAll();
        TreeMap<CompoundKey, List<PoseRecord>> posesByKey = job.assemble();
        if (posesByKey.isEmpty()) {
            job.receptorsInUse(posesByKey);
            throw nothingUsable(out, job.rejects, job.records);
        }
        PoseSelectionCounts selected = select(PoseSelector.of(selection), posesByKey, pattern);
        Map<String, TypedReceptor> receptors = job.receptorsInUse(posesByKey);
        if (in.affinities().isPresent()) {
            labelHints(job.table, posesByKey, job.notes);
        } else {
            job.notes.add("no affinity table: all " + posesByKey.size() + " compounds are unlabelled (a dataset to"
                    + " predict with ./pipeline predict; training needs labels)");
        }

        List<String> stale = DatasetWriter.removeTemporaries(out);
        if (!stale.isEmpty()) {
            job.notes.add("removed " + String.join(", ", stale) + " in " + out + ", left by an interrupted prepare");
        }
        DatasetWriter writer = DatasetWriter.create(out, DatasetMetadata.of(typer.spec()));
        try {
            SortedMap<String, Integer> receptorAtoms = new TreeMap<>();
            for (TypedReceptor r : receptors.values()) {
                writer.addReceptor(r.record());
                receptorAtoms.put(r.record().target(), r.record().atomCount());
            }
            for (Map.Entry<CompoundKey, List<PoseRecord>> e : posesByKey.entrySet()) {
                CompoundKey key = e.getKey();
                writer.addCompound(new CompoundRecord(key, job.table.label(key), job.smiles.getOrDefault(key, ""),
                        e.getValue().size()), e.getValue());
            }
            writer.addRejects(job.rejects);
            writer.poseSelection(selected);
            writer.countInput("pose_files", files.files().size());
            writer.countInput("pose_files_read", job.filesRead);
            writer.countInput("pose_records", job.records);
            writer.countInput("receptor_files", in.receptors().size());
            writer.countInput("affinity_rows", job.table.rowsRead());
            writer.countInput("labels", job.table.labels().size());
            DatasetSummary summary = writer.finish();
            return new PrepareResult(out, summary, receptorAtoms, job.notes);
        } finally {
            writer.close();
        }
    }

    /**
     * Keeps the poses the selection keeps (in place), dropping compounds left without one, and counts what it did.
     *
     * @throws InputException when the selection names a score no pose has or keeps no pose at all
     */
    private static PoseSelectionCounts select(PoseSelector selector, TreeMap<CompoundKey, List<PoseRecord>> poses,
            String pattern) {
        PoseSelectionCounts counts = PoseSelectionCounts.none(selector.selection());
        if (selector.keepsAll()) {
            for (List<PoseRecord> p : poses.values()) {
                counts = counts.plus(p.size(), selector.select(p));
            }
            return counts;
        }
        TreeSet<String> scores = new TreeSet<>();
        for (List<PoseRecord> p : poses.values()) {
            for (PoseRecord r : p) {
                scores.addAll(r.scores().keySet());
            }
        }
        selector.requireScores(scores, "poses '" + pattern + "'");
        var it = poses.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<CompoundKey, List<PoseRecord>> e = it.next();
            PoseSelector.Result r = selector.select(e.getValue());
            counts = counts.plus(e.getValue().size(), r);
            if (r.kept().isEmpty()) {
                it.remove(); // not a reject: its poses were read, the selection left them out
            } else {
                e.setValue(r.kept());
            }
        }
        if (poses.isEmpty()) {
            throw new InputException("poses '" + pattern + "': the pose selection kept no pose ("
                    + counts.describe() + "); loosen it (--top-poses, --pose-filter, data.pose_selection)");
        }
        return counts;
    }

    /** The state of one run: what was read so far, and the steps that fill it. */
    private final class Job {
        final PrepareConfig in;
        final PoseFiles files;
        final boolean placeholder;
        final String fixedTarget;
        final CompoundIdRule ids;
        /** The deepest folder holding every pose file: stored source paths are relative to it. */
        final Path base;
        final List<Reject> rejects = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final Map<CompoundKey, Compound> compounds = new HashMap<>();
        final Map<String, Future<TypedReceptor>> receptorTasks = new TreeMap<>();
        final Map<CompoundKey, String> smiles = new HashMap<>();
        AffinityTable table;
        long records;
        long poses;
        int filesRead;

        Job(PrepareConfig in, PoseFiles files, boolean placeholder, String fixedTarget) {
            this.in = in;
            this.files = files;
            this.placeholder = placeholder;
            this.fixedTarget = fixedTarget;
            this.ids = idRule(in.idFrom());
            this.base = commonBase(files);
            rejects.addAll(files.rejects());
        }

        String targetOf(PoseFiles.PoseFile f) {
            return placeholder ? f.target() : fixedTarget;
        }

        /** Reads the table, types the receptors and parses every pose file on the workers, merging in file order. */
        void parseAll() {
            ExecutorService pool = Executors.newFixedThreadPool(workers, daemonThreads());
            progress.start(files.totalBytes(), files.files().size());
            try {
                // The table is read while the first pose files are split and parsed; its problems (a missing
                // column) still surface before the calling thread first waits for a parsing task.
                Future<AffinityTable> tableTask = pool.submit(() -> readTable(in));
                Deque<Future<ParsedRun>> pending = new ArrayDeque<>();
                int maxPending = 4 * workers;
                for (PoseFiles.PoseFile f : files.files()) {
                    String target = targetOf(f);
                    Path receptor = in.receptors().get(target);
                    if (receptor == null) {
                        rejects.add(noReceptor(f.path().toString(), target));
                        progress.advance(f.bytes(), poses);
                        continue;
                    }
                    receptorTasks.computeIfAbsent(target, t -> pool.submit(() -> parser.receptor(t, receptor)));
                    filesRead++;
                    CompoundIdRule fileIds = f.id().isEmpty() ? ids : CompoundIdRule.given(f.id());
                    for (Callable<ParsedRun> task : tasks(f, target, fileIds, in.poseIndexTag(), rejects, base)) {
                        if (pending.size() >= maxPending && table == null) {
                            table = get(tableTask);
                        }
                        while (pending.size() >= maxPending) {
                            merge(get(pending.poll()));
                        }
                        pending.add(pool.submit(task));
                    }
                }
                if (table == null) {
                    table = get(tableTask);
                }
                while (!pending.isEmpty()) {
                    merge(get(pending.poll()));
                }
                for (Future<TypedReceptor> r : receptorTasks.values()) {
                    get(r); // a receptor that cannot be read fails the run here, not after the assembly
                }
            } finally {
                progress.finish();
                pool.shutdownNow();
            }
            rejects.addAll(table.rejects());
        }

        /** Adds a task's poses in record order, counting every record of a known compound towards the ranks. */
        void merge(ParsedRun r) {
            rejects.addAll(r.rejects());
            records += r.records();
            for (ParsedRecord it : r.items()) {
                if (it.compound().isBlank()) {
                    continue;
                }
                compounds.computeIfAbsent(new CompoundKey(r.target(), it.compound()), k -> new Compound())
                        .records.add(it);
                if (it.hasPose()) {
                    poses++;
                }
            }
            progress.advance(r.bytes(), poses);
        }

        /**
         * Each compound's poses with their indices (later duplicates rejected), in key order; the compound's SMILES;
         * and a reject for every label that found no poses.
         */
        TreeMap<CompoundKey, List<PoseRecord>> assemble() {
            TreeMap<CompoundKey, List<PoseRecord>> posesByKey = new TreeMap<>();
            for (Map.Entry<CompoundKey, Compound> e : compounds.entrySet()) {
                CompoundKey key = e.getKey();
                Compound c = e.getValue();
                boolean anyPose = c.records.stream().anyMatch(ParsedRecord::hasPose);
                if (!anyPose) {
                    continue; // every record of it was rejected: it only counted ranks
                }
                CompoundAssembly a = CompoundAssembly.of(key, c.records, receptorCoords(key.target()),
                        in.poseIndexTag());
                c.records.clear(); // the pose records hold copies; let the parsed arrays go
                rejects.addAll(a.rejects());
                if (!a.smiles().isEmpty()) {
                    smiles.put(key, a.smiles());
                }
                if (!a.poses().isEmpty()) {
                    posesByKey.put(key, a.poses());
                }
            }
            TreeSet<String> poseFileTargets = new TreeSet<>();
            for (PoseFiles.PoseFile f : files.files()) {
                poseFileTargets.add(targetOf(f));
            }
            rejects.addAll(labelRejects(table, posesByKey.keySet(), poseFileTargets));
            return posesByKey;
        }

        /** Receptor coordinates of a target whose pose files were read (each has a receptor task). */
        private float[] receptorCoords(String target) {
            return get(receptorTasks.get(target)).record().coords();
        }

        /** The typed receptors of the targets with compounds; every other receptor given is an "unused" reject. */
        Map<String, TypedReceptor> receptorsInUse(Map<CompoundKey, List<PoseRecord>> posesByKey) {
            TreeSet<String> targetsWithPoses = new TreeSet<>();
            for (CompoundKey k : posesByKey.keySet()) {
                targetsWithPoses.add(k.target());
            }
            Map<String, TypedReceptor> receptors = new TreeMap<>();
            for (Map.Entry<String, Future<TypedReceptor>> e : receptorTasks.entrySet()) {
                TypedReceptor r = get(e.getValue());
                rejects.addAll(r.rejects());
                if (targetsWithPoses.contains(e.getKey())) {
                    receptors.put(e.getKey(), r);
                    notes.addAll(r.notes());
                }
            }
            rejects.addAll(unusedReceptors(in, receptorTasks.keySet(), targetsWithPoses, placeholder, fixedTarget));
            return receptors;
        }
    }

    // ---- inputs -------------------------------------------------------------------------------------------------

    /**
     * The checks before any work: the output is not a file, every receptor and the affinity table exist, and an
     * {@code {id}} placeholder comes without another id source.
     *
     * @throws InputException naming the input and the fix
     */
    public static void checkInputs(PrepareConfig in, Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InputException("output " + out + " is a file; give a directory for the dataset");
        }
        for (Map.Entry<String, Path> r : in.receptors().entrySet()) {
            if (!Files.isRegularFile(r.getValue())) {
                throw new InputException("receptor of target '" + r.getKey() + "': " + r.getValue()
                        + (Files.isDirectory(r.getValue()) ? " is a directory" : " does not exist")
                        + "; give a PDB file (--receptor " + r.getKey() + "=FILE, data.prepare.receptors)");
            }
        }
        if (in.affinities().isPresent() && !Files.isRegularFile(in.affinities().get())) {
            throw new InputException("affinity table " + in.affinities().get() + " does not exist; check the path"
                    + " (--affinities, data.prepare.affinities)");
        }
        String pattern = in.poses().toString();
        if (PoseFiles.hasIdPlaceholder(pattern) && !in.idFrom().equals(IdSource.TITLE)) {
            throw new InputException("poses '" + pattern + "': its {id} names each file's compound, so id_from "
                    + in.idFrom() + " has nothing to do; drop --id-from (data.prepare.id_from) or the {id}");
        }
    }

    /** The target of every pose when the pattern names none: the option, else the only receptor's. */
    public static String fixedTarget(PrepareConfig in, boolean placeholder) {
        if (in.target().isPresent()) {
            return in.target().get();
        }
        if (in.receptors().size() == 1) {
            return in.receptors().keySet().iterator().next();
        }
        if (placeholder) {
            return "";
        }
        throw new InputException("poses '" + in.poses() + "': " + in.receptors().size() + " receptors ("
                + String.join(", ", in.receptors().keySet()) + ") but the pattern has no {target} segment and no"
                + " target is set; put {target} where the target's folder is (e.g. data/{target}/poses/*.sdf) or"
                + " prepare one target at a time with --target NAME");
    }

    /** The id rule of an id source. */
    public static CompoundIdRule idRule(IdSource s) {
        return switch (s.kind()) {
            case TITLE -> CompoundIdRule.title();
            case TAG -> CompoundIdRule.tag(s.tag());
            case FILE -> CompoundIdRule.fileName();
            case FOLDER -> CompoundIdRule.parentFolder();
        };
    }

    /**
     * Maps the configured columns onto the table's header (optional ones when present) and reads it; without a
     * table, no labels (every compound unlabelled).
     */
    public static AffinityTable readTable(PrepareConfig in) {
        if (in.affinities().isEmpty()) {
            return new AffinityTable("", List.of(), Map.of(), List.of(), 0);
        }
        CsvRows csv = CsvRows.read(in.affinities().get());
        ColumnsConfig c = in.columns();
        ColumnsConfig d = ColumnsConfig.defaults();
        String file = in.affinities().get().toString();
        require(csv, file, c.id(), "id");
        require(csv, file, c.value(), "value");
        require(csv, file, c.measure(), "measure");
        AffinityTableOptions o = AffinityTableOptions.defaults().withIdColumn(c.id()).withValueColumn(c.value())
                .withMeasureColumn(c.measure())
                .withUnitColumn(optional(csv, file, c.unit(), d.unit(), "unit"))
                .withQualifierColumn(optional(csv, file, c.qualifier(), d.qualifier(), "qualifier"))
                .withStderrColumn(optional(csv, file, c.stderr(), d.stderr(), "stderr"))
                .withDateColumn(optional(csv, file, c.date(), d.date(), "date"))
                .withSigmaLimit(in.sigmaLimitPk());
        String lo = optional(csv, file, c.ciLower(), d.ciLower(), "ci_lower");
        String hi = optional(csv, file, c.ciUpper(), d.ciUpper(), "ci_upper");
        if (lo.isEmpty() != hi.isEmpty()) {
            throw new InputException(file + ": has the CI column '" + (lo.isEmpty() ? hi : lo) + "' but not '"
                    + (lo.isEmpty() ? c.ciLower() : c.ciUpper()) + "'; map both (--column ci_lower=NAME --column"
                    + " ci_upper=NAME, data.prepare.columns) or neither");
        }
        o = o.withCiColumns(lo, hi);
        String targetColumn = optional(csv, file, c.target(), d.target(), "target");
        if (!targetColumn.isEmpty()) {
            o = o.withTargetColumn(targetColumn);
        } else if (in.target().isPresent()) {
            o = o.withFixedTarget(in.target().get());
        } else if (in.receptors().size() == 1) {
            o = o.withFixedTarget(in.receptors().keySet().iterator().next());
        } else {
            throw new InputException(file + ": no target column '" + c.target() + "' and " + in.receptors().size()
                    + " targets; map the column holding each row's target (--column target=NAME,"
                    + " data.prepare.columns.target) or prepare one target at a time with --target NAME");
        }
        return AffinityTable.read(csv, o);
    }

    private static void require(CsvRows csv, String file, String column, String key) {
        if (csv.column(column).isEmpty()) {
            throw new InputException(file + ": no column '" + column + "' for the " + key + "; the header has: "
                    + String.join(", ", csv.header()) + "; map it with --column " + key + "=NAME (config:"
                    + " data.prepare.columns." + key + ")");
        }
    }

    /** The column when the header has it; "" when a default-named column is absent; an error for a named one. */
    private static String optional(CsvRows csv, String file, String column, String dflt, String key) {
        if (csv.column(column).isPresent()) {
            return column;
        }
        if (column.equals(dflt)) {
            return "";
        }
        throw new InputException(file + ": no column '" + column + "' (columns." + key + "); the header has: "
                + String.join(", ", csv.header()) + "; fix --column " + key + "=NAME or leave it out");
    }

    // ---- parsing tasks ------------------------------------------------------------------------------------------

    /** The tasks of one file: runs of SD records, or the whole file for MOL2; a file that cannot be read → reject. */
    private List<Callable<ParsedRun>> tasks(PoseFiles.PoseFile f, String target, CompoundIdRule ids, String tag,
            List<Reject> rejects, Path base) {
        Path path = f.path();
        String stored = storedName(base, path);
        if (LigandReader.formatOf(path) == LigandReader.Format.MOL2) {
            return List.of(() -> parser.mol2(path, stored, target, ids, tag, f.bytes()));
        }
        List<RecordText> recs;
        try {
            recs = SdfLigandReader.split(path);
        } catch (InputException e) {
            rejects.add(PoseParser.unreadable(path, e));
            progress.advance(f.bytes(), 0);
            return List.of();
        }
        if (recs.isEmpty()) {
            rejects.add(PoseParser.empty(path));
            progress.advance(f.bytes(), 0);
            return List.of();
        }
        List<Callable<ParsedRun>> out = new ArrayList<>();
        long bytesLeft = f.bytes();
        int done = 0;
        for (List<RecordText> run : PoseParser.runs(recs)) {
            done += run.size();
            long bytes = done == recs.size() ? bytesLeft : f.bytes() * run.size() / recs.size();
            bytesLeft -= bytes;
            out.add(() -> parser.sdRun(path, stored, target, run, ids, tag, bytes));
        }
        return out;
    }

    /** The pose index an SD tag gives: a whole number ≥ 1 ("3" or "3.0"). */
    static int poseIndex(String value, String tag) throws Exception {
        return PoseParser.poseIndex(value, tag);
    }

    /**
     * A reject for every label that found no compound with poses: "label without poses" when its target has pose
     * files, else "label of another target".
     *
     * @param withPoses       the compounds that have poses
     * @param poseFileTargets the targets of the pose files read
     */
    public static List<Reject> labelRejects(AffinityTable table, java.util.Set<CompoundKey> withPoses,
            java.util.SortedSet<String> poseFileTargets) {
        List<Reject> out = new ArrayList<>();
        for (AffinityLabel l : table.labels()) {
            CompoundKey k = l.key();
            if (withPoses.contains(k)) {
                continue;
            }
            String reason = poseFileTargets.contains(k.target())
                    ? LABEL_WITHOUT_POSES + ": no pose of compound '" + k.compoundId() + "' under target '"
                            + k.target() + "'; the label is not used"
                    : LABEL_OF_OTHER_TARGET + ": target '" + k.target() + "' has no pose files here (targets of"
                            + " the pose files: " + String.join(", ", poseFileTargets) + "); the label is not"
                            + " used";
            out.add(new Reject(table.file(), table.rowsOf(k), k.compoundId(), reason));
        }
        return out;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /**
     * The deepest folder that holds every pose file. Datasets store pose paths relative to it (and receptor paths
     * by file name) so that the same inputs give the same bytes and fingerprint however their paths are spelled
     * (relative, absolute, from a config); rejects keep the paths as the user gave them.
     */
    public static Path commonBase(PoseFiles files) {
        Path base = null;
        for (PoseFiles.PoseFile f : files.files()) {
            Path dir = f.path().toAbsolutePath().normalize().getParent();
            if (base == null) {
                base = dir;
            } else {
                while (!dir.startsWith(base)) {
                    base = base.getParent();
                }
            }
        }
        return base == null ? Path.of("").toAbsolutePath() : base;
    }

    /** A pose file's name as the dataset stores it: relative to {@link #commonBase}. */
    public static String storedName(Path base, Path file) {
        return base.relativize(file.toAbsolutePath().normalize()).toString();
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("prepare was interrupted", e);
        } catch (ExecutionException e) {
            throw TaskFailure.unwrap(e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "prepare-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- outcomes -----------------------------------------------------------------------------------------------

    /** Nothing could be prepared: rejects.csv where it cannot overwrite a dataset, and one line saying why. */
    public static InputException nothingUsable(Path out, List<Reject> rejects, long records) {
        SortedMap<String, Integer> byReason = DatasetSummary.countByCategory(rejects);
        List<String> reasons = new ArrayList<>();
        byReason.forEach((k, v) -> reasons.add(k + " " + v));
        String where = "";
        if (!Files.exists(out.resolve(DatasetSchema.COMPOUNDS_FILE))) {
            try {
                Files.createDirectories(out);
                List<Reject> sorted = new ArrayList<>(rejects);
                sorted.sort(Comparator.comparing(Reject::file).thenComparing(Reject::record,
                        DatasetWriter::naturalOrder).thenComparing(Reject::compound).thenComparing(Reject::reason));
                StringBuilder sb = new StringBuilder(Reject.CSV_HEADER).append('\n');
                for (Reject r : sorted) {
                    sb.append(r.toCsvRow()).append('\n');
                }
                Path file = out.resolve(DatasetSchema.REJECTS_FILE);
                Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
                where = "; see " + file;
            } catch (IOException | UncheckedIOException e) {
                where = "";
            }
        }
        Optional<Reject> first = rejects.stream().filter(r -> !r.record().startsWith("line")).findFirst()
                .or(() -> rejects.stream().findFirst());
        return new InputException("nothing to prepare: no pose could be used (" + records + " pose records read;"
                + " rejects: " + (reasons.isEmpty() ? "none" : String.join(", ", reasons)) + ")" + where
                + first.map(r -> "; first: " + r.file() + (r.record().isEmpty() ? "" : " " + r.record()) + ": "
                        + r.reason()).orElse(""));
    }

    /** Says so when labels and poses do not meet, which usually means a target or id mismatch. */
    private static void labelHints(AffinityTable table, Map<CompoundKey, List<PoseRecord>> poses, List<String> notes) {
        int matched = 0;
        TreeSet<String> targetsWithPoses = new TreeSet<>();
        for (CompoundKey k : poses.keySet()) {
            targetsWithPoses.add(k.target());
            if (table.label(k).isPresent()) {
                matched++;
            }
        }
        labelHint(table, matched, targetsWithPoses).ifPresent(notes::add);
    }

    /**
     * The note when no label matched a compound with poses (and the table has labels), else empty.
     *
     * @param matched          compounds with poses that have a label
     * @param targetsWithPoses the targets of the compounds with poses
     */
    public static Optional<String> labelHint(AffinityTable table, long matched, java.util.SortedSet<String> targetsWithPoses) {
        if (matched == 0 && !table.labels().isEmpty()) {
            Map<String, Integer> labelTargets = new LinkedHashMap<>(table.labelsPerTarget());
            return Optional.of(String.format(Locale.ROOT, "no label matched a compound with poses: the table's targets"
                    + " are %s, the poses' %s; check the target names (--target, --receptor NAME=FILE) and the id"
                    + " source (--id-from)", labelTargets.keySet(), targetsWithPoses));
        }
        return Optional.empty();
    }

    /** The reject of a pose file whose target has no receptor. */
    public static Reject noReceptor(String file, String target) {
        return new Reject(file, "", "", "no receptor: target '" + target + "' has no receptor; add one (--receptor "
                + target + "=FILE, data.prepare.receptors)");
    }

    /**
     * The "unused receptor" rejects: a receptor whose target had pose files but no compound left, and one whose
     * target has no pose file.
     *
     * @param targetsWithFiles targets with pose files (and a receptor)
     * @param targetsWithPoses targets with compounds
     */
    public static List<Reject> unusedReceptors(PrepareConfig in, java.util.Set<String> targetsWithFiles,
            java.util.Set<String> targetsWithPoses, boolean placeholder, String fixedTarget) {
        List<Reject> out = new ArrayList<>();
        for (Map.Entry<String, Path> e : new TreeMap<>(in.receptors()).entrySet()) {
            if (targetsWithFiles.contains(e.getKey()) && !targetsWithPoses.contains(e.getKey())) {
                out.add(new Reject(e.getValue().toString(), "", "", "unused receptor:"
                        + " every pose record of target '" + e.getKey() + "' was rejected"));
            }
        }
        for (Map.Entry<String, Path> e : in.receptors().entrySet()) {
            if (!targetsWithFiles.contains(e.getKey())) {
                out.add(new Reject(e.getValue().toString(), "", "", "unused receptor: no pose file has"
                        + " target '" + e.getKey() + "'" + (placeholder ? ""
                        : "; the poses are all of target '" + fixedTarget + "'")));
            }
        }
        return out;
    }
}
