package org.multipose.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.multipose.base.Reject;
import org.multipose.config.PoseSelection;

/**
 * Writes a dataset directory: {@code poses.arrow}, {@code compounds.arrow}, {@code receptors.arrow},
 * {@code rejects.csv} and {@code summary.json} (schemas in docs/guide/datasets.md).
 *
 * <p>Compounds are streamed: each {@link #addCompound} call appends its poses to the pose table, and a record batch
 * is written whenever the next compound would take the batch past {@code posesPerBatch} poses (a compound is never
 * split across batches, so one batch load gives all its poses). Compounds must arrive in strictly increasing
 * {@link CompoundKey} order, which makes the files — and the fingerprint — independent of how the caller scheduled
 * its work. The compound table (with each compound's batch and offset), the receptors (sorted by target, one batch
 * each) and the rejects (sorted by file, then record number) are written by {@link #finish()}. Files are written
 * under temporary names and renamed at the end, so a failed run leaves no half-written dataset behind.
 *
 * <p><b>Partitioned datasets</b> ({@link DatasetManifest}): {@link #createPart} writes one part — the compound and
 * pose tables of a key range, {@link #finishPart()} — and {@link #createPartitioned} writes the rest once the parts
 * exist: receptors, rejects, the manifest and the summary (its statistics read back from the parts).
 *
 * <p><b>Size.</b> Over 600 lines: the writer of the three Arrow tables in both layouts (single and partitioned)
 * with the temporary-name protocol; the column layout is written and documented in one place.
 */
public final class DatasetWriter implements AutoCloseable {

    /** Default target number of poses per record batch of the pose table. */
    public static final int DEFAULT_POSES_PER_BATCH = 256;
    private static final int COMPOUND_ROWS_PER_BATCH = 65_536;
    private static final String TMP = ".tmp";
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final ObjectMapper JSON = new ObjectMapper(); // thread-safe once configured; costly to build

    private final Path dir;
    private final DatasetMetadata metadata;
    private final int posesPerBatch;
    /** The compound and pose table files (relative to dir); null for the top of a partitioned dataset. */
    private final String compoundsName;
    private final String posesName;
    /** The parts of a partitioned dataset (when this writer writes its top), else null. */
    private final List<DatasetManifest.Part> parts;
    private final BufferAllocator allocator = new RootAllocator();
    private final FileChannel posesChannel;
    private final VectorSchemaRoot posesRoot;
    private final ArrowFileWriter posesWriter;
    private long poseCount;

    private final List<CompoundRecord> compounds = new ArrayList<>();
    private final List<int[]> locations = new ArrayList<>();
    private final List<CompoundPoses> pending = new ArrayList<>();
    private int pendingPoses;
    private int batches;
    private final Map<String, ReceptorRecord> receptors = new TreeMap<>();
    private final List<Reject> rejects = new ArrayList<>();
    private final Map<String, Long> inputCounts = new TreeMap<>();
    private PoseSelectionCounts selectionCounts;
    private CompoundKey last;
    private boolean finished;
    private boolean closed;

