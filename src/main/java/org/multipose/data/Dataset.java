package org.multipose.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
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
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.InvalidArrowFileException;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.multipose.base.InputException;
import org.multipose.base.Reject;
import org.multipose.config.PoseSelection;

/**
 * A dataset directory opened for reading (written by {@link DatasetWriter}). The compound table (labels and where
 * each compound's poses are) is read at open; poses are read on demand by random access to the record batch that
 * holds the compound, and only that compound's rows are decoded. One pose batch (the last one read, about
 * {@link DatasetWriter#DEFAULT_POSES_PER_BATCH} poses of Arrow buffers) and at most {@code maxCachedReceptors}
 * decoded receptors stay in memory — never the whole pose table, however long the run. Iterating in file order
 * reads every pose batch once. Methods are synchronized: one reader may serve a prefetching thread and the
 * training loop.
 *
 * <p><b>Size.</b> Over 600 lines: the reader of all three Arrow tables, single or partitioned, with the pose
 * selection view and the fingerprint check; one class so the synchronization covers every read.
 */
public final class Dataset implements AutoCloseable, Iterable<CompoundPoses> {

    /** Receptors kept decoded by default (least recently used first out). */
    public static final int DEFAULT_CACHED_RECEPTORS = 8;

    private final Path dir;
    private final DatasetMetadata metadata;
    /** Every row of the compound table, in file order. */
    private final List<CompoundRecord> compounds;
    private final Map<CompoundKey, Integer> rowOf;
    // The pose selection this view applies, and the compounds with poses left (file order); set once, at open.
    private PoseSelector selector = PoseSelector.of(PoseSelection.defaults());
    private List<CompoundRecord> selected;
    private Map<CompoundKey, CompoundRecord> selectedByKey;
    private PoseSelectionCounts selectionCounts;
    private final int[] batchOf;
    private final int[] offsetOf;
    private final BufferAllocator allocator = new RootAllocator();
    /** The pose table's files: one, or one per part of a partitioned dataset ({@link DatasetManifest}). */
    private final List<String> poseFiles = new ArrayList<>();
    private final List<FileChannel> posesChannels = new ArrayList<>();
    private final List<ArrowFileReader> posesReaders = new ArrayList<>();
    /** Every pose batch in order, across the files; readerOf[b] is the file of batch b. */
    private final List<ArrowBlock> poseBlocks = new ArrayList<>();
    private int[] readerOf;
    private final FileChannel receptorsChannel;
    private final ArrowFileReader receptorsReader;
    private final List<ArrowBlock> receptorBlocks;
    private final Map<String, Integer> receptorBatch;
    private int loadedPoseBatch = -1;
    private final LinkedHashMap<String, ReceptorRecord> receptorCache;
    private long batchLoads;

