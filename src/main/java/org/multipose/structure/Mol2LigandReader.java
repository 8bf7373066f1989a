package org.multipose.structure;

import static org.multipose.structure.RejectCategory.BAD_BOND;
import static org.multipose.structure.RejectCategory.BAD_COUNTS_LINE;
import static org.multipose.structure.RejectCategory.COUNT_MISMATCH;
import static org.multipose.structure.RejectCategory.MALFORMED_ATOM_LINE;
import static org.multipose.structure.RejectCategory.MALFORMED_BOND_LINE;
import static org.multipose.structure.RejectCategory.NOT_MOL2;
import static org.multipose.structure.RejectCategory.NO_ATOMS;
import static org.multipose.structure.RejectCategory.NO_COMPOUND_ID;
import static org.multipose.structure.RejectCategory.TRUNCATED_RECORD;
import static org.multipose.structure.RejectCategory.UNREADABLE_RECORD;
import static org.multipose.structure.RejectCategory.UNSUPPORTED_BOND_TYPE;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.multipose.base.Reject;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.io.Mol2Reader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;

/**
 * Reads every molecule of a Tripos MOL2 file into {@link Molecule}s.
 *
 * <p>The file is split at {@code @<TRIPOS>MOLECULE} lines here (CDK's {@code Mol2Reader} reads one molecule and
 * cannot say which record failed); each record's counts, atom and bond lines are checked, then the record is parsed
 * by CDK's {@code Mol2Reader}. Three things CDK leaves wrong are put right from the record text:
 * <ul>
 *   <li>bond orders: CDK reads {@code ar} bonds as single bonds. Here {@code ar} bonds between ring atoms are left
 *       without an order and given a Kekulé structure (then aromaticity is perceived by CDK, as for SDF);
 *       {@code am} is single; {@code du}, {@code un} and {@code nc} bonds reject the record.</li>
 *   <li>formal charges: MOL2 has none and CDK sets none. They are derived from the SYBYL types: {@code N.4} is +1;
 *       the terminal oxygens of a carboxylate, phosphate, sulfonate or nitro group written with {@code ar} bonds
 *       get one double bond (two for S with three oxygens; none extra for S with two) and a -1 charge on each
 *       remaining oxygen, nitro N gets +1; a {@code C.cat} with {@code ar} bonds to nitrogens (amidinium,
 *       guanidinium) gets one C=N with N +1.</li>
 *   <li>hydrogens: when the record has any hydrogen atom, every atom's hydrogens are taken to be explicit (the MOL2
 *       convention); a record without hydrogens gets its hydrogen counts from the bonding (CDK atom typer).</li>
 * </ul>
 * Partial charges (CDK drops them) are not kept: the typing does not use them.
 */
public final class Mol2LigandReader {

    static {
        CdkLogging.install();
    }

    private static final String MOLECULE = "@<TRIPOS>MOLECULE";
    private static final String ATOM = "@<TRIPOS>ATOM";
    private static final String BOND = "@<TRIPOS>BOND";

    private Mol2LigandReader() {}

    /**
     * Reads all molecules of a MOL2 file.
     *
     * @throws org.multipose.base.InputException when the file is missing or unreadable
     */
    public static ReadResult<Molecule> read(Path file, CompoundIdRule ids) {
        return parse(TextFile.read(file, "ligand file"), file, ids);
    }

