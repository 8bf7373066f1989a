package org.multipose.typing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.multipose.structure.Receptor;

/**
 * XS types of receptor atoms. PDB files carry no bonds, so standard residues are typed from
 * {@link ResidueTemplates} (which atoms are aromatic, bonded to heteroatoms, sp2, and how many hydrogens they carry),
 * and every other residue (cofactors, modified residues such as TPO, ions, ligands, a standard residue with
 * unexpected atoms) from bonds perceived by distance ({@link DistanceBonds}); the result says which residues fell
 * back.
 *
 * <p>Protonation: when a residue has hydrogen atoms in the file, each N/O/S gets the hydrogens found within 1.4 Å
 * of it (so HIS tautomers, ASH/GLH, neutral LYS and termini follow the file); a residue without hydrogens gets its
 * template's default state (HIS → HIE, charged LYS/ARG/ASP/GLU, charged termini). A backbone N with no C of the
 * preceding residue within 2.0 Å is an N-terminus (one heavy neighbour fewer, not sp2, three hydrogens by default).
 */
public final class ReceptorXsTyper {

    /** Hydrogen to heavy atom distance up to which the hydrogen counts as bonded, Å (S-H is 1.34 Å). */
    static final double H_BOND_LENGTH = 1.4;
    /** Peptide C-N distance up to which a residue is linked to the one before it, Å (the bond is 1.33 Å). */
    static final double PEPTIDE_LINK = 2.0;

    private ReceptorXsTyper() {}

    /** Types every atom of {@code r}. */
    public static ReceptorXsTypes types(Receptor r) {
        int n = r.atomCount();
        XsType[] out = new XsType[n];
        boolean[] fallback = new boolean[n];
        List<String> fallbackResidues = new ArrayList<>();
        List<int[]> residues = residues(r);
        List<Integer> fallbackAtoms = new ArrayList<>();
        int prevStart = -1;
        int prevEnd = -1;
        for (int[] res : residues) {
            int start = res[0];
            int end = res[1];
            String why = typeFromTemplate(r, start, end, prevStart, prevEnd, out);
            if (why != null) {
                for (int i = start; i < end; i++) {
                    fallback[i] = true;
                    fallbackAtoms.add(i);
                }
                fallbackResidues.add(r.residueLabel(start) + " (" + why + ")");
            }
            prevStart = start;
            prevEnd = end;
        }
        if (!fallbackAtoms.isEmpty()) {
            int[] idx = new int[fallbackAtoms.size()];
            for (int k = 0; k < idx.length; k++) {
                idx[k] = fallbackAtoms.get(k);
            }
            DistanceBonds.type(r, idx, out);
        }
        return new ReceptorXsTypes(out, fallback, fallbackResidues);
    }

