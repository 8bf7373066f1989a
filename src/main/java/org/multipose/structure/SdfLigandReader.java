package org.multipose.structure;

import static org.multipose.structure.RejectCategory.BAD_BOND;
import static org.multipose.structure.RejectCategory.BAD_COUNTS_LINE;
import static org.multipose.structure.RejectCategory.EMPTY_RECORD;
import static org.multipose.structure.RejectCategory.MALFORMED_ATOM_LINE;
import static org.multipose.structure.RejectCategory.MALFORMED_BOND_LINE;
import static org.multipose.structure.RejectCategory.NO_ATOMS;
import static org.multipose.structure.RejectCategory.NO_COMPOUND_ID;
import static org.multipose.structure.RejectCategory.TRUNCATED_RECORD;
import static org.multipose.structure.RejectCategory.UNREADABLE_RECORD;
import static org.multipose.structure.RejectCategory.UNSUPPORTED_BOND_TYPE;
import static org.multipose.structure.RejectCategory.V3000;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.multipose.base.Reject;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.IChemObjectReader;
import org.openscience.cdk.io.MDLV2000Reader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;

/**
 * Reads every record of a multi-record SD file (V2000 molfiles separated by {@code $$$$}) into {@link Molecule}s,
 * keeping the SD data items (docking scores, RMSDs) as properties.
 *
 * <p>Why not CDK's {@code IteratingSDFReader}: on a bad record it stops (or, with skipping on, drops records
 * silently) and reports neither the record number nor the reason, and a record with free-format (short) atom lines
 * yields nothing at all. So the file is split at the {@code $$$$} lines here, each record is checked for the
 * fixed-width layout (counts line, atom and bond lines) and then parsed alone by CDK's {@code MDLV2000Reader}, the
 * parser {@code IteratingSDFReader} itself uses. A bad record becomes a {@link Reject} naming its number and line;
 * the records after it still load.
 */
public final class SdfLigandReader {

    static {
        CdkLogging.install();
    }

    /** Shortest V2000 atom line CDK can use: x, y, z in columns 1-30, the element in columns 32-34. */
    static final int MIN_ATOM_LINE = 34;

    private SdfLigandReader() {}

    /**
     * Reads all records of an SD file.
     *
     * @throws org.multipose.base.InputException when the file is missing or unreadable
     */
    public static ReadResult<Molecule> read(Path file, CompoundIdRule ids) {
        return parse(TextFile.read(file, "ligand file"), file, ids);
    }

    /** Reads the records of SD text that came from {@code file} (used for names and the compound id). */
    public static ReadResult<Molecule> parse(String text, Path file, CompoundIdRule ids) {
        List<RecordText> records = split(text);
        if (records.isEmpty()) {
            return new ReadResult<>(List.of(), List.of(new Reject(file.toString(), "", "", "the file is empty")));
        }
        return parse(records, file, ids, SmilesPolicy.EVERY_RECORD);
    }

    /**
     * One record of an SD file as text, before parsing: what {@link #split} cuts and {@link #parse(List, Path,
     * CompoundIdRule, SmilesPolicy)} reads. Callers that parse one file on several threads split it once and hand
     * out runs of records; record numbers and line numbers stay those of the whole file.
     *
     * @param number    1-based record number in the file
     * @param firstLine 1-based line number of the record's first (title) line in the file
     * @param text      the record's text up to (not including) its closing {@code $$$$} line
     */
    public record RecordText(int number, int firstLine, String text) {

        public RecordText {
            java.util.Objects.requireNonNull(text, "text");
        }

        /** The record's lines, without line terminators (computed on each call). */
        public List<String> lines() {
            return CdkMolecules.lines(text);
        }

        /** The title line, trimmed ("" for an empty record). */
        public String title() {
            int nl = text.indexOf('\n');
            return (nl < 0 ? text : text.substring(0, nl)).trim();
        }

        /** True when the record has no non-blank line (an empty record between two {@code $$$$} lines). */
        public boolean isBlank() {
            return text.isBlank();
        }

        /** "record N (line M)", as rejects name a record. */
        public String where() {
            return "record " + number + " (line " + firstLine + ")";
        }
    }

