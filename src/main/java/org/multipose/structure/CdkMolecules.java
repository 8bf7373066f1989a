package org.multipose.structure;

import static org.multipose.structure.RejectCategory.AROMATICITY;
import static org.multipose.structure.RejectCategory.BAD_BOND;
import static org.multipose.structure.RejectCategory.HYDROGEN_COUNT;
import static org.multipose.structure.RejectCategory.NO_3D_COORDINATES;
import static org.multipose.structure.RejectCategory.NO_ATOMS;
import static org.multipose.structure.RejectCategory.NO_ELEMENT;
import static org.multipose.structure.RejectCategory.NO_KEKULE_STRUCTURE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.vecmath.Point3d;
import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.aromaticity.Kekulization;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.graph.CycleFinder;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.interfaces.IPseudoAtom;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.tools.CDKHydrogenAdder;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * Turns a CDK molecule as a reader left it into a {@link Molecule}: fills in missing hydrogen counts, assigns a
 * Kekulé structure to aromatic bonds given without orders, perceives aromaticity (CDK's Daylight model) and writes
 * a canonical SMILES.
 *
 * <p>Why the detour through Kekulé form: an SDF bond of order 4 ("aromatic") or a MOL2 {@code ar} bond reaches us
 * with no order, and CDK then leaves the hydrogen counts of its atoms unset, so aromaticity perception throws
 * (STACK.md). Hydrogens cannot be counted before bond orders are known, and bond orders need hydrogen counts, so:
 * start those atoms at zero hydrogens, kekulise, then count hydrogens from the Kekulé structure with CDK's atom
 * typer. A pyrrole-type nitrogen written without its hydrogen makes the ring impossible to kekulise; we then try one
 * such nitrogen at a time with one hydrogen (or, when it already carries three neighbours, a +1 charge, as in
 * pyridinium) and keep the first assignment that works.
 */
final class CdkMolecules {

    /** CDK's recommended cycle set for aromaticity: all cycles, or only those up to size 6 when there are too many. */
    private static final CycleFinder CYCLES = Cycles.or(Cycles.all(), Cycles.all(6));

    private CdkMolecules() {}

    /**
     * Completes hydrogens, bond orders and aromaticity in place. Atoms whose implicit hydrogen count is null get
     * theirs computed; atoms with a count keep it.
     *
     * @throws RecordProblem when no Kekulé structure or hydrogen count can be found
     */
    static void complete(IAtomContainer m) throws RecordProblem {
        int n = m.getAtomCount();
        boolean[] needH = new boolean[n];
        boolean anyNeed = false;
        for (int i = 0; i < n; i++) {
            IAtom a = m.getAtom(i);
            if (a.getImplicitHydrogenCount() == null) {
                needH[i] = true;
                anyNeed = true;
                a.setImplicitHydrogenCount(0);
            }
        }
        boolean unsetBonds = false;
        for (IBond b : m.bonds()) {
            if (b.getOrder() == null || b.getOrder() == IBond.Order.UNSET) {
                unsetBonds = true;
                b.setIsAromatic(true);
                b.getBegin().setIsAromatic(true);
                b.getEnd().setIsAromatic(true);
            }
        }
        if (unsetBonds) {
            kekulise(m, needH);
        }
        if (anyNeed) {
            countHydrogens(m, needH);
        }
        for (IAtom a : m.atoms()) {
            a.setIsAromatic(false);
        }
        for (IBond b : m.bonds()) {
            b.setIsAromatic(false);
        }
        try {
            new Aromaticity(Aromaticity.Model.Daylight, CYCLES).apply(m);
        } catch (CDKException | RuntimeException e) {
            throw new RecordProblem(AROMATICITY, clean(e));
        }
    }

    private static void kekulise(IAtomContainer m, boolean[] needH) throws RecordProblem {
        try {
            Kekulization.kekulize(m);
            return;
        } catch (CDKException first) {
            // Try the usual missing piece: a pyrrole-type [nH] written without H, or a pyridinium written uncharged.
            for (int i = 0; i < m.getAtomCount(); i++) {
                IAtom a = m.getAtom(i);
                if (a.getAtomicNumber() != 7 || !a.isAromatic()) {
                    continue;
                }
                int degree = m.getConnectedBondsCount(a) + a.getImplicitHydrogenCount();
                int charge = a.getFormalCharge() == null ? 0 : a.getFormalCharge();
                if (degree == 2 && needH[i]) {
                    a.setImplicitHydrogenCount(1);
                    if (tryKekulise(m)) {
                        return;
                    }
                    a.setImplicitHydrogenCount(0);
                } else if (degree == 3 && charge == 0) {
                    a.setFormalCharge(1);
                    if (tryKekulise(m)) {
                        return;
                    }
                    a.setFormalCharge(0);
                }
            }
            throw new RecordProblem(NO_KEKULE_STRUCTURE, "the aromatic bonds (SDF order 4 / MOL2 'ar')"
                    + " could not be kekulised (" + clean(first) + "); write explicit single/double bonds or the"
                    + " missing hydrogens and charges");
        }
    }

    private static boolean tryKekulise(IAtomContainer m) {
        try {
            Kekulization.kekulize(m);
            return true;
        } catch (CDKException e) {
            return false;
        }
    }

    private static void countHydrogens(IAtomContainer m, boolean[] needH) throws RecordProblem {
        // Kekulization leaves the atoms' aromatic flags on; the atom typer must see the plain Kekulé structure.
        for (IAtom a : m.atoms()) {
            a.setIsAromatic(false);
        }
        for (IBond b : m.bonds()) {
            b.setIsAromatic(false);
        }
        int[] keep = new int[m.getAtomCount()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = m.getAtom(i).getImplicitHydrogenCount();
        }
        try {
            AtomContainerManipulator.percieveAtomTypesAndConfigureAtoms(m);
        } catch (CDKException e) {
            throw new RecordProblem(HYDROGEN_COUNT, "atom typing failed: " + clean(e));
        }
        CDKHydrogenAdder adder = CDKHydrogenAdder.getInstance(m.getBuilder());
        for (int i = 0; i < keep.length; i++) {
            IAtom a = m.getAtom(i);
            if (!needH[i]) {
                a.setImplicitHydrogenCount(keep[i]);
                continue;
            }
            if (a.getAtomTypeName() == null || "X".equals(a.getAtomTypeName())) {
                throw new RecordProblem(HYDROGEN_COUNT, "atom " + (i + 1) + " (" + a.getSymbol()
                        + "): CDK knows no atom type for it in this bonding; write its hydrogens explicitly");
            }
            try {
                int kept = keep[i];
                adder.addImplicitHydrogens(m, a);
                if (a.getImplicitHydrogenCount() == null) {
                    a.setImplicitHydrogenCount(kept);
                } else if (kept > a.getImplicitHydrogenCount()) {
                    // a hydrogen added while kekulising (pyrrole-type N) stays
                    a.setImplicitHydrogenCount(kept);
                }
            } catch (CDKException e) {
                throw new RecordProblem(HYDROGEN_COUNT, "atom " + (i + 1) + " (" + a.getSymbol()
                        + "): " + clean(e));
            }
        }
    }

    /**
     * Copies a completed CDK molecule into a {@link Molecule}.
     *
     * @throws RecordProblem for pseudo atoms, missing or 2D coordinates, bonds without an order
     */
    static Molecule toMolecule(IAtomContainer m, String source, int record, String title, String compoundId)
            throws RecordProblem {
        return toMolecule(m, source, record, title, compoundId, properties(m), true);
    }

    /**
     * As {@link #toMolecule(IAtomContainer, String, int, String, String)}, with the SD data items already extracted
     * and the SMILES only when asked for ("" otherwise).
     */
    static Molecule toMolecule(IAtomContainer m, String source, int record, String title, String compoundId,
            Map<String, String> properties, boolean withSmiles) throws RecordProblem {
        int n = m.getAtomCount();
        if (n == 0) {
            throw new RecordProblem(NO_ATOMS, "the record has no atoms");
        }
        float[] xyz = new float[3 * n];
        int[] z = new int[n];
        int[] q = new int[n];
        int[] h = new int[n];
        boolean[] ar = new boolean[n];
        for (int i = 0; i < n; i++) {
            IAtom a = m.getAtom(i);
            Integer num = a.getAtomicNumber();
            if (num == null || num <= 0) {
                // CDK turns an unknown symbol into a pseudo atom "R"; its label keeps the symbol as written.
                String written = a instanceof IPseudoAtom pa && pa.getLabel() != null ? pa.getLabel() : a.getSymbol();
                throw new RecordProblem(NO_ELEMENT, "atom " + (i + 1) + " ('" + written
                        + "') is not a chemical element; fix its symbol (columns 32-34 of the atom line in SDF)");
            }
            Point3d p = a.getPoint3d();
            if (p == null) {
                throw new RecordProblem(NO_3D_COORDINATES, a.getPoint2d() != null
                        ? "the coordinates are 2D (every z is 0); a pose needs 3D coordinates"
                        : "atom " + (i + 1) + " has no coordinates");
            }
            xyz[3 * i] = (float) p.x;
            xyz[3 * i + 1] = (float) p.y;
            xyz[3 * i + 2] = (float) p.z;
            z[i] = num;
            q[i] = a.getFormalCharge() == null ? 0 : a.getFormalCharge();
            h[i] = a.getImplicitHydrogenCount() == null ? 0 : a.getImplicitHydrogenCount();
            ar[i] = a.isAromatic();
        }
        int nb = m.getBondCount();
        int[] b0 = new int[nb];
        int[] b1 = new int[nb];
        int[] order = new int[nb];
        boolean[] bar = new boolean[nb];
        for (int i = 0; i < nb; i++) {
            IBond b = m.getBond(i);
            if (b.getAtomCount() != 2) {
                throw new RecordProblem(BAD_BOND, "bond " + (i + 1) + " joins " + b.getAtomCount() + " atoms");
            }
            b0[i] = m.indexOf(b.getBegin());
            b1[i] = m.indexOf(b.getEnd());
            IBond.Order o = b.getOrder();
            if (o == null || o == IBond.Order.UNSET || o.numeric() > 3) {
                throw new RecordProblem(BAD_BOND, "bond " + (i + 1) + " (atoms " + (b0[i] + 1) + "-" + (b1[i] + 1)
                        + ") has no usable order (" + o + ")");
            }
            order[i] = o.numeric();
            bar[i] = b.isAromatic();
        }
        return new Molecule(source, record, title, compoundId, xyz, z, q, h, ar, b0, b1, order, bar,
                properties, withSmiles ? smiles(m) : "");
    }

    /** SD data items in file order, without CDK's own bookkeeping entries ({@code cdk:Title}, ...). */
    static Map<String, String> properties(IAtomContainer m) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : m.getProperties().entrySet()) {
            String k = String.valueOf(e.getKey());
            if (k.startsWith("cdk:") || e.getValue() == null) {
                continue;
            }
            out.put(k, String.valueOf(e.getValue()).trim());
        }
        return out;
    }

    /** Canonical SMILES of the heavy-atom graph (no stereo), or empty when CDK cannot write one. */
    static String smiles(IAtomContainer m) {
        try {
            IAtomContainer copy = m.clone();
            AtomContainerManipulator.suppressHydrogens(copy);
            return new SmilesGenerator(SmiFlavor.Canonical | SmiFlavor.UseAromaticSymbols).create(copy);
        } catch (CloneNotSupportedException | CDKException | RuntimeException e) {
            return "";
        }
    }

    static String clean(Throwable e) {
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return msg.replace('\n', ' ').replace('\r', ' ').trim();
    }

    /** Lines of a text, without line terminators (handles \n, \r\n). */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int len = text.length();
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
                out.add(text.substring(start, end));
                start = i + 1;
            }
        }
        if (start < len) {
            String last = text.substring(start);
            out.add(last.endsWith("\r") ? last.substring(0, last.length() - 1) : last);
        }
        return out;
    }
}
