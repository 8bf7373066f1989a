package org.multipose.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.multipose.base.InputException;
import org.multipose.base.Reject;
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
 * The parsing and typing unit of {@code prepare}: a run of SD records (or a whole MOL2 file) → one
 * {@link ParsedRecord} per record, with its typed pose when it was read, plus the rejects; and a target's receptor →
 * its typed atoms. {@link Preparer} runs these on its worker threads, the Spark job on its executors, so both
 * parse and type every record with the same code. Thread-safe.
 *
 * <p>SD files are cut into runs of {@value #RECORDS_PER_RUN} records counted from the file's first record
 * ({@link #runs}); which records get a SMILES depends on the run ({@link SmilesPolicy#FIRST_PER_COMPOUND}), so
 * anyone parsing part of a file must cut the same runs.
 */
public final class PoseParser {

    /** SD records per run. Fixed, so the result depends neither on the number of workers nor on the machines. */
    public static final int RECORDS_PER_RUN = 32;

    private static final Pattern RECORD_NUMBER = Pattern.compile("^record (\\d+)");

    private final AtomTyper typer;
    private final int receptorChannels;

    public PoseParser(AtomTyper typer) {
        this.typer = Objects.requireNonNull(typer, "typer");
        this.receptorChannels = typer.spec().receptorChannels().size();
    }

    /** Why one pose record is skipped after it was read; the message is the reject reason. */
    static final class PoseProblem extends Exception {
        private static final long serialVersionUID = 1L;

        PoseProblem(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The records cut into runs of {@value #RECORDS_PER_RUN}, the first starting with the first record given. */
    public static List<List<RecordText>> runs(List<RecordText> records) {
        List<List<RecordText>> out = new ArrayList<>();
        for (int from = 0; from < records.size(); from += RECORDS_PER_RUN) {
            out.add(records.subList(from, Math.min(records.size(), from + RECORDS_PER_RUN)));
        }
        return out;
    }

    /**
     * Parses and types a run of SD records of {@code path}.
     *
     * @param stored the file's name as the dataset stores it
     * @param ids    where compound ids come from
     * @param tag    the pose-index tag ("" for none)
     * @param bytes  the run's share of the file's bytes (reported back, for progress)
     */
    public ParsedRun sdRun(Path path, String stored, String target, List<RecordText> run, CompoundIdRule ids,
            String tag, long bytes) {
        return typed(path, stored, target, parseRun(run, path, ids), wheres(run), tag, ids, run.size(), bytes);
    }

    /** Parses and types a whole MOL2 file; a file that cannot be read is one reject. */
    public ParsedRun mol2(Path path, String stored, String target, CompoundIdRule ids, String tag, long bytes) {
        ReadResult<Molecule> rr;
        try {
            rr = LigandReader.read(path, ids);
        } catch (InputException e) {
            return new ParsedRun(target, List.of(), List.of(unreadable(path, e)), 0, bytes);
        }
        return typed(path, stored, target, rr, Map.of(), tag, ids, countRecords(rr), bytes);
    }

    /** The reject of a pose file that cannot be read. */
    public static Reject unreadable(Path path, InputException e) {
        return new Reject(path.toString(), "", "", "unreadable file: " + e.getMessage());
    }

    /** The reject of a pose file that holds nothing. */
    public static Reject empty(Path path) {
        return new Reject(path.toString(), "", "", "the file is empty");
    }

    /** Reads and types a target's receptor (not cropped: the grid crops per pose). */
    public TypedReceptor receptor(String target, Path file) {
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
                t.radii()), rr.rejects(), notes);
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
    private ParsedRun typed(Path path, String stored, String target, ReadResult<Molecule> rr,
            Map<Integer, String> wheres, String tag, CompoundIdRule ids, int records, long bytes) {
        String file = path.toString();
        List<ParsedRecord> items = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        for (Reject r : rr.rejects()) {
            rejects.add(r);
            items.add(new ParsedRecord(recordNumber(r.record()), r.compound(), null));
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
                items.add(new ParsedRecord(m.record(), id, new ParsedPose(id, file, stored, m.record(), where,
                        tagIndex, t.coords(), types, t.radii(), scores(m, tag, ids), m.smiles())));
            } catch (PoseProblem e) {
                rejects.add(new Reject(file, where, id, e.getMessage()));
                items.add(new ParsedRecord(m.record(), id, null));
            } catch (RuntimeException e) {
                rejects.add(new Reject(file, where, id, "typing failed: " + e));
                items.add(new ParsedRecord(m.record(), id, null));
            }
        }
        items.sort(Comparator.comparingInt(ParsedRecord::record));
        return new ParsedRun(target, items, rejects, records, bytes);
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
}