    /**
     * Reads an SD file (gzip-compressed when named {@code .gz}) and cuts it into records at the {@code $$$$} lines.
     *
     * @return the records in file order; empty exactly when the file holds nothing but whitespace
     * @throws org.multipose.base.InputException when the file is missing or unreadable
     */
    public static List<RecordText> split(Path file) {
        return split(TextFile.read(file, "ligand file"));
    }

    /**
     * Cuts SD text into records at the {@code $$$$} lines. Whitespace after the last {@code $$$$} is not a record;
     * a blank record between two {@code $$$$} lines is (and {@link #parse(List, Path, CompoundIdRule, SmilesPolicy)}
     * rejects it).
     *
     * @return the records in order; empty exactly when the text holds nothing but whitespace
     */
    public static List<RecordText> split(String text) {
        // Only the record boundaries are found here (one pass, no per-line strings); lines are cut later, by
        // whichever thread parses the record.
        List<RecordText> out = new ArrayList<>();
        int len = text.length();
        int pos = 0; // start of the current line
        int line = 1; // its 1-based number
        int recordStart = 0;
        int recordLine = 1;
        while (pos < len) {
            int nl = text.indexOf('\n', pos);
            int next = nl < 0 ? len : nl + 1;
            if (text.startsWith("$$$$", pos)) {
                out.add(new RecordText(out.size() + 1, recordLine, text.substring(recordStart, pos)));
                recordStart = next;
                recordLine = line + 1;
            }
            pos = next;
            line++;
        }
        if (recordStart < len) {
            String rest = text.substring(recordStart);
            if (!rest.isBlank()) { // trailing whitespace after the last $$$$ is not a record
                out.add(new RecordText(out.size() + 1, recordLine, rest));
            }
        }
        return out;
    }

    /**
     * Parses records cut by {@link #split}: each is checked and read alone, a bad one becomes a {@link Reject}
     * naming its number and first line. Thread-safe (nothing is shared between calls), so runs of records of one
     * file can be parsed in parallel.
     *
     * @param records records of {@code file}, in file order
     * @param file    the file they came from (names, and the compound id for the file and folder rules)
     * @param smiles  which records get a SMILES (the costliest step after parsing itself)
     */
    public static ReadResult<Molecule> parse(List<RecordText> records, Path file, CompoundIdRule ids,
            SmilesPolicy smiles) {
        String name = file.toString();
        List<Molecule> items = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        // One CDK reader for the run: building one per record costs as much as a fifth of the parse
        // (IteratingSDFReader reuses its reader the same way).
        MDLV2000Reader reader = new MDLV2000Reader(new StringReader(""), IChemObjectReader.Mode.RELAXED);
        Set<String> withSmiles = new HashSet<>();
        for (RecordText rec : records) {
            if (rec.isBlank()) {
                rejects.add(new Reject(name, rec.where(), "", EMPTY_RECORD.reason("nothing between two $$$$ lines")));
                continue;
            }
            try {
                items.add(parseRecord(reader, rec, file, ids, smiles, withSmiles));
            } catch (RecordProblem p) {
                rejects.add(new Reject(name, rec.where(), ids.idForReject(file, rec.title()), p.getMessage()));
            }
        }
        return new ReadResult<>(items, rejects);
    }

    private static Molecule parseRecord(MDLV2000Reader reader, RecordText rec, Path file, CompoundIdRule ids,
            SmilesPolicy smiles, Set<String> withSmiles) throws RecordProblem {
        checkLayout(rec.lines(), rec.firstLine());
        int record = rec.number();
        IAtomContainer m;
        try {
            String text = rec.text().endsWith("\n") ? rec.text() : rec.text() + "\n";
            reader.setReader(new BufferedReader(new StringReader(text), text.length()));
            m = reader.read(SilentChemObjectBuilder.getInstance().newAtomContainer());
        } catch (CDKException | RuntimeException e) {
            throw new RecordProblem(UNREADABLE_RECORD, "CDK could not read the molfile: " + CdkMolecules.clean(e));
        }
        if (m == null) {
            throw new RecordProblem(UNREADABLE_RECORD, "CDK read no molecule from the record");
        }
        String title = m.getTitle() == null ? "" : m.getTitle().trim();
        CdkMolecules.complete(m);
        Map<String, String> properties = CdkMolecules.properties(m);
        String id = ids.idFor(file, title, properties);
        if (id.isBlank()) {
            throw new RecordProblem(NO_COMPOUND_ID, ids.missingReason());
        }
        boolean wantSmiles = smiles == SmilesPolicy.EVERY_RECORD || withSmiles.add(id);
        return CdkMolecules.toMolecule(m, file.toString(), record, title, id, properties, wantSmiles);
    }