    private DatasetWriter(Path dir, DatasetMetadata metadata, int posesPerBatch, String compoundsName,
            String posesName, List<DatasetManifest.Part> parts) throws IOException {
        this.dir = dir;
        this.metadata = metadata;
        this.posesPerBatch = posesPerBatch;
        this.compoundsName = compoundsName;
        this.posesName = posesName;
        this.parts = parts;
        Files.createDirectories(dir);
        if (posesName == null) {
            posesChannel = null;
            posesRoot = null;
            posesWriter = null;
            return;
        }
        Files.createDirectories(tmp(posesName).getParent());
        Schema schema = DatasetSchema.poses(metadata.toSchemaMetadata(Map.of(DatasetSchema.KEY_TABLE, "poses")));
        posesChannel = FileChannel.open(tmp(posesName), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        posesRoot = VectorSchemaRoot.create(schema, allocator);
        posesWriter = new ArrowFileWriter(posesRoot, null, posesChannel);
        posesWriter.start();
    }

    /** A writer with {@link #DEFAULT_POSES_PER_BATCH}. */
    public static DatasetWriter create(Path dir, DatasetMetadata metadata) {
        return create(dir, metadata, DEFAULT_POSES_PER_BATCH);
    }

    /**
     * A writer into {@code dir} (created if needed; an existing dataset there is replaced at {@link #finish()}).
     *
     * @param posesPerBatch target poses per record batch (≥ 1); bigger batches mean fewer, larger reads
     */
    public static DatasetWriter create(Path dir, DatasetMetadata metadata, int posesPerBatch) {
        if (posesPerBatch < 1) {
            throw new IllegalArgumentException("posesPerBatch must be ≥ 1: " + posesPerBatch);
        }
        try {
            return new DatasetWriter(dir, metadata, posesPerBatch, DatasetSchema.COMPOUNDS_FILE,
                    DatasetSchema.POSES_FILE, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a dataset in " + dir, e);
        }
    }

    /**
     * A writer of part {@code part} of a partitioned dataset in {@code dir}: its compound and pose tables only, as
     * {@code parts/compounds-NNNNN.arrow} and {@code parts/poses-NNNNN.arrow}; {@link #finishPart()} ends it. Parts
     * are written independently (e.g. one per Spark partition); the keys of part k must all sort before those of
     * part k+1.
     */
    public static DatasetWriter createPart(Path dir, int part, DatasetMetadata metadata, int posesPerBatch) {
        if (part < 0 || posesPerBatch < 1) {
            throw new IllegalArgumentException("part must be ≥ 0 and posesPerBatch ≥ 1: " + part + ", " + posesPerBatch);
        }
        String n = String.format(java.util.Locale.ROOT, "%05d", part);
        try {
            return new DatasetWriter(dir, metadata, posesPerBatch,
                    DatasetSchema.PARTS_DIR + "/compounds-" + n + ".arrow",
                    DatasetSchema.PARTS_DIR + "/poses-" + n + ".arrow", null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create part " + part + " of a dataset in " + dir, e);
        }
    }

    /**
     * The writer of the rest of a partitioned dataset whose parts (in key order, each written by
     * {@link #createPart}) are in {@code dir}: receptors, rejects, input counts and pose selection are added as
     * usual, and {@link #finish()} writes them with the manifest and the summary. {@link #addCompound} is refused.
     */
    public static DatasetWriter createPartitioned(Path dir, DatasetMetadata metadata,
            List<DatasetManifest.Part> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a partitioned dataset needs at least one part");
        }
        try {
            return new DatasetWriter(dir, metadata, DEFAULT_POSES_PER_BATCH, null, null, List.copyOf(parts));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a dataset in " + dir, e);
        }
    }

    /**
     * Appends a compound and its poses. Keys must strictly increase from call to call; every pose must belong to
     * the compound, pose indices must be distinct, type indices must name a channel of the metadata, and the
     * compound's {@code nPoses} must equal the number of poses. Poses are stored sorted by pose index.
     */
    public void addCompound(CompoundRecord compound, List<PoseRecord> poses) {
        checkOpen();
        if (posesWriter == null) {
            throw new IllegalStateException("the top of a partitioned dataset takes no compounds: write them in parts");
        }
        CompoundKey key = compound.key();
        if (last != null && key.compareTo(last) <= 0) {
            throw new IllegalArgumentException("compounds must be added in increasing (target, compound id) order: "
                    + key + " after " + last);
        }
        if (poses.size() != compound.nPoses()) {
            throw new IllegalArgumentException(key + ": " + poses.size() + " poses but nPoses = " + compound.nPoses());
        }
        List<PoseRecord> sorted = new ArrayList<>(poses);
        sorted.sort(Comparator.comparingInt(PoseRecord::poseIndex));
        int channels = metadata.channelNames().size();
        for (int i = 0; i < sorted.size(); i++) {
            PoseRecord p = sorted.get(i);
            if (!p.key().equals(key)) {
                throw new IllegalArgumentException("pose of " + p.key() + " given with compound " + key);
            }
            if (i > 0 && sorted.get(i - 1).poseIndex() == p.poseIndex()) {
                throw new IllegalArgumentException(key + ": two poses with index " + p.poseIndex());
            }
            checkTypes(p.types(), channels, key + " pose " + p.poseIndex());
        }
        last = key;
        if (!pending.isEmpty() && pendingPoses + sorted.size() > posesPerBatch) {
            flushPoses();
        }
        locations.add(new int[] {batches, pendingPoses});
        compounds.add(compound);
        pending.add(new CompoundPoses(compound, sorted));
        pendingPoses += sorted.size();
        poseCount += sorted.size();
    }

    /** Adds the receptor of one target (at most one per target). */
    public void addReceptor(ReceptorRecord receptor) {
        checkOpen();
        checkTypes(receptor.types(), metadata.channelNames().size(), "receptor " + receptor.target());
        if (receptors.putIfAbsent(receptor.target(), receptor) != null) {
            throw new IllegalArgumentException("two receptors for target " + receptor.target());
        }
    }

    /** Records a skipped input item for rejects.csv and the summary. */
    public void addReject(Reject reject) {
        checkOpen();
        rejects.add(reject);
    }

    public void addRejects(Collection<Reject> rs) {
        for (Reject r : rs) {
            addReject(r);
        }
    }

    /** Adds {@code n} to an input counter reported under counts.in of summary.json (e.g. "pose_records"). */
    public void countInput(String what, long n) {
        checkOpen();
        inputCounts.merge(what, n, Long::sum);
    }

    /**
     * Records the pose selection applied before the poses were added, for summary.json (without it the summary
     * says every pose was kept).
     */
    public void poseSelection(PoseSelectionCounts counts) {
        checkOpen();
        selectionCounts = Objects.requireNonNull(counts, "counts");
    }

    /**
     * Ends a part ({@link #createPart}): writes its compound and pose tables under their final names.
     *
     * @return the part, for the manifest
     */
    public DatasetManifest.Part finishPart() {
        checkOpen();
        if (compoundsName.equals(DatasetSchema.COMPOUNDS_FILE)) {
            throw new IllegalStateException("finishPart() ends a part; a whole dataset ends with finish()");
        }
        try {
            endTables();
            move(tmp(compoundsName), dir.resolve(compoundsName));
            move(tmp(posesName), dir.resolve(posesName));
            finished = true;
            return new DatasetManifest.Part(compoundsName, posesName, compounds.size(), poseCount);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a part of the dataset in " + dir, e);
        } finally {
            close();
        }
    }

    /** Writes the remaining files, renames them into place and returns the summary. */
    public DatasetSummary finish() {
        checkOpen();
        if (compoundsName != null && !compoundsName.equals(DatasetSchema.COMPOUNDS_FILE)) {
            throw new IllegalStateException("a part ends with finishPart()");
        }
        try {
            List<CompoundRecord> rows = compounds;
            if (parts == null) {
                endTables();
            }
            writeReceptors();
            writeRejects();
            if (parts == null) {
                removeParts(dir); // a partitioned dataset this one replaces
                move(tmp(DatasetSchema.COMPOUNDS_FILE), dir.resolve(DatasetSchema.COMPOUNDS_FILE));
                move(tmp(DatasetSchema.POSES_FILE), dir.resolve(DatasetSchema.POSES_FILE));
            } else {
                Files.deleteIfExists(dir.resolve(DatasetSchema.COMPOUNDS_FILE));
                Files.deleteIfExists(dir.resolve(DatasetSchema.POSES_FILE));
                new DatasetManifest(parts).write(tmp(DatasetSchema.MANIFEST_FILE));
                move(tmp(DatasetSchema.MANIFEST_FILE), dir.resolve(DatasetSchema.MANIFEST_FILE));
            }
            move(tmp(DatasetSchema.RECEPTORS_FILE), dir.resolve(DatasetSchema.RECEPTORS_FILE));
            move(tmp(DatasetSchema.REJECTS_FILE), dir.resolve(DatasetSchema.REJECTS_FILE));
            if (parts != null) {
                try (Dataset ds = Dataset.open(dir)) { // the statistics of the parts, read as any reader reads them
                    rows = ds.compounds();
                }
            }
            TreeMap<String, Long> sizes = new TreeMap<>();
            for (String name : DatasetManifest.arrowFiles(dir)) {
                sizes.put(name, Files.size(dir.resolve(name)));
            }
            DatasetStats stats = DatasetStats.of(rows);
            PoseSelectionCounts selection = selectionCounts != null ? selectionCounts
                    : new PoseSelectionCounts(PoseSelection.defaults(), stats.compounds(),
                            stats.compounds(), stats.poses(), stats.poses(), 0, 0, 0);
            DatasetSummary summary = new DatasetSummary(DatasetFingerprint.of(dir), metadata, stats,
                    receptors.size(), new TreeMap<>(inputCounts), DatasetSummary.countByCategory(rejects), sizes,
                    selection);
            summary.write(tmp(DatasetSchema.SUMMARY_FILE));
            move(tmp(DatasetSchema.SUMMARY_FILE), dir.resolve(DatasetSchema.SUMMARY_FILE));
            finished = true;
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dataset in " + dir, e);
        } finally {
            close();
        }
    }

    /** Flushes the last pose batch and writes the compound table (both under their temporary names). */
    private void endTables() throws IOException {
        if (!pending.isEmpty()) {
            flushPoses();
        }
        posesWriter.end();
        posesWriter.close();
        posesRoot.close();
        posesChannel.close();
        writeCompounds();
    }

    /** Releases everything; without a successful {@link #finish()} the temporary files are deleted. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (posesWriter != null) {
            try {
                posesWriter.close();
            } catch (RuntimeException ignored) {
                // already closed by finish(), or failing while failing: the temporary file is deleted below
            }
            posesRoot.close();
            try {
                posesChannel.close();
            } catch (IOException ignored) {
                // nothing left to flush that matters: the file is deleted below unless finished
            }
        }
        allocator.close();
        if (!finished) {
            removeTemporaries(dir);
            if (compoundsName != null && !compoundsName.equals(DatasetSchema.COMPOUNDS_FILE)) {
                for (String name : List.of(compoundsName, posesName)) {
                    try {
                        Files.deleteIfExists(tmp(name));
                    } catch (IOException ignored) {
                        // best effort, as removeTemporaries
                    }
                }
            }
        }
    }

    /** The files this writer writes, each first under its temporary name. */
    private static final List<String> WRITTEN = List.of(DatasetSchema.POSES_FILE, DatasetSchema.COMPOUNDS_FILE,
            DatasetSchema.RECEPTORS_FILE, DatasetSchema.REJECTS_FILE, DatasetSchema.SUMMARY_FILE,
            DatasetSchema.MANIFEST_FILE);

    /**
     * Deletes the temporary files a writer in {@code dir} left behind (a killed prepare cannot clean up after
     * itself) and returns their names; best effort, nothing else in {@code dir} is touched.
     */
    public static List<String> removeTemporaries(Path dir) {
        List<String> removed = new ArrayList<>();
        for (String name : WRITTEN) {
            try {
                if (Files.deleteIfExists(dir.resolve(name + TMP))) {
                    removed.add(name + TMP);
                }
            } catch (IOException ignored) {
                // best effort: a file we cannot delete is overwritten by the next write anyway
            }
        }
        return removed;
    }

    /**
     * Deletes the manifest and the part files of a partitioned dataset in {@code dir} (before a dataset of either
     * layout replaces it); nothing else is touched.
     */
    public static void removeParts(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(DatasetSchema.MANIFEST_FILE));
        Path parts = dir.resolve(DatasetSchema.PARTS_DIR);
        if (Files.isDirectory(parts)) {
            try (var s = Files.list(parts)) {
                for (Path f : s.toList()) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".arrow") || n.endsWith(".arrow" + TMP)) {
                        Files.deleteIfExists(f);
                    }
                }
            }
            try (var s = Files.list(parts)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(parts);
                }
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("dataset writer for " + dir + " is closed");
        }
    }

    private static void checkTypes(short[] types, int channels, String what) {
        for (short t : types) {
            if (t < 0 || t >= channels) {
                throw new IllegalArgumentException(what + ": type index " + t + " outside the " + channels
                        + " channels of the typing metadata");
            }
        }
    }

    private Path tmp(String name) {
        return dir.resolve(name + TMP);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void flushPoses() {
        VectorSchemaRoot root = posesRoot;
        root.allocateNew();
        VarCharVector target = (VarCharVector) root.getVector(DatasetSchema.TARGET);
        VarCharVector id = (VarCharVector) root.getVector(DatasetSchema.COMPOUND_ID);
        IntVector poseIndex = (IntVector) root.getVector(DatasetSchema.POSE_INDEX);
        VarCharVector sourceFile = (VarCharVector) root.getVector(DatasetSchema.SOURCE_FILE);
        IntVector sourceRecord = (IntVector) root.getVector(DatasetSchema.SOURCE_RECORD);
        ListVector coords = (ListVector) root.getVector(DatasetSchema.COORDS);
        ListVector types = (ListVector) root.getVector(DatasetSchema.TYPES);
        ListVector radii = (ListVector) root.getVector(DatasetSchema.RADII);
        MapVector scores = (MapVector) root.getVector(DatasetSchema.SCORES);
        int row = 0;
        Map<String, byte[]> utf8 = new java.util.HashMap<>(); // targets, files and score names repeat across rows
        for (CompoundPoses cp : pending) {
            byte[] compoundId = cp.key().compoundId().getBytes(StandardCharsets.UTF_8);
            for (PoseRecord p : cp.poses()) {
                ArrowColumns.setString(target, row, p.key().target(), utf8);
                id.setSafe(row, compoundId);
                poseIndex.setSafe(row, p.poseIndex());
                ArrowColumns.setString(sourceFile, row, p.sourceFile(), utf8);
                sourceRecord.setSafe(row, p.sourceRecord());
                ArrowColumns.setFloats(coords, row, p.coords());
                ArrowColumns.setShorts(types, row, p.types());
                ArrowColumns.setFloats(radii, row, p.radii());
                ArrowColumns.setScores(scores, row, p.scores(), utf8);
                row++;
            }
        }
        root.setRowCount(row);
        try {
            posesWriter.writeBatch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp(posesName), e);
        }
        pending.clear();
        pendingPoses = 0;
        batches++;
    }

    private void writeCompounds() throws IOException {
        Schema schema = DatasetSchema.compounds(metadata.toSchemaMetadata(
                Map.of(DatasetSchema.KEY_TABLE, "compounds")));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                FileChannel ch = FileChannel.open(tmp(compoundsName), StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
            w.start();
            for (int from = 0; from < compounds.size(); from += COMPOUND_ROWS_PER_BATCH) {
                int to = Math.min(compounds.size(), from + COMPOUND_ROWS_PER_BATCH);
                fillCompounds(root, from, to);
                w.writeBatch();
            }
            w.end();
        }
    }

    private void fillCompounds(VectorSchemaRoot root, int from, int to) {
        root.allocateNew();
        VarCharVector target = (VarCharVector) root.getVector(DatasetSchema.TARGET);
        VarCharVector id = (VarCharVector) root.getVector(DatasetSchema.COMPOUND_ID);
        BitVector hasLabel = (BitVector) root.getVector(DatasetSchema.HAS_LABEL);
        Float8Vector pk = (Float8Vector) root.getVector(DatasetSchema.PK);
        Float8Vector dgKt = (Float8Vector) root.getVector(DatasetSchema.DG_KT);
        VarCharVector measure = (VarCharVector) root.getVector(DatasetSchema.MEASURE);
        VarCharVector qualifier = (VarCharVector) root.getVector(DatasetSchema.QUALIFIER);
        Float8Vector sigma = (Float8Vector) root.getVector(DatasetSchema.SIGMA_PK);
        IntVector nMeas = (IntVector) root.getVector(DatasetSchema.N_MEASUREMENTS);
        DateDayVector date = (DateDayVector) root.getVector(DatasetSchema.DATE);
        VarCharVector smiles = (VarCharVector) root.getVector(DatasetSchema.SMILES);
        IntVector nPoses = (IntVector) root.getVector(DatasetSchema.N_POSES);
        IntVector batch = (IntVector) root.getVector(DatasetSchema.POSE_BATCH);
        IntVector offset = (IntVector) root.getVector(DatasetSchema.POSE_OFFSET);
        for (int i = from; i < to; i++) {
            int row = i - from;
            CompoundRecord c = compounds.get(i);
            ArrowColumns.setString(target, row, c.key().target());
            ArrowColumns.setString(id, row, c.key().compoundId());
            hasLabel.setSafe(row, c.hasLabel() ? 1 : 0);
            Optional<AffinityLabel> label = c.label();
            if (label.isPresent()) {
                AffinityLabel l = label.get();
                pk.setSafe(row, l.pk());
                dgKt.setSafe(row, l.dgKt());
                ArrowColumns.setString(measure, row, l.measure().label());
                ArrowColumns.setString(qualifier, row, l.qualifier().symbol());
                if (l.sigmaPk().isPresent()) {
                    sigma.setSafe(row, l.sigmaPk().getAsDouble());
                } else {
                    sigma.setNull(row);
                }
                nMeas.setSafe(row, l.nMeasurements());
                if (l.date().isPresent()) {
                    date.setSafe(row, (int) l.date().get().toEpochDay());
                } else {
                    date.setNull(row);
                }
            } else {
                pk.setNull(row);
                dgKt.setNull(row);
                measure.setNull(row);
                qualifier.setNull(row);
                sigma.setNull(row);
                nMeas.setSafe(row, 0);
                date.setNull(row);
            }
            if (c.smiles().isEmpty()) {
                smiles.setNull(row);
            } else {
                ArrowColumns.setString(smiles, row, c.smiles());
            }
            nPoses.setSafe(row, c.nPoses());
            batch.setSafe(row, locations.get(i)[0]);
            offset.setSafe(row, locations.get(i)[1]);
        }
        root.setRowCount(to - from);
    }

    private void writeReceptors() throws IOException {
        List<String> targets = new ArrayList<>(receptors.keySet());
        String targetsJson;
        try {
            targetsJson = JSON.writeValueAsString(targets);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Schema schema = DatasetSchema.receptors(metadata.toSchemaMetadata(Map.of(
                DatasetSchema.KEY_TABLE, "receptors", DatasetSchema.KEY_RECEPTOR_TARGETS, targetsJson)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                FileChannel ch = FileChannel.open(tmp(DatasetSchema.RECEPTORS_FILE), StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
            w.start();
            for (ReceptorRecord r : receptors.values()) {
                root.allocateNew();
                ArrowColumns.setString((VarCharVector) root.getVector(DatasetSchema.TARGET), 0, r.target());
                ArrowColumns.setString((VarCharVector) root.getVector(DatasetSchema.SOURCE_FILE), 0, r.sourceFile());
                ArrowColumns.setFloats((ListVector) root.getVector(DatasetSchema.COORDS), 0, r.coords());
                ArrowColumns.setShorts((ListVector) root.getVector(DatasetSchema.TYPES), 0, r.types());
                ArrowColumns.setFloats((ListVector) root.getVector(DatasetSchema.RADII), 0, r.radii());
                root.setRowCount(1);
                w.writeBatch();
            }
            w.end();
        }
    }

    private void writeRejects() throws IOException {
        List<Reject> sorted = new ArrayList<>(rejects);
        sorted.sort(Comparator.comparing(Reject::file).thenComparing(Reject::record, DatasetWriter::naturalOrder)
                .thenComparing(Reject::compound).thenComparing(Reject::reason));
        try (BufferedWriter w = Files.newBufferedWriter(tmp(DatasetSchema.REJECTS_FILE), StandardCharsets.UTF_8)) {
            w.write(Reject.CSV_HEADER);
            w.write('\n');
            for (Reject r : sorted) {
                w.write(r.toCsvRow());
                w.write('\n');
            }
        }
    }

    /** "line 9" before "line 10": compares the first number in each string, then the strings. */
    static int naturalOrder(String a, String b) {
        Matcher ma = NUMBER.matcher(a);
        Matcher mb = NUMBER.matcher(b);
        if (ma.find() && mb.find()) {
            String pa = a.substring(0, ma.start());
            String pb = b.substring(0, mb.start());
            int c = pa.compareTo(pb);
            if (c != 0) {
                return c;
            }
            c = Long.compare(parse(ma.group()), parse(mb.group()));
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