    private Dataset(Path dir, int maxCachedReceptors) throws IOException {
        this.dir = dir;
        Optional<DatasetManifest> manifest = DatasetManifest.read(dir);
        List<String> compoundFiles = new ArrayList<>();
        if (manifest.isPresent()) {
            for (DatasetManifest.Part p : manifest.get().parts()) {
                compoundFiles.add(p.compounds());
                poseFiles.add(p.poses());
            }
        } else {
            compoundFiles.add(DatasetSchema.COMPOUNDS_FILE);
            poseFiles.add(DatasetSchema.POSES_FILE);
        }
        for (String name : DatasetManifest.arrowFiles(dir)) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new InputException(dir + ": not a multipose dataset (no " + name + "); create one with"
                        + " ./pipeline prepare");
            }
            checkArrowFile(dir.resolve(name));
        }
        // pose tables first: a part's compound rows count its own batches, the reader counts them all
        List<Integer> owner = new ArrayList<>();
        List<Integer> firstBatch = new ArrayList<>();
        for (int i = 0; i < poseFiles.size(); i++) {
            Path pf = dir.resolve(poseFiles.get(i));
            FileChannel ch = FileChannel.open(pf, StandardOpenOption.READ);
            posesChannels.add(ch);
            ArrowFileReader r = new ArrowFileReader(ch, allocator);
            posesReaders.add(r);
            firstBatch.add(poseBlocks.size());
            for (ArrowBlock b : r.getRecordBlocks()) {
                poseBlocks.add(b);
                owner.add(i);
            }
        }
        readerOf = owner.stream().mapToInt(Integer::intValue).toArray();
        // compound table: read fully (one row per compound, small next to the poses)
        List<CompoundRecord> rows = new ArrayList<>();
        List<int[]> locs = new ArrayList<>();
        DatasetMetadata meta = null;
        for (int i = 0; i < compoundFiles.size(); i++) {
            Path cf = dir.resolve(compoundFiles.get(i));
            int from = locs.size();
            try (FileChannel ch = FileChannel.open(cf, StandardOpenOption.READ);
                    ArrowFileReader r = new ArrowFileReader(ch, allocator)) {
                VectorSchemaRoot root = r.getVectorSchemaRoot();
                DatasetMetadata m = DatasetMetadata.fromSchemaMetadata(root.getSchema().getCustomMetadata(),
                        cf.toString());
                if (meta != null && !m.equals(meta)) {
                    throw new InputException(cf + ": typing metadata differs from " + dir.resolve(compoundFiles.get(0))
                            + "; the parts come from different prepare runs");
                }
                meta = m;
                for (ArrowBlock b : r.getRecordBlocks()) {
                    r.loadRecordBatch(b);
                    readCompounds(root, rows, locs);
                }
            }
            int batches = (i + 1 < firstBatch.size() ? firstBatch.get(i + 1) : poseBlocks.size()) - firstBatch.get(i);
            for (int k = from; k < locs.size(); k++) {
                int b = locs.get(k)[0];
                // a batch outside the part is reported when the compound's poses are read
                locs.get(k)[0] = b >= 0 && b < batches ? b + firstBatch.get(i) : Integer.MAX_VALUE;
            }
        }
        Path cf = dir.resolve(compoundFiles.get(0));
        this.metadata = meta;
        this.compounds = Collections.unmodifiableList(rows);
        this.batchOf = new int[rows.size()];
        this.offsetOf = new int[rows.size()];
        Map<CompoundKey, Integer> idx = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            batchOf[i] = locs.get(i)[0];
            offsetOf[i] = locs.get(i)[1];
            if (idx.put(rows.get(i).key(), i) != null) {
                throw new InputException(cf + ": compound " + rows.get(i).key() + " appears twice; re-run prepare");
            }
        }
        this.rowOf = idx;
        this.selected = compounds;

        for (int i = 0; i < poseFiles.size(); i++) {
            Path pf = dir.resolve(poseFiles.get(i));
            DatasetMetadata pm = DatasetMetadata.fromSchemaMetadata(
                    posesReaders.get(i).getVectorSchemaRoot().getSchema().getCustomMetadata(), pf.toString());
            if (!pm.equals(metadata)) {
                throw new InputException(pf + ": typing metadata differs from " + cf + "; the files come from"
                        + " different prepare runs");
            }
        }

        Path rf = dir.resolve(DatasetSchema.RECEPTORS_FILE);
        receptorsChannel = FileChannel.open(rf, StandardOpenOption.READ);
        receptorsReader = new ArrowFileReader(receptorsChannel, allocator);
        Map<String, String> rmeta = receptorsReader.getVectorSchemaRoot().getSchema().getCustomMetadata();
        DatasetMetadata.fromSchemaMetadata(rmeta, rf.toString());
        receptorBlocks = List.copyOf(receptorsReader.getRecordBlocks());
        List<String> targets;
        try {
            targets = new ObjectMapper().readValue(rmeta.getOrDefault(DatasetSchema.KEY_RECEPTOR_TARGETS, "[]"),
                    new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new InputException(rf + ": malformed " + DatasetSchema.KEY_RECEPTOR_TARGETS + " metadata", e);
        }
        if (targets.size() != receptorBlocks.size()) {
            throw new InputException(rf + ": " + receptorBlocks.size() + " receptor batches but " + targets.size()
                    + " targets in its metadata; re-run prepare");
        }
        Map<String, Integer> rb = new HashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            rb.put(targets.get(i), i);
        }
        receptorBatch = rb;

        int cap = maxCachedReceptors;
        receptorCache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ReceptorRecord> e) {
                return size() > cap;
            }
        };
    }

    /** Opens a dataset with {@link #DEFAULT_CACHED_RECEPTORS}. */
    public static Dataset open(Path dir) {
        return open(dir, DEFAULT_CACHED_RECEPTORS);
    }

    /**
     * Opens the dataset in {@code dir}; a directory that is not a dataset (or of another format version) is an
     * {@link InputException} naming it.
     *
     * @param maxCachedReceptors decoded receptors kept in memory, ≥ 1
     */
    public static Dataset open(Path dir, int maxCachedReceptors) {
        if (maxCachedReceptors < 1) {
            throw new IllegalArgumentException("maxCachedReceptors must be ≥ 1: " + maxCachedReceptors);
        }
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": no such dataset directory; create one with ./pipeline prepare");
        }
        try {
            return new Dataset(dir, maxCachedReceptors);
        } catch (IOException | InvalidArrowFileException e) {
            throw new InputException(dir + ": cannot read the dataset (" + e.getMessage() + "); re-run prepare", e);
        }
    }

    /**
     * Opens the dataset in {@code dir} as seen through a pose selection: every compound's poses are those the
     * selection keeps (indices unchanged), its {@link CompoundRecord#nPoses()} counts them, and compounds left
     * without a pose are not in {@link #compounds()}. Opening reads every pose once to apply the selection.
     *
     * @throws InputException as {@link #open(Path)}, or when the selection names a score no pose has
     */
    public static Dataset open(Path dir, PoseSelection selection) {
        Dataset ds = open(dir);
        try {
            ds.select(PoseSelector.of(selection));
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return ds;
    }

    private synchronized void select(PoseSelector s) {
        if (s.keepsAll()) {
            return;
        }
        PoseSelectionCounts counts = PoseSelectionCounts.none(s.selection());
        Set<String> scores = new HashSet<>();
        int[] kept = new int[compounds.size()];
        for (int row = 0; row < compounds.size(); row++) {
            List<PoseRecord> poses = posesOfRow(row);
            for (PoseRecord p : poses) {
                scores.addAll(p.scores().keySet());
            }
            PoseSelector.Result r = s.select(poses);
            counts = counts.plus(poses.size(), r);
            kept[row] = r.kept().size(); // the poses themselves are read again on demand
        }
        s.requireScores(scores, dir.toString());
        List<CompoundRecord> view = new ArrayList<>();
        Map<CompoundKey, CompoundRecord> byKey = new HashMap<>();
        for (int row = 0; row < compounds.size(); row++) {
            if (kept[row] > 0) {
                CompoundRecord c = compounds.get(row);
                CompoundRecord v = new CompoundRecord(c.key(), c.label(), c.smiles(), kept[row]);
                view.add(v);
                byKey.put(c.key(), v);
            }
        }
        selector = s;
        selected = Collections.unmodifiableList(view);
        selectedByKey = byKey;
        selectionCounts = counts;
    }

    /** The pose selection this view applies (every pose for {@link #open(Path)}). */
    public PoseSelection selection() {
        return selector.selection();
    }

    /** What the selection kept (poses and compounds before and after). */
    public synchronized PoseSelectionCounts selectionCounts() {
        if (selectionCounts == null) {
            long poses = 0;
            for (CompoundRecord c : compounds) {
                poses += c.nPoses();
            }
            selectionCounts = new PoseSelectionCounts(selector.selection(), compounds.size(), compounds.size(), poses,
                    poses, 0, 0, 0);
        }
        return selectionCounts;
    }

    /** Compounds of the dataset left without a pose by the selection (not in {@link #compounds()}), in key order. */
    public List<CompoundKey> compoundsWithoutSelectedPoses() {
        List<CompoundKey> out = new ArrayList<>();
        if (selectedByKey != null) {
            for (CompoundRecord c : compounds) {
                if (!selectedByKey.containsKey(c.key())) {
                    out.add(c.key());
                }
            }
        }
        return out;
    }

    public Path directory() {
        return dir;
    }

    public DatasetMetadata metadata() {
        return metadata;
    }

    /** All compounds (with a pose the selection keeps) in file order (sorted by key). */
    public List<CompoundRecord> compounds() {
        return selected;
    }

    public Optional<CompoundRecord> compound(CompoundKey key) {
        if (selectedByKey != null) {
            return Optional.ofNullable(selectedByKey.get(key));
        }
        Integer i = rowOf.get(key);
        return i == null ? Optional.empty() : Optional.of(compounds.get(i));
    }

    /** Targets that have compounds, sorted. */
    public SortedSet<String> targets() {
        SortedSet<String> s = new TreeSet<>();
        for (CompoundRecord c : selected) {
            s.add(c.key().target());
        }
        return s;
    }

    /** Targets that have a receptor, sorted. */
    public SortedSet<String> receptorTargets() {
        return new TreeSet<>(receptorBatch.keySet());
    }

    /**
     * The poses of one compound that the selection keeps, sorted by pose index; an unknown key (or one the selection
     * left without poses) is an IllegalArgumentException.
     */
    public synchronized List<PoseRecord> poses(CompoundKey key) {
        Integer i = rowOf.get(key);
        if (i == null || (selectedByKey != null && !selectedByKey.containsKey(key))) {
            throw new IllegalArgumentException("no compound " + key + " in " + dir
                    + (i == null ? "" : " with a pose kept by " + selector.selection().describe()));
        }
        List<PoseRecord> all = posesOfRow(i);
        return selector.keepsAll() ? all : selector.select(all).kept();
    }

    /** A compound with its poses. */
    public synchronized CompoundPoses get(CompoundKey key) {
        return new CompoundPoses(compound(key).orElseThrow(
                () -> new IllegalArgumentException("no compound " + key + " in " + dir)), poses(key));
    }

    /** Every compound with its poses, in file order. */
    @Override
    public Iterator<CompoundPoses> iterator() {
        List<CompoundKey> keys = new ArrayList<>(selected.size());
        for (CompoundRecord c : selected) {
            keys.add(c.key());
        }
        return inOrder(keys).iterator();
    }

    /** The given compounds with their poses, in the given order (e.g. an epoch's shuffled training split). */
    public Iterable<CompoundPoses> inOrder(List<CompoundKey> keys) {
        List<CompoundKey> copy = List.copyOf(keys);
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < copy.size();
            }

            @Override
            public CompoundPoses next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return get(copy.get(next++));
            }
        };
    }

    /** The receptor of a target, or empty when the dataset has none for it. */
    public synchronized Optional<ReceptorRecord> receptor(String target) {
        ReceptorRecord cached = receptorCache.get(target);
        if (cached != null) {
            return Optional.of(cached);
        }
        Integer b = receptorBatch.get(target);
        if (b == null) {
            return Optional.empty();
        }
        VectorSchemaRoot root;
        try {
            receptorsReader.loadRecordBatch(receptorBlocks.get(b));
            root = receptorsReader.getVectorSchemaRoot();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the receptor of " + target + " from " + dir, e);
        }
        ReceptorRecord r = new ReceptorRecord(
                ArrowColumns.getString((VarCharVector) root.getVector(DatasetSchema.TARGET), 0),
                ArrowColumns.getString((VarCharVector) root.getVector(DatasetSchema.SOURCE_FILE), 0),
                ArrowColumns.getFloats((ListVector) root.getVector(DatasetSchema.COORDS), 0),
                ArrowColumns.getShorts((ListVector) root.getVector(DatasetSchema.TYPES), 0),
                ArrowColumns.getFloats((ListVector) root.getVector(DatasetSchema.RADII), 0));
        if (!r.target().equals(target)) {
            throw new InputException(dir.resolve(DatasetSchema.RECEPTORS_FILE) + ": batch " + b + " holds "
                    + r.target() + ", the metadata says " + target + "; re-run prepare");
        }
        receptorCache.put(target, r);
        return Optional.of(r);
    }

    /** Number of record batches in the pose table. */
    public int poseBatchCount() {
        return poseBlocks.size();
    }

    /** How many times a pose batch was read from disk since open (once per batch when iterating in order). */
    public synchronized long poseBatchLoads() {
        return batchLoads;
    }

    /** Receptors currently held decoded in memory (≤ maxCachedReceptors). */
    public synchronized int cachedReceptors() {
        return receptorCache.size();
    }

    /** The rows of rejects.csv (empty when the file is missing). */
    public List<Reject> rejects() {
        Path f = dir.resolve(DatasetSchema.REJECTS_FILE);
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        CsvRows csv = CsvRows.read(f);
        List<Reject> out = new ArrayList<>();
        for (CsvRows.Row row : csv.rows()) {
            List<String> v = row.fields();
            if (v.size() != 4) {
                throw new InputException(f + ": line " + row.line() + ": " + v.size() + " fields, expected 4 ("
                        + Reject.CSV_HEADER + ")");
            }
            out.add(new Reject(v.get(0), v.get(1), v.get(2), v.get(3)));
        }
        return out;
    }

    /**
     * The fingerprint of the Arrow files as they are now, checked against the one prepare recorded in summary.json
     * (one SHA-256 pass over the files: about 2 ms per MB here, so it runs on every train, predict and evaluate).
     *
     * @throws InputException when the files changed after prepare, or summary.json records no fingerprint
     */
    public String verifiedFingerprint() {
        String now = DatasetFingerprint.of(dir);
        Optional<String> recorded = recordedFingerprint();
        if (recorded.isEmpty()) {
            throw new InputException(dir + ": " + DatasetSchema.SUMMARY_FILE + " is missing or records no"
                    + " fingerprint, so the dataset cannot be checked; re-run prepare");
        }
        if (!now.equals(recorded.get())) {
            throw new InputException(dir + ": the Arrow files hash to " + now + ", " + DatasetSchema.SUMMARY_FILE
                    + " records " + recorded.get() + "; the files changed after prepare: re-run prepare");
        }
        return now;
    }

    /** The fingerprint recorded in summary.json, or empty when the file is missing or has none. */
    public Optional<String> recordedFingerprint() {
        Path s = dir.resolve(DatasetSchema.SUMMARY_FILE);
        if (!Files.isRegularFile(s)) {
            return Optional.empty();
        }
        try {
            JsonNode n = new ObjectMapper().readTree(s.toFile()).get("fingerprint");
            return n == null || !n.isTextual() ? Optional.empty() : Optional.of(n.asText());
        } catch (IOException e) {
            throw new InputException(s + ": unreadable summary (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public synchronized void close() {
        receptorCache.clear();
        try {
            for (ArrowFileReader r : posesReaders) {
                r.close();
            }
            receptorsReader.close();
            for (FileChannel ch : posesChannels) {
                ch.close();
            }
            receptorsChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            allocator.close();
        }
    }

    /** An Arrow IPC file starts and ends with the magic "ARROW1"; anything else is a truncated or foreign file. */
    private static void checkArrowFile(Path f) throws IOException {
        byte[] magic = "ARROW1".getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(magic.length);
            ByteBuffer tail = ByteBuffer.allocate(magic.length);
            boolean ok = size >= 2L * magic.length && ch.read(head, 0) == magic.length
                    && ch.read(tail, size - magic.length) == magic.length
                    && Arrays.equals(head.array(), magic) && Arrays.equals(tail.array(), magic);
            if (!ok) {
                throw new InputException(f + ": not a complete Arrow IPC file (truncated, changed or not written by"
                        + " prepare); re-run ./pipeline prepare");
            }
        }
    }

    private List<PoseRecord> posesOfRow(int row) {
        int b = batchOf[row];
        if (b < 0 || b >= poseBlocks.size()) {
            throw new InputException(dir + ": the compound table names a pose batch that does not exist (the pose"
                    + " table has " + poseBlocks.size() + "); re-run prepare");
        }
        VectorSchemaRoot root;
        ArrowFileReader reader = posesReaders.get(readerOf[b]);
        try {
            if (b != loadedPoseBatch) {
                loadedPoseBatch = -1;
                reader.loadRecordBatch(poseBlocks.get(b));
                loadedPoseBatch = b;
                batchLoads++;
            }
            root = reader.getVectorSchemaRoot();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pose batch " + b + " of " + dir, e);
        }
        CompoundKey key = compounds.get(row).key();
        int from = offsetOf[row];
        int to = from + compounds.get(row).nPoses();
        VarCharVector target = (VarCharVector) root.getVector(DatasetSchema.TARGET);
        VarCharVector id = (VarCharVector) root.getVector(DatasetSchema.COMPOUND_ID);
        if (to > root.getRowCount() || !sameKey(key, target, id, from) || !sameKey(key, target, id, to - 1)) {
            throw new InputException(dir.resolve(poseFiles.get(readerOf[b])) + ": the poses of " + key
                    + " are not where the compound table says (batch " + b + ", offset " + from + "); re-run prepare");
        }
        IntVector poseIndex = (IntVector) root.getVector(DatasetSchema.POSE_INDEX);
        VarCharVector sourceFile = (VarCharVector) root.getVector(DatasetSchema.SOURCE_FILE);
        IntVector sourceRecord = (IntVector) root.getVector(DatasetSchema.SOURCE_RECORD);
        ListVector coords = (ListVector) root.getVector(DatasetSchema.COORDS);
        ListVector types = (ListVector) root.getVector(DatasetSchema.TYPES);
        ListVector radii = (ListVector) root.getVector(DatasetSchema.RADII);
        MapVector scores = (MapVector) root.getVector(DatasetSchema.SCORES);
        List<PoseRecord> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(new PoseRecord(key, poseIndex.get(i), ArrowColumns.getString(sourceFile, i), sourceRecord.get(i),
                    ArrowColumns.getFloats(coords, i), ArrowColumns.getShorts(types, i),
                    ArrowColumns.getFloats(radii, i), ArrowColumns.getScores(scores, i)));
        }
        return Collections.unmodifiableList(out);
    }

    private static boolean sameKey(CompoundKey key, VarCharVector target, VarCharVector id, int row) {
        return ArrowColumns.getString(target, row).equals(key.target())
                && ArrowColumns.getString(id, row).equals(key.compoundId());
    }

    private static void readCompounds(VectorSchemaRoot root, List<CompoundRecord> rows, List<int[]> locs) {
        VarCharVector target = (VarCharVector) root.getVector(DatasetSchema.TARGET);
        VarCharVector id = (VarCharVector) root.getVector(DatasetSchema.COMPOUND_ID);
        BitVector hasLabel = (BitVector) root.getVector(DatasetSchema.HAS_LABEL);
        Float8Vector pk = (Float8Vector) root.getVector(DatasetSchema.PK);
        VarCharVector measure = (VarCharVector) root.getVector(DatasetSchema.MEASURE);
        VarCharVector qualifier = (VarCharVector) root.getVector(DatasetSchema.QUALIFIER);
        Float8Vector sigma = (Float8Vector) root.getVector(DatasetSchema.SIGMA_PK);
        IntVector nMeas = (IntVector) root.getVector(DatasetSchema.N_MEASUREMENTS);
        DateDayVector date = (DateDayVector) root.getVector(DatasetSchema.DATE);
        VarCharVector smiles = (VarCharVector) root.getVector(DatasetSchema.SMILES);
        IntVector nPoses = (IntVector) root.getVector(DatasetSchema.N_POSES);
        IntVector batch = (IntVector) root.getVector(DatasetSchema.POSE_BATCH);
        IntVector offset = (IntVector) root.getVector(DatasetSchema.POSE_OFFSET);
        for (int i = 0; i < root.getRowCount(); i++) {
            CompoundKey key = new CompoundKey(ArrowColumns.getString(target, i), ArrowColumns.getString(id, i));
            Optional<AffinityLabel> label = Optional.empty();
            if (hasLabel.get(i) == 1) {
                String m = ArrowColumns.getString(measure, i);
                String q = ArrowColumns.getString(qualifier, i);
                label = Optional.of(new AffinityLabel(key,
                        Measure.fromLabel(m).orElseThrow(() -> new InputException("compound table: unknown measure '"
                                + m + "' for " + key)),
                        pk.get(i),
                        Qualifier.fromSymbol(q).orElseThrow(() -> new InputException(
                                "compound table: unknown qualifier '" + q + "' for " + key)),
                        sigma.isNull(i) ? OptionalDouble.empty() : OptionalDouble.of(sigma.get(i)),
                        nMeas.get(i),
                        date.isNull(i) ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(date.get(i)))));
            }
            rows.add(new CompoundRecord(key, label, smiles.isNull(i) ? "" : ArrowColumns.getString(smiles, i),
                    nPoses.get(i)));
            locs.add(new int[] {batch.get(i), offset.get(i)});
        }
    }
}
