package org.multipose.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.multipose.base.InputException;

/**
 * Which split every compound is in: each compound in exactly one of train, val, test. Saved with a run as a CSV
 * file with the header {@code target,compound_id,split}, one row per compound sorted by key — the same format a
 * user writes for a manual split.
 */
public final class SplitAssignment {

    /** Header of a split file. */
    public static final String CSV_HEADER = "target,compound_id,split";

    private final SortedMap<CompoundKey, Split> splits;

    private SplitAssignment(SortedMap<CompoundKey, Split> splits) {
        this.splits = Collections.unmodifiableSortedMap(splits);
    }

    /** An assignment of the given compounds. */
    public static SplitAssignment of(Map<CompoundKey, Split> splits) {
        return new SplitAssignment(new TreeMap<>(splits));
    }

    /** Every compound with its split, sorted by key. */
    public SortedMap<CompoundKey, Split> asMap() {
        return splits;
    }

    public int size() {
        return splits.size();
    }

    /** The split of a compound, or empty when it is not in this assignment. */
    public Optional<Split> find(CompoundKey key) {
        return Optional.ofNullable(splits.get(key));
    }

    /** The compounds of one split, sorted by key. */
    public List<CompoundKey> members(Split split) {
        List<CompoundKey> out = new ArrayList<>();
        for (Map.Entry<CompoundKey, Split> e : splits.entrySet()) {
            if (e.getValue() == split) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Number of compounds per split (all three splits present, possibly 0). */
    public Map<Split, Integer> counts() {
        Map<Split, Integer> m = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            m.put(s, 0);
        }
        for (Split s : splits.values()) {
            m.merge(s, 1, Integer::sum);
        }
        return m;
    }

    /** The split file's text: header and one row per compound in key order, RFC 4180 quoting where needed. */
    public String toCsv() {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (Map.Entry<CompoundKey, Split> e : splits.entrySet()) {
            b.append(CsvRows.quote(e.getKey().target())).append(',')
                    .append(CsvRows.quote(e.getKey().compoundId())).append(',')
                    .append(e.getValue().label()).append('\n');
        }
        return b.toString();
    }

    /** Writes {@link #toCsv()} to {@code file}. */
    public void write(Path file) {
        try {
            Files.writeString(file, toCsv(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the split file " + file, e);
        }
    }

    /**
     * Reads a split file and checks it against the dataset's compounds: every row names a compound of the dataset
     * once, with a split train/val/test, and every compound of the dataset has a row. Any violation is an
     * {@link InputException} naming the file, the line and the fix.
     */
    public static SplitAssignment read(Path file, Collection<CompoundKey> datasetCompounds) {
        return read(file, datasetCompounds, List.of());
    }

    /**
     * Reads a split file (header {@code target}, {@code compound_id} — or {@code id} — and {@code split}, in any
     * order) and checks it against the dataset: every row names a compound of the dataset once, with a split
     * train/val/test, and every compound of {@code scored} has a row. Rows naming a compound of {@code unscored}
     * (in the dataset but not scored: no label, or no pose left after pose selection) are accepted and left out of
     * the assignment, so one split file serves a dataset with and without its unlabelled compounds. Any violation
     * is an {@link InputException} naming the file, the line and the fix.
     */
    public static SplitAssignment read(Path file, Collection<CompoundKey> scored, Collection<CompoundKey> unscored) {
        return parse(file, scored, unscored, true);
    }

    /**
     * Every row of a split file, whatever the dataset (a run's saved split, read to label predictions on a dataset
     * view that may hold fewer or more compounds than were split); malformed rows, unknown split names and
     * duplicates are still errors.
     */
    public static SplitAssignment readAll(Path file) {
        return parse(file, List.of(), List.of(), false);
    }

    private static SplitAssignment parse(Path file, Collection<CompoundKey> scored, Collection<CompoundKey> unscored,
            boolean checkDataset) {
        CsvRows csv = CsvRows.read(file);
        String header = "the split file's header (target,compound_id,split; the id column may be named id)";
        int t = csv.requireColumn("target", header);
        boolean hasCompoundId = csv.column("compound_id").isPresent();
        boolean hasId = csv.column("id").isPresent();
        if (hasCompoundId && hasId) {
            throw new InputException(file + ": the header has both compound_id and id; keep one column of compound"
                    + " ids");
        }
        int c = csv.requireColumn(hasId ? "id" : "compound_id", header);
        String idColumn = hasId ? "id" : "compound_id";
        int s = csv.requireColumn("split", header);
        Set<CompoundKey> known = new HashSet<>(scored);
        Set<CompoundKey> skipped = new HashSet<>(unscored);
        Map<CompoundKey, Integer> lineOf = new HashMap<>();
        SortedMap<CompoundKey, Split> out = new TreeMap<>();
        for (CsvRows.Row row : csv.rows()) {
            String where = file + ": line " + row.line() + ": ";
            List<String> f = row.fields();
            if (f.size() != csv.header().size()) {
                throw new InputException(where + f.size() + " fields, the header has " + csv.header().size()
                        + "; quote fields that contain commas");
            }
            String target = f.get(t).trim();
            String id = f.get(c).trim();
            if (target.isEmpty() || id.isEmpty()) {
                throw new InputException(where + "empty target or " + idColumn + "; every row names one compound");
            }
            CompoundKey key = new CompoundKey(target, id);
            String name = f.get(s);
            Split split = Split.parse(name).orElseThrow(() -> new InputException(where + "split '" + name
                    + "' is not one of train, val, test"));
            Integer before = lineOf.put(key, row.line());
            if (before != null) {
                throw new InputException(where + "compound " + key + " already has a split on line " + before
                        + "; a compound belongs to exactly one split");
            }
            if (skipped.contains(key)) {
                continue; // in the dataset, not scored
            }
            if (checkDataset && !known.contains(key)) {
                throw new InputException(where + "compound " + key + " is not in the dataset; remove the row or"
                        + " check the target and " + idColumn + " spelling");
            }
            out.put(key, split);
        }
        List<CompoundKey> missing = new ArrayList<>();
        for (CompoundKey k : checkDataset ? new TreeSet<>(scored) : new TreeSet<CompoundKey>()) {
            if (!out.containsKey(k)) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            throw new InputException(file + ": " + missing.size() + " compound(s) of the dataset have no split"
                    + " (first: " + String.join(", ", missing.subList(0, Math.min(5, missing.size())).stream()
                            .map(CompoundKey::toString).toList())
                    + "); give every compound a row");
        }
        return new SplitAssignment(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SplitAssignment a && splits.equals(a.splits);
    }

    @Override
    public int hashCode() {
        return splits.hashCode();
    }

    @Override
    public String toString() {
        return "SplitAssignment" + counts();
    }
}
