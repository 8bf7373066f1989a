package org.multipose.structure;

import static org.multipose.structure.RejectCategory.MALFORMED_ATOM_LINE;
import static org.multipose.structure.RejectCategory.NO_ELEMENT;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.multipose.base.InputException;
import org.multipose.base.Reject;
import org.openscience.cdk.config.Elements;

/**
 * Reads a receptor from a PDB (or PDBQT) file with a strict fixed-column parser of ATOM/HETATM records.
 *
 * <p>Why hand-written, measured on the 15 plb receptors (docs/guide/structures-and-typing.md, docs/benchmarks.md
 * "Receptor reading"): CDK's {@code PDBReader} returns nothing for a file without an {@code END} line and is slow
 * (STACK.md). BioJava 7.2.4 reads the same atoms (identical coordinates and elements on all 15 files) but took
 * 3.6x longer warm (135 ms vs 37 ms for the 15 files) and 2.6-3.7 s vs 0.2-0.3 s for one file in a fresh JVM,
 * because it tries to download chemical-component definitions from files.rcsb.org at run time; a malformed
 * coordinate makes it throw for the whole file without a line number; and it pulls ~30 jars (log4j-core, an older
 * Jackson, JAXB, and a dependency that resolves only from a non-Central repository unless excluded). The PDB format
 * is fixed-column; reading exactly those columns is a short loop whose every rule is tested here.
 *
 * <p>What it does: reads the first MODEL only; stops at {@code END} (and does not need it); keeps the first
 * alternate location of each atom (the first altloc letter met for that chain/residue/atom name); drops waters
 * unless asked; keeps or drops hydrogens by option; always keeps metals; keeps or drops other HETATM groups by
 * option (caps ACE/NME/NH2 written as HETATM count as protein). The element comes from columns 77-78, else from the
 * atom name by the PDB alignment rule (a name starting in column 14 has a one-letter element; in column 13, a
 * HETATM name such as {@code ZN} or {@code CL1} has a two-letter one, and a four-character name starting with H is
 * a hydrogen). In a {@code .pdbqt} file columns 78-79 hold the AutoDock type (A, OA, NA, HD, SA, ...), which is
 * mapped back to the element. A malformed atom line (short line, non-numeric coordinate or residue number, unknown
 * element) is skipped and reported as a reject naming its line; the other atoms load.
 */
public final class PdbReceptorReader {

    /** Residue names treated as water. */
    public static final Set<String> WATER_NAMES =
            Set.of("HOH", "WAT", "H2O", "DOD", "D2O", "TIP", "TIP3", "TIP4", "TP3", "T3P", "T4P", "SPC", "SOL");

    /** Caps written as HETATM by preparation tools; part of the protein, never dropped as "hetero groups". */
    public static final Set<String> CAP_NAMES = Set.of("ACE", "NME", "NMA", "NH2");

    private PdbReceptorReader() {}

