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
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.multipose.config.ColumnsConfig;
import org.multipose.config.IdSource;
import org.multipose.config.InputException;
import org.multipose.config.PoseSelection;
import org.multipose.config.PrepareConfig;
import org.multipose.config.Reject;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.LigandReader;
import org.multipose.structure.Molecule;
import org.multipose.structure.PdbReceptorReader;
import org.multipose.structure.ReadResult;
import org.multipose.structure.ReceptorOptions;
import org.multipose.structure.ReceptorRead;
import org.multipose.structure.SdfLigandReader;
import org.multipose.structure.SdfLigandReader.RecordText;
import org.multipose.structure.SmilesPolicy;
import org.multipose.typing.AtomTyper;
import org.multipose.typing.TypedAtoms;

/**
 * The {@code prepare} stage: pose files + one receptor per target + an affinity table → a dataset directory
 * ({@link DatasetWriter}; README "Preparing a dataset"). Without an affinity table every compound is unlabelled (a
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
 */
public final class Preparer {

    /** SD records per parsing task. Fixed, so the result cannot depend on the number of workers. */
    static final int RECORDS_PER_TASK = 32;

    /** Reject categories written by this stage (besides the readers' and the affinity table's). */
    static final String LABEL_WITHOUT_POSES = "label without poses";
    static final String LABEL_OF_OTHER_TARGET = "label of another target";

    private static final Pattern RECORD_NUMBER = Pattern.compile("^record (\\d+)");