    /** Residues as [start, end) atom ranges: consecutive atoms with the same chain, number, insertion code, name. */
    static List<int[]> residues(Receptor r) {
        List<int[]> out = new ArrayList<>();
        int n = r.atomCount();
        int start = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || !sameResidue(r, start, i)) {
                out.add(new int[] {start, i});
                start = i;
            }
        }
        return out;
    }

    private static boolean sameResidue(Receptor r, int a, int b) {
        return r.residueNumbers()[a] == r.residueNumbers()[b] && r.insertionCodes()[a] == r.insertionCodes()[b]
                && r.chains()[a].equals(r.chains()[b]) && r.residueNames()[a].equals(r.residueNames()[b]);
    }

    /**
     * Types the residue [start, end) from its template; returns null when done, else the reason it cannot (and
     * then leaves {@code out} untouched for these atoms).
     */
    private static String typeFromTemplate(Receptor r, int start, int end, int prevStart, int prevEnd,
            XsType[] out) {
        Optional<ResidueTemplates.Template> t = ResidueTemplates.lookup(r.residueNames()[start]);
        if (t.isEmpty()) {
            return "no template";
        }
        int[] z = r.atomicNumbers();
        float[] xyz = r.coords();
        Map<Integer, ResidueTemplates.AtomTemplate> tmpl = new HashMap<>();
        boolean hasH = false;
        for (int i = start; i < end; i++) {
            if (z[i] == 1) {
                hasH = true;
                continue;
            }
            String name = ResidueTemplates.canonicalAtomName(r.atomNames()[i]);
            ResidueTemplates.AtomTemplate a = t.get().atoms().get(name);
            if (a == null) {
                return "atom " + r.atomNames()[i] + " not in template " + t.get().name();
            }
            if (a.element() != z[i]) {
                return "atom " + r.atomNames()[i] + " has element " + z[i] + ", template says " + a.element();
            }
            tmpl.put(i, a);
        }
        // hydrogens found on each heavy atom (only used when the residue has hydrogens)
        Map<Integer, Integer> hFound = new HashMap<>();
        for (int i = start; i < end; i++) {
            if (z[i] != 1) {
                continue;
            }
            int host = nearestHeavy(xyz, z, i, start, end);
            out[i] = XsRules.hydrogen(host < 0 ? 0 : z[host]);
            if (host >= 0) {
                hFound.merge(host, 1, Integer::sum);
            }
        }
        boolean nTerminus = t.get().peptide() && !linkedToPrevious(r, start, end, prevStart, prevEnd);
        for (int i = start; i < end; i++) {
            ResidueTemplates.AtomTemplate a = tmpl.get(i);
            if (a == null) {
                continue;
            }
            int heavyDeg = a.heavyDegree();
            boolean sp2 = a.sp2();
            int h = a.hydrogens();
            if (nTerminus && "N".equals(r.atomNames()[i])) {
                heavyDeg -= 1;
                sp2 = false;
                h += 2; // NH3+ (PRO: NH2+)
            }
            if (hasH) {
                h = hFound.getOrDefault(i, 0);
            }
            out[i] = XsRules.heavy(z[i], a.aromatic(), a.heteroBonded(), h, heavyDeg + h, sp2, a.charge());
        }
        return null;
    }

    /** The heavy atom of [start, end) nearest to hydrogen {@code h} within {@link #H_BOND_LENGTH}, or -1. */
    private static int nearestHeavy(float[] xyz, int[] z, int h, int start, int end) {
        int best = -1;
        double bestD2 = H_BOND_LENGTH * H_BOND_LENGTH;
        for (int j = start; j < end; j++) {
            if (z[j] == 1) {
                continue;
            }
            double d2 = dist2(xyz, h, j);
            if (d2 <= bestD2) {
                bestD2 = d2;
                best = j;
            }
        }
        return best;
    }

    /** True when the residue's N is within {@link #PEPTIDE_LINK} of the previous residue's C (same chain). */
    private static boolean linkedToPrevious(Receptor r, int start, int end, int prevStart, int prevEnd) {
        if (prevStart < 0 || !r.chains()[prevStart].equals(r.chains()[start])) {
            return false;
        }
        int nAtom = -1;
        for (int i = start; i < end; i++) {
            if (r.atomNames()[i].equals("N")) {
                nAtom = i;
                break;
            }
        }
        if (nAtom < 0) {
            return true; // no backbone N present: nothing to call a terminus
        }
        float[] xyz = r.coords();
        for (int j = prevStart; j < prevEnd; j++) {
            if (r.atomicNumbers()[j] == 6 && dist2(xyz, nAtom, j) <= PEPTIDE_LINK * PEPTIDE_LINK) {
                return true;
            }
        }
        return false;
    }

    static double dist2(float[] xyz, int a, int b) {
        double dx = xyz[3 * a] - xyz[3 * b];
        double dy = xyz[3 * a + 1] - xyz[3 * b + 1];
        double dz = xyz[3 * a + 2] - xyz[3 * b + 2];
        return dx * dx + dy * dy + dz * dz;
    }
}