    /**
     * Reads a receptor.
     *
     * @throws InputException when the file is missing, unreadable, mmCIF, or holds no usable atoms
     */
    public static ReceptorRead read(Path file, ReceptorOptions options) {
        String lower = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".cif") || lower.endsWith(".cif.gz") || lower.endsWith(".mmcif")) {
            throw new InputException("receptor " + file + " is mmCIF, which is not read; convert it to PDB"
                    + " (e.g. gemmi convert in.cif out.pdb, or obabel in.cif -O out.pdb)");
        }
        boolean pdbqt = lower.endsWith(".pdbqt") || lower.endsWith(".pdbqt.gz");
        return parse(TextFile.read(file, "receptor"), file.toString(), options, pdbqt);
    }

    /**
     * Parses PDB text.
     *
     * @param source name used in messages and stored in the receptor
     * @param pdbqt  true when columns 78-79 hold AutoDock types instead of elements
     * @throws InputException when no atoms remain
     */
    public static ReceptorRead parse(String text, String source, ReceptorOptions options, boolean pdbqt) {
        Builder b = new Builder();
        List<Reject> rejects = new ArrayList<>();
        Set<String> altlocSeen = new HashSet<>();
        int waters = 0;
        int hydrogens = 0;
        int altlocs = 0;
        int hetero = 0;
        int laterModels = 0;
        int models = 0;
        boolean pastFirstModel = false;
        boolean anyAtomLine = false;
        int lineNo = 0;
        int pos = 0;
        int len = text.length();
        while (pos < len) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? len : nl;
            int stop = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
            String line = text.substring(pos, stop);
            pos = end + 1;
            lineNo++;
            boolean atom = line.startsWith("ATOM  ") || line.startsWith("HETATM");
            if (!atom) {
                if (line.startsWith("MODEL ") || line.equals("MODEL")) {
                    models++;
                    pastFirstModel = models > 1;
                } else if (line.startsWith("ENDMDL")) {
                    pastFirstModel = true;
                } else if (line.startsWith("END") && line.substring(3).isBlank()) {
                    break; // only END itself: PDBQT files also have END_RES, ENDROOT, ENDBRANCH
                }
                continue;
            }
            anyAtomLine = true;
            if (pastFirstModel) {
                laterModels++;
                continue;
            }
            boolean het = line.charAt(0) == 'H';
            if (line.length() < 54) {
                rejects.add(new Reject(source, "line " + lineNo, "", MALFORMED_ATOM_LINE.reason(
                        "the line is " + line.length() + " characters long; PDB coordinates occupy columns 31-54"
                                + " (fixed columns, not spaces)")));
                continue;
            }
            String name4 = line.substring(12, 16);
            String atomName = name4.trim();
            char altloc = line.charAt(16);
            String resName = line.substring(17, 21).trim();
            String chain = String.valueOf(line.charAt(21));
            char icode = line.charAt(26);
            String resSeqText = line.substring(22, 26).trim();
            int resSeq;
            try {
                resSeq = Integer.parseInt(resSeqText);
            } catch (NumberFormatException e) {
                rejects.add(new Reject(source, "line " + lineNo, "", MALFORMED_ATOM_LINE.reason(
                        "residue number (columns 23-26) '" + resSeqText + "' is not an integer")));
                continue;
            }
            float x;
            float y;
            float z;
            try {
                x = coordinate(line, 30, 38, "x", "31-38");
                y = coordinate(line, 38, 46, "y", "39-46");
                z = coordinate(line, 46, 54, "z", "47-54");
            } catch (IllegalArgumentException e) {
                rejects.add(new Reject(source, "line " + lineNo, "",
                        MALFORMED_ATOM_LINE.reason(e.getMessage())));
                continue;
            }
            int element = pdbqt ? pdbqtElement(line) : columnElement(line);
            if (element <= 0) {
                element = nameElement(name4, het);
            }
            if (element <= 0) {
                String col = line.length() >= 78 ? line.substring(76, 78).trim() : "";
                rejects.add(new Reject(source, "line " + lineNo, "", NO_ELEMENT.reason("columns 77-78"
                        + " ('" + col + "') and atom name '" + atomName + "' name none")));
                continue;
            }
            if (altloc != ' ') {
                String key = chain + '|' + resSeq + '|' + icode + '|' + atomName;
                if (!altlocSeen.add(key)) {
                    altlocs++;
                    continue;
                }
            }
            if (WATER_NAMES.contains(resName)) {
                if (!options.keepWaters()) {
                    waters++;
                    continue;
                }
            } else if (het && !options.keepHeteroGroups() && !Elements.isMetal(element)
                    && !CAP_NAMES.contains(resName)) {
                hetero++;
                continue;
            }
            if (element == 1 && !options.keepHydrogens()) {
                hydrogens++;
                continue;
            }
            b.add(x, y, z, element, charge(line), atomName, resName, resSeq, icode, chain, het, lineNo);
        }
        if (b.n == 0) {
            String why = !anyAtomLine ? "has no ATOM/HETATM lines; is it a PDB file?"
                    : "has no usable atoms left (" + rejects.size() + " bad lines, " + waters + " water atoms"
                            + " dropped)" + (rejects.isEmpty() ? "" : "; first problem: " + rejects.get(0).record()
                            + ": " + rejects.get(0).reason());
            throw new InputException("receptor " + source + " " + why);
        }
        return new ReceptorRead(b.build(source), rejects, waters, hydrogens, altlocs, hetero, laterModels);
    }

    private static float coordinate(String line, int from, int to, String axis, String cols) {
        String s = line.substring(from, to).trim();
        float v;
        try {
            v = Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(axis + " coordinate (columns " + cols + ") '" + s + "' is not a"
                    + " number");
        }
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(axis + " coordinate (columns " + cols + ") '" + s + "' is not"
                    + " finite");
        }
        return v;
    }

    /** Element from columns 77-78, or 0 when blank or unknown. */
    static int columnElement(String line) {
        if (line.length() < 77) {
            return 0;
        }
        String s = line.substring(76, Math.min(78, line.length())).trim();
        return symbolToNumber(s);
    }

    /** Element from the AutoDock type in a PDBQT line (columns 78-79), or 0. */
    static int pdbqtElement(String line) {
        if (line.length() < 78) {
            return 0;
        }
        String t = line.substring(77, Math.min(79, line.length())).trim().toUpperCase(Locale.ROOT);
        switch (t) {
            case "A":
                return 6;
            case "OA":
            case "OS":
                return 8;
            case "NA":
            case "NS":
                return 7;
            case "HD":
            case "HS":
                return 1;
            case "SA":
                return 16;
            default:
                return symbolToNumber(t);
        }
    }

    /** Element from the atom name by the PDB column-alignment convention, or 0. */
    static int nameElement(String name4, boolean het) {
        String n = (name4 + "    ").substring(0, 4);
        char c0 = n.charAt(0);
        char c1 = n.charAt(1);
        if (c0 == ' ' || Character.isDigit(c0)) {
            return Character.isLetter(c1) ? symbolToNumber(String.valueOf(c1)) : 0;
        }
        if (!Character.isLetter(c0)) {
            return 0;
        }
        if ((c0 == 'H' || c0 == 'h') && n.trim().length() == 4) {
            return 1;
        }
        if (het && Character.isLetter(c1)) {
            int two = symbolToNumber("" + c0 + c1);
            if (two > 0) {
                return two;
            }
        }
        return symbolToNumber(String.valueOf(c0));
    }

    static int symbolToNumber(String symbol) {
        if (symbol.isEmpty()) {
            return 0;
        }
        if (symbol.equalsIgnoreCase("D")) {
            return 1;
        }
        Elements e = Elements.ofString(symbol);
        return e == Elements.Unknown ? 0 : e.number();
    }

    /** Formal charge from columns 79-80 ("2+", "1-"), 0 when blank or not a charge. */
    static int charge(String line) {
        if (line.length() < 80) {
            return 0;
        }
        char d = line.charAt(78);
        char s = line.charAt(79);
        if (!Character.isDigit(d) || (s != '+' && s != '-')) {
            return 0;
        }
        int v = d - '0';
        return s == '-' ? -v : v;
    }

    /** Growable columns of the atoms kept. */
    private static final class Builder {
        int n;
        float[] xyz = new float[3 * 1024];
        int[] z = new int[1024];
        int[] q = new int[1024];
        String[] names = new String[1024];
        String[] res = new String[1024];
        int[] seq = new int[1024];
        char[] ic = new char[1024];
        String[] chain = new String[1024];
        boolean[] het = new boolean[1024];
        int[] line = new int[1024];

        void add(float x, float y, float zz, int el, int charge, String name, String resName, int resSeq,
                char icode, String ch, boolean h, int lineNo) {
            if (n == z.length) {
                int cap = 2 * n;
                xyz = Arrays.copyOf(xyz, 3 * cap);
                z = Arrays.copyOf(z, cap);
                q = Arrays.copyOf(q, cap);
                names = Arrays.copyOf(names, cap);
                res = Arrays.copyOf(res, cap);
                seq = Arrays.copyOf(seq, cap);
                ic = Arrays.copyOf(ic, cap);
                chain = Arrays.copyOf(chain, cap);
                het = Arrays.copyOf(het, cap);
                line = Arrays.copyOf(line, cap);
            }
            xyz[3 * n] = x;
            xyz[3 * n + 1] = y;
            xyz[3 * n + 2] = zz;
            z[n] = el;
            q[n] = charge;
            names[n] = name;
            res[n] = resName;
            seq[n] = resSeq;
            ic[n] = icode;
            chain[n] = ch;
            het[n] = h;
            line[n] = lineNo;
            n++;
        }

        Receptor build(String source) {
            return new Receptor(source, Arrays.copyOf(xyz, 3 * n), Arrays.copyOf(z, n), Arrays.copyOf(q, n),
                    Arrays.copyOf(names, n), Arrays.copyOf(res, n), Arrays.copyOf(seq, n), Arrays.copyOf(ic, n),
                    Arrays.copyOf(chain, n), Arrays.copyOf(het, n), Arrays.copyOf(line, n));
        }
    }
}