    private final AtomTyper typer;
    private final int workers;
    private final PrepareProgress progress;
    private final int receptorChannels;

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
        this.receptorChannels = typer.spec().receptorChannels().size();
    }

    /** One pose parsed and typed, before it has its pose index. */
    /** A typed pose; {@code file} is the path as the user gave it (for rejects), {@code stored} the dataset's. */
    private record ParsedPose(String compound, String file, String stored, int record, String where, int tagIndex,
            float[] coords, short[] types, float[] radii, Map<String, Double> scores, String smiles) {}

    /** A record of a task in record order: its compound when known, and the pose when it was read. */
    private record Item(int record, String compound, ParsedPose pose) {}

    /** What one task produced. */
    private record TaskResult(String target, List<Item> items, List<Reject> rejects, int records, long bytes) {}

    /** Why one pose record is skipped after it was read; the message is the reject reason. */
    private static final class PoseProblem extends Exception {
        private static final long serialVersionUID = 1L;

        PoseProblem(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A receptor read and typed. */
    private record TypedReceptor(ReceptorRecord record, List<Reject> rejects, List<String> notes) {}

    /** The merged poses of one compound, in arrival order (file path, then record). */
    private static final class Compound {
        final List<ParsedPose> poses = new ArrayList<>();
        final List<Integer> indices = new ArrayList<>();
        int rank;
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
        boolean placeholder = PoseFiles.hasTargetPlaceholder(pattern);
        if (PoseFiles.hasIdPlaceholder(pattern) && !in.idFrom().equals(IdSource.TITLE)) {
            throw new InputException("poses '" + pattern + "': its {id} names each file's compound, so id_from "
                    + in.idFrom() + " has nothing to do; drop --id-from (data.prepare.id_from) or the {id}");
        }
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
                Deque<Future<TaskResult>> pending = new ArrayDeque<>();
                int maxPending = 4 * workers;
                for (PoseFiles.PoseFile f : files.files()) {
                    String target = targetOf(f);
                    Path receptor = in.receptors().get(target);
                    if (receptor == null) {
                        rejects.add(new Reject(f.path().toString(), "", "", "no receptor: target '" + target
                                + "' has no receptor; add one (--receptor " + target + "=FILE,"
                                + " data.prepare.receptors)"));
                        progress.advance(f.bytes(), poses);
                        continue;
                    }
                    receptorTasks.computeIfAbsent(target, t -> pool.submit(() -> typeReceptor(t, receptor)));
                    filesRead++;
                    CompoundIdRule fileIds = f.id().isEmpty() ? ids : CompoundIdRule.given(f.id());
                    for (Callable<TaskResult> task : tasks(f, target, fileIds, in.poseIndexTag(), rejects, base)) {
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
        void merge(TaskResult r) {
            rejects.addAll(r.rejects());
            records += r.records();
            for (Item it : r.items()) {
                if (it.compound().isBlank()) {
                    continue;
                }
                Compound c = compounds.computeIfAbsent(new CompoundKey(r.target(), it.compound()),
                        k -> new Compound());
                c.rank++;
                if (it.pose() != null) {
                    c.poses.add(it.pose());
                    c.indices.add(it.pose().tagIndex() > 0 ? it.pose().tagIndex() : c.rank);
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
                for (ParsedPose p : c.poses) {
                    if (!p.smiles().isEmpty()) {
                        smiles.put(key, p.smiles());
                        break;
                    }
                }
                Map<Integer, ParsedPose> byIndex = new HashMap<>();
                List<PoseRecord> kept = new ArrayList<>();
                for (int i = 0; i < c.poses.size(); i++) {
                    ParsedPose p = c.poses.get(i);
                    int index = c.indices.get(i);
                    ParsedPose first = byIndex.putIfAbsent(index, p);
                    if (first != null) {
                        rejects.add(new Reject(p.file(), p.where(), key.compoundId(), "duplicate pose index: pose "
                                + index + " of " + key + " is already " + first.file() + " " + first.where()
                                + "; this later record is skipped (check the <" + in.poseIndexTag() + "> tags, or"
                                + " number poses by rank with pose_index_tag: \"\")"));
                        continue;
                    }
                    Optional<String> away = PoseContact.problem(p.coords(), receptorCoords(key.target()),
                            key.target());
                    if (away.isPresent()) {
                        rejects.add(new Reject(p.file(), p.where(), key.compoundId(), away.get()));
                        continue;
                    }
                    kept.add(new PoseRecord(key, index, p.stored(), p.record(), p.coords(), p.types(), p.radii(),
                            p.scores()));
                }
                c.poses.clear(); // the pose records hold copies; let the parsed arrays go
                if (!kept.isEmpty()) { // else every record of it was rejected: it only counted ranks
                    posesByKey.put(key, kept);
                }
            }
            TreeSet<String> poseFileTargets = new TreeSet<>();
            for (PoseFiles.PoseFile f : files.files()) {
                poseFileTargets.add(targetOf(f));
            }
            for (AffinityLabel l : table.labels()) {
                CompoundKey k = l.key();
                if (posesByKey.containsKey(k)) {
                    continue;
                }
                String reason = poseFileTargets.contains(k.target())
                        ? LABEL_WITHOUT_POSES + ": no pose of compound '" + k.compoundId() + "' under target '"
                                + k.target() + "'; the label is not used"
                        : LABEL_OF_OTHER_TARGET + ": target '" + k.target() + "' has no pose files here (targets of"
                                + " the pose files: " + String.join(", ", poseFileTargets) + "); the label is not"
                                + " used";
                rejects.add(new Reject(table.file(), table.rowsOf(k), k.compoundId(), reason));
            }
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
                } else {
                    rejects.add(new Reject(in.receptors().get(e.getKey()).toString(), "", "", "unused receptor:"
                            + " every pose record of target '" + e.getKey() + "' was rejected"));
                }
            }
            for (Map.Entry<String, Path> e : in.receptors().entrySet()) {
                if (!receptorTasks.containsKey(e.getKey())) {
                    rejects.add(new Reject(e.getValue().toString(), "", "", "unused receptor: no pose file has"
                            + " target '" + e.getKey() + "'" + (placeholder ? ""
                            : "; the poses are all of target '" + fixedTarget + "'")));
                }
            }
            return receptors;
        }
    }

    // ---- inputs -------------------------------------------------------------------------------------------------

    /** The target of every pose when the pattern names none: the option, else the only receptor's. */
    private static String fixedTarget(PrepareConfig in, boolean placeholder) {
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

    static CompoundIdRule idRule(IdSource s) {
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
    private static AffinityTable readTable(PrepareConfig in) {
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
    private List<Callable<TaskResult>> tasks(PoseFiles.PoseFile f, String target, CompoundIdRule ids, String tag,
            List<Reject> rejects, Path base) {
        Path path = f.path();
        String stored = storedName(base, path);
        if (LigandReader.formatOf(path) == LigandReader.Format.MOL2) {
            return List.of(() -> {
                ReadResult<Molecule> rr;
                try {
                    rr = LigandReader.read(path, ids);
                } catch (InputException e) {
                    return new TaskResult(target, List.of(), List.of(unreadable(path, e)), 0, f.bytes());
                }
                return typed(path, stored, target, rr, Map.of(), tag, ids, countRecords(rr), f.bytes());
            });
        }
        List<RecordText> recs;
        try {
            recs = SdfLigandReader.split(path);
        } catch (InputException e) {
            rejects.add(unreadable(path, e));
            progress.advance(f.bytes(), 0);
            return List.of();
        }
        if (recs.isEmpty()) {
            rejects.add(new Reject(path.toString(), "", "", "the file is empty"));
            progress.advance(f.bytes(), 0);
            return List.of();
        }
        List<Callable<TaskResult>> out = new ArrayList<>();
        long bytesLeft = f.bytes();
        for (int from = 0; from < recs.size(); from += RECORDS_PER_TASK) {
            int to = Math.min(recs.size(), from + RECORDS_PER_TASK);
            List<RecordText> run = recs.subList(from, to);
            long bytes = to == recs.size() ? bytesLeft : f.bytes() * (to - from) / recs.size();
            bytesLeft -= bytes;
            out.add(() -> typed(path, stored, target, parseRun(run, path, ids), wheres(run), tag, ids, run.size(),
                    bytes));
        }
        return out;
    }

    private static Reject unreadable(Path path, InputException e) {
        return new Reject(path.toString(), "", "", "unreadable file: " + e.getMessage());
    }

    private static int countRecords(ReadResult<Molecule> rr) {
        int n = rr.items().size();
        for (Reject r : rr.rejects()) {
            if (!r.record().isEmpty()) {
                n++;
            }
        }
        return n;
    }

    private static Map<Integer, String> wheres(List<RecordText> run) {
        Map<Integer, String> m = new HashMap<>();
        for (RecordText r : run) {
            m.put(r.number(), r.where());
        }
        return m;
    }

    /** Parses a run; if CDK fails in a way the reader does not catch, each record alone, so only that one is lost. */
    private static ReadResult<Molecule> parseRun(List<RecordText> run, Path path, CompoundIdRule ids) {
        try {
            return SdfLigandReader.parse(run, path, ids, SmilesPolicy.FIRST_PER_COMPOUND);
        } catch (RuntimeException e) {
            List<Molecule> items = new ArrayList<>();
            List<Reject> rejects = new ArrayList<>();
            for (RecordText r : run) {
                try {
                    ReadResult<Molecule> one = SdfLigandReader.parse(List.of(r), path, ids,
                            SmilesPolicy.FIRST_PER_COMPOUND);
                    items.addAll(one.items());
                    rejects.addAll(one.rejects());
                } catch (RuntimeException e1) {
                    rejects.add(new Reject(path.toString(), r.where(), "", "unreadable record: CDK failed ("
                            + e1 + ")"));
                }
            }
            return new ReadResult<>(items, rejects);
        }
    }

    /** Types the molecules read; every record becomes an item (with its pose, or with only its compound). */
    private TaskResult typed(Path path, String stored, String target, ReadResult<Molecule> rr,
            Map<Integer, String> wheres, String tag, CompoundIdRule ids, int records, long bytes) {
        String file = path.toString();
        List<Item> items = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        for (Reject r : rr.rejects()) {
            rejects.add(r);
            items.add(new Item(recordNumber(r.record()), r.compound(), null));
        }
        for (Molecule m : rr.items()) {
            String where = wheres.getOrDefault(m.record(), "record " + m.record());
            String id = m.compoundId();
            try {
                int tagIndex = 0;
                if (!tag.isEmpty() && m.properties().containsKey(tag)) {
                    tagIndex = poseIndex(m.properties().get(tag), tag);
                }
                TypedAtoms t = typer.typeLigand(m);
                if (t.size() == 0) {
                    throw new PoseProblem("no heavy atoms: the typer gave none of the record's "
                            + m.atomCount() + " atoms a channel");
                }
                int[] ch = t.channels();
                short[] types = new short[ch.length];
                for (int i = 0; i < ch.length; i++) {
                    types[i] = (short) (ch[i] + receptorChannels);
                }
                items.add(new Item(m.record(), id, new ParsedPose(id, file, stored, m.record(), where, tagIndex,
                        t.coords(), types, t.radii(), scores(m, tag, ids), m.smiles())));
            } catch (PoseProblem e) {
                rejects.add(new Reject(file, where, id, e.getMessage()));
                items.add(new Item(m.record(), id, null));
            } catch (RuntimeException e) {
                rejects.add(new Reject(file, where, id, "typing failed: " + e));
                items.add(new Item(m.record(), id, null));
            }
        }
        items.sort(Comparator.comparingInt(Item::record));
        return new TaskResult(target, items, rejects, records, bytes);
    }

    private static int recordNumber(String where) {
        Matcher m = RECORD_NUMBER.matcher(where);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The pose index an SD tag gives: a whole number ≥ 1 ("3" or "3.0"). */
    static int poseIndex(String value, String tag) throws PoseProblem {
        String v = value.trim();
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d >= 1) || d > Integer.MAX_VALUE || d != Math.rint(d)) {
            throw new PoseProblem("bad pose index: SD tag <" + tag + "> is '" + v + "'; it must be a"
                    + " whole number ≥ 1 (or set pose_index_tag to another tag, or to \"\" to number poses by rank)");
        }
        return (int) d;
    }

    /** Numeric SD tags, except the pose-index tag and the id tag. */
    private static Map<String, Double> scores(Molecule m, String poseTag, CompoundIdRule ids) {
        Map<String, Double> out = new TreeMap<>();
        for (String name : m.properties().keySet()) {
            if (name.equals(poseTag) || (ids.source() == CompoundIdRule.Source.TAG && name.equals(ids.tag()))) {
                continue;
            }
            OptionalDouble v = m.number(name);
            if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
                out.put(name, v.getAsDouble());
            }
        }
        return out;
    }

    private TypedReceptor typeReceptor(String target, Path file) {
        ReceptorRead rr = PdbReceptorReader.read(file, ReceptorOptions.defaults());
        TypedAtoms t = typer.typeReceptor(rr.receptor());
        int[] ch = t.channels();
        short[] types = new short[ch.length];
        for (int i = 0; i < ch.length; i++) {
            types[i] = (short) ch[i];
        }
        List<String> notes = new ArrayList<>();
        for (String n : t.notes()) {
            notes.add("receptor " + target + ": " + n);
        }
        return new TypedReceptor(new ReceptorRecord(target, String.valueOf(file.getFileName()), t.coords(), types,
                t.radii()),
                rr.rejects(), notes);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /**
     * The deepest folder that holds every pose file. Datasets store pose paths relative to it (and receptor paths
     * by file name) so that the same inputs give the same bytes and fingerprint however their paths are spelled
     * (relative, absolute, from a config); rejects keep the paths as the user gave them.
     */
    static Path commonBase(PoseFiles files) {
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

    static String storedName(Path base, Path file) {
        return base.relativize(file.toAbsolutePath().normalize()).toString();
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("prepare was interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
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
    private static InputException nothingUsable(Path out, List<Reject> rejects, long records) {
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
        Map<String, Integer> labelTargets = new LinkedHashMap<>(table.labelsPerTarget());
        TreeSet<String> targetsWithPoses = new TreeSet<>();
        for (CompoundKey k : poses.keySet()) {
            targetsWithPoses.add(k.target());
            if (table.label(k).isPresent()) {
                matched++;
            }
        }
        if (matched == 0 && !table.labels().isEmpty()) {
            notes.add(String.format(Locale.ROOT, "no label matched a compound with poses: the table's targets are %s,"
                    + " the poses' %s; check the target names (--target, --receptor NAME=FILE) and the id source"
                    + " (--id-from)", labelTargets.keySet(), targetsWithPoses));
        }
    }
}