    /**
     * Checks what CDK is lenient or cryptic about: the counts line, the fixed-width atom lines and the bond atom
     * indices. Line numbers in messages are the file's.
     */
    static void checkLayout(List<String> rec, int firstLine) throws RecordProblem {
        if (rec.size() < 4) {
            throw new RecordProblem(TRUNCATED_RECORD, "the record ends after " + rec.size()
                    + " line(s), before the counts line (line 4 of a molfile)");
        }
        String counts = rec.get(3);
        int countsLine = firstLine + 3;
        if (counts.contains("V3000")) {
            throw new RecordProblem(V3000, "not supported; write V2000 (e.g. obabel in.sdf -O out.sdf)");
        }
        int atoms = fixedInt(counts, 0, 3);
        int bonds = fixedInt(counts, 3, 6);
        if (atoms < 0 || bonds < 0) {
            throw new RecordProblem(BAD_COUNTS_LINE, "line " + countsLine + " is not a counts line (atom and bond"
                    + " counts in columns 1-3 and 4-6): '" + shorten(counts) + "'; is the header (title, program,"
                    + " comment) missing a line?");
        }
        if (atoms == 0) {
            throw new RecordProblem(NO_ATOMS, "the counts line (line " + countsLine + ") declares no atoms");
        }
        if (rec.size() < 4 + atoms + bonds) {
            throw new RecordProblem(TRUNCATED_RECORD, "the counts line (line " + countsLine + ") declares " + atoms
                    + " atoms and " + bonds + " bonds but the record has only " + (rec.size() - 4) + " lines after it");
        }
        for (int a = 0; a < atoms; a++) {
            String line = rec.get(4 + a);
            if (line.length() < MIN_ATOM_LINE) {
                throw new RecordProblem(MALFORMED_ATOM_LINE, "atom line " + (countsLine + 1 + a) + " (atom " + (a + 1)
                        + ") is " + line.length() + " characters long: V2000 atom lines are fixed-width (x, y, z in"
                        + " columns 1-30, element in 32-34), this looks like free-format spacing");
            }
        }
        for (int b = 0; b < bonds; b++) {
            String line = rec.get(4 + atoms + b);
            int lineNo = countsLine + 1 + atoms + b;
            int i = fixedInt(line, 0, 3);
            int j = fixedInt(line, 3, 6);
            int order = fixedInt(line, 6, 9);
            if (i < 0 || j < 0 || order < 0) {
                throw new RecordProblem(MALFORMED_BOND_LINE, "bond line " + lineNo + " (bond " + (b + 1) + ") does not"
                        + " hold two atom numbers and a bond type in columns 1-3, 4-6, 7-9: '" + shorten(line) + "'");
            }
            if (i < 1 || i > atoms || j < 1 || j > atoms) {
                throw new RecordProblem(BAD_BOND, "bond line " + lineNo + " (bond " + (b + 1) + ") joins atoms " + i
                        + " and " + j + " but the record has atoms 1.." + atoms);
            }
            if (order > 4) {
                throw new RecordProblem(UNSUPPORTED_BOND_TYPE, "bond line " + lineNo + " (bond " + (b + 1)
                        + ") has query bond type " + order + "; a pose needs bond types 1, 2, 3 or 4 (aromatic)");
            }
        }
    }

    /** The integer in columns [from, to) (0-based, end exclusive), or -1 when blank or not a number. */
    static int fixedInt(String line, int from, int to) {
        if (line.length() < to) {
            if (line.length() <= from) {
                return -1;
            }
            to = line.length();
        }
        String s = line.substring(from, to).trim();
        if (s.isEmpty()) {
            return -1;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