    /** Reads the molecules of MOL2 text that came from {@code file}. */
    public static ReadResult<Molecule> parse(String text, Path file, CompoundIdRule ids) {
        String name = file.toString();
        List<Molecule> items = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        List<String> lines = CdkMolecules.lines(text);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().toUpperCase(Locale.ROOT).startsWith(MOLECULE)) {
                starts.add(i);
            }
        }
        if (starts.isEmpty()) {
            boolean blank = lines.stream().allMatch(String::isBlank);
            rejects.add(new Reject(name, "", "", blank ? "the file is empty"
                    : NOT_MOL2.reason("no " + MOLECULE + " line")));
            return new ReadResult<>(items, rejects);
        }
        for (int r = 0; r < starts.size(); r++) {
            int from = starts.get(r);
            int to = r + 1 < starts.size() ? starts.get(r + 1) : lines.size();
            List<String> rec = lines.subList(from, to);
            String title = rec.size() > 1 ? rec.get(1).trim() : "";
            String where = "record " + (r + 1) + " (line " + (from + 1) + ")";
            try {
                items.add(parseRecord(rec, from + 1, file, r + 1, ids));
            } catch (RecordProblem p) {
                rejects.add(new Reject(name, where, ids.idForReject(file, title), p.getMessage()));
            }
        }
        return new ReadResult<>(items, rejects);
    }

    /** One bond line of the record: atoms (0-based) and the SYBYL bond type, lower case. */
    private record BondLine(int a, int b, String type) {}

    private static Molecule parseRecord(List<String> rec, int firstLine, Path file, int record, CompoundIdRule ids)
            throws RecordProblem {
        String title = rec.size() > 1 ? rec.get(1).trim() : "";
        if (rec.size() < 3) {
            throw new RecordProblem(TRUNCATED_RECORD, "the record ends before its counts line (line 3 of the"
                    + " molecule section)");
        }
        String[] counts = tokens(rec.get(2));
        int atoms = counts.length > 0 ? parseInt(counts[0]) : -1;
        int bonds = counts.length > 1 ? parseInt(counts[1]) : 0;
        if (atoms < 0 || bonds < 0) {
            throw new RecordProblem(BAD_COUNTS_LINE, "line " + (firstLine + 2) + " is not a counts line (number of"
                    + " atoms, number of bonds): '" + SdfLigandReader.shorten(rec.get(2)) + "'");
        }
        if (atoms == 0) {
            throw new RecordProblem(NO_ATOMS, "the counts line (line " + (firstLine + 2) + ") declares no atoms");
        }
        List<String> sybyl = new ArrayList<>();
        List<BondLine> bondLines = new ArrayList<>();
        int section = 0; // 0 other, 1 atoms, 2 bonds
        boolean sawAtoms = false;
        for (int i = 1; i < rec.size(); i++) {
            String line = rec.get(i);
            String t = line.trim();
            int lineNo = firstLine + i;
            if (t.startsWith("@<TRIPOS>")) {
                String up = t.toUpperCase(Locale.ROOT);
                section = up.startsWith(ATOM) ? 1 : up.startsWith(BOND) ? 2 : 0;
                sawAtoms |= section == 1;
                continue;
            }
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (section == 1) {
                String[] f = tokens(t);
                if (f.length < 6) {
                    throw new RecordProblem(MALFORMED_ATOM_LINE, "atom line " + lineNo + " has " + f.length
                            + " fields; MOL2 atom lines need id, name, x, y, z, type");
                }
                for (int k = 2; k <= 4; k++) {
                    if (!isNumber(f[k])) {
                        throw new RecordProblem(MALFORMED_ATOM_LINE, "atom line " + lineNo + ": coordinate '" + f[k]
                                + "' is not a number");
                    }
                }
                sybyl.add(f[5]);
            } else if (section == 2) {
                String[] f = tokens(t);
                int a = f.length >= 4 ? parseInt(f[1]) : -1;
                int b = f.length >= 4 ? parseInt(f[2]) : -1;
                if (a < 0 || b < 0) {
                    throw new RecordProblem(MALFORMED_BOND_LINE, "bond line " + lineNo + " does not hold id, atom,"
                            + " atom, type: '" + SdfLigandReader.shorten(t) + "'");
                }
                if (a < 1 || a > atoms || b < 1 || b > atoms) {
                    throw new RecordProblem(BAD_BOND, "bond line " + lineNo + " joins atoms " + a + " and " + b
                            + " but the record has atoms 1.." + atoms);
                }
                String type = f[3].toLowerCase(Locale.ROOT);
                if (!(type.equals("1") || type.equals("2") || type.equals("3") || type.equals("am")
                        || type.equals("ar"))) {
                    throw new RecordProblem(UNSUPPORTED_BOND_TYPE, "bond line " + lineNo + " has bond type '" + f[3]
                            + "'; a pose needs 1, 2, 3, am or ar");
                }
                bondLines.add(new BondLine(a - 1, b - 1, type));
            }
        }
        if (!sawAtoms) {
            throw new RecordProblem(NO_ATOMS, "the record has no " + ATOM + " section");
        }
        if (sybyl.size() != atoms) {
            throw new RecordProblem(COUNT_MISMATCH, "the counts line declares " + atoms + " atoms but the ATOM"
                    + " section has " + sybyl.size());
        }
        if (bondLines.size() != bonds) {
            throw new RecordProblem(COUNT_MISMATCH, "the counts line declares " + bonds + " bonds but the BOND"
                    + " section has " + bondLines.size());
        }

        IAtomContainer m;
        try (Mol2Reader r = new Mol2Reader(new StringReader(String.join("\n", rec) + "\n"))) {
            m = r.read(SilentChemObjectBuilder.getInstance().newAtomContainer());
        } catch (CDKException | IOException | RuntimeException e) {
            throw new RecordProblem(UNREADABLE_RECORD, "CDK could not read the MOL2 record: "
                    + CdkMolecules.clean(e));
        }
        if (m == null || m.getAtomCount() != atoms) {
            throw new RecordProblem(UNREADABLE_RECORD, "CDK read " + (m == null ? 0 : m.getAtomCount()) + " atoms of "
                    + atoms);
        }
        fixUp(m, sybyl, bondLines);
        CdkMolecules.complete(m);
        String id = ids.idFor(file, title, java.util.Map.of());
        if (id.isBlank()) {
            throw new RecordProblem(NO_COMPOUND_ID, ids.missingReason());
        }
        return CdkMolecules.toMolecule(m, file.toString(), record, title, id);
    }

    /** Bond orders, charges and hydrogen convention from the MOL2 text (see the class comment). */
    private static void fixUp(IAtomContainer m, List<String> sybyl, List<BondLine> bondLines) throws RecordProblem {
        int n = m.getAtomCount();
        boolean hasH = false;
        for (IAtom a : m.atoms()) {
            hasH |= a.getAtomicNumber() != null && a.getAtomicNumber() == 1;
        }
        for (int i = 0; i < n; i++) {
            IAtom a = m.getAtom(i);
            a.setImplicitHydrogenCount(hasH ? 0 : null);
            a.setFormalCharge("N.4".equalsIgnoreCase(sybyl.get(i)) ? 1 : 0);
            a.setIsAromatic(false);
        }
        boolean[] arBond = new boolean[bondLines.size()];
        IBond[] bond = new IBond[bondLines.size()];
        for (int k = 0; k < bondLines.size(); k++) {
            BondLine bl = bondLines.get(k);
            IBond b = m.getBond(m.getAtom(bl.a()), m.getAtom(bl.b()));
            if (b == null) {
                throw new RecordProblem(UNREADABLE_RECORD, "CDK lost the bond between atoms " + (bl.a() + 1)
                        + " and " + (bl.b() + 1));
            }
            bond[k] = b;
            b.setIsAromatic(false);
            switch (bl.type()) {
                case "2":
                    b.setOrder(IBond.Order.DOUBLE);
                    break;
                case "3":
                    b.setOrder(IBond.Order.TRIPLE);
                    break;
                case "ar":
                    arBond[k] = true;
                    b.setOrder(IBond.Order.UNSET);
                    break;
                default:
                    b.setOrder(IBond.Order.SINGLE);
            }
        }
        // Charged groups written with 'ar' bonds to terminal atoms: decide their Kekulé form and charges here.
        for (int c = 0; c < n; c++) {
            IAtom center = m.getAtom(c);
            List<IBond> toO = new ArrayList<>();
            List<IBond> toN = new ArrayList<>();
            for (int k = 0; k < bond.length; k++) {
                if (!arBond[k] || !bond[k].contains(center)) {
                    continue;
                }
                IAtom other = bond[k].getOther(center);
                if (other.getAtomicNumber() == 8 && heavyDegree(m, other) == 1) {
                    toO.add(bond[k]);
                } else if (other.getAtomicNumber() == 7 && "C.cat".equalsIgnoreCase(sybyl.get(c))) {
                    toN.add(bond[k]);
                }
            }
            if (!toO.isEmpty()) {
                int z = center.getAtomicNumber();
                int doubles = z == 16 ? (toO.size() == 3 ? 2 : toO.size()) : 1;
                for (int k = 0; k < toO.size(); k++) {
                    IBond b = toO.get(k);
                    boolean dbl = k < doubles;
                    b.setOrder(dbl ? IBond.Order.DOUBLE : IBond.Order.SINGLE);
                    b.getOther(center).setFormalCharge(dbl ? 0 : -1);
                    arBond[indexOf(bond, b)] = false;
                }
                if (z == 7 && toO.size() == 2) {
                    center.setFormalCharge(1);
                }
            }
            if (!toN.isEmpty()) {
                for (int k = 0; k < toN.size(); k++) {
                    IBond b = toN.get(k);
                    b.setOrder(k == 0 ? IBond.Order.DOUBLE : IBond.Order.SINGLE);
                    if (k == 0) {
                        b.getOther(center).setFormalCharge(1);
                    }
                    arBond[indexOf(bond, b)] = false;
                }
            }
        }
        // A carboxylate-type oxygen written with a plain single bond in an all-hydrogen record is an O-.
        for (int i = 0; hasH && i < n; i++) {
            IAtom a = m.getAtom(i);
            if ("O.co2".equalsIgnoreCase(sybyl.get(i)) && m.getConnectedBondsCount(a) == 1
                    && m.getConnectedBondsList(a).get(0).getOrder() == IBond.Order.SINGLE
                    && a.getFormalCharge() == 0) {
                a.setFormalCharge(-1);
            }
        }
        for (int k = 0; k < bond.length; k++) {
            if (arBond[k]) {
                bond[k].setIsAromatic(true);
                bond[k].getBegin().setIsAromatic(true);
                bond[k].getEnd().setIsAromatic(true);
            }
        }
    }

    private static int indexOf(IBond[] bonds, IBond b) {
        for (int i = 0; i < bonds.length; i++) {
            if (bonds[i] == b) {
                return i;
            }
        }
        throw new IllegalStateException("bond not found");
    }

    private static int heavyDegree(IAtomContainer m, IAtom a) {
        int d = 0;
        for (IAtom nb : m.getConnectedAtomsList(a)) {
            if (nb.getAtomicNumber() != 1) {
                d++;
            }
        }
        return d;
    }

    private static String[] tokens(String s) {
        String t = s.trim();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
