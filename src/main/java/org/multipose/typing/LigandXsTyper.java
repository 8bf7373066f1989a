package org.multipose.typing;

import org.multipose.structure.Molecule;

/**
 * XS types of a ligand's atoms from its bonds, bond orders, aromatic flags and hydrogen counts as read
 * ({@link Molecule}); the rules are {@link XsRules}. Works the same with hydrogens present as atoms or only as
 * implicit counts (docked poses usually carry none).
 *
 * <p>Hand-written over the plain arrays rather than as CDK SMARTS: the rules need only neighbour elements, bond
 * orders and flags that the {@link Molecule} already holds, and the same rule code types receptor atoms, which have
 * no CDK molecule.
 */
public final class LigandXsTyper {

    private LigandXsTyper() {}

    /** One XS type per atom of {@code m}, hydrogens included, in atom order. */
    public static XsType[] types(Molecule m) {
        int n = m.atomCount();
        int[] z = m.atomicNumbers();
        int[][] adj = m.adjacency();
        int[] hTotal = m.totalHydrogens();
        boolean[] arom = m.aromatic();
        // per atom: has a double/triple/aromatic bond (for OpenBabel's sp2 rule of nitrogen neighbours)
        boolean[] multiple = new boolean[n];
        int[] b0 = m.bondBegin();
        int[] b1 = m.bondEnd();
        int[] order = m.bondOrders();
        boolean[] bar = m.bondAromatic();
        for (int k = 0; k < b0.length; k++) {
            if (order[k] >= 2 || bar[k]) {
                multiple[b0[k]] = true;
                multiple[b1[k]] = true;
            }
        }
        XsType[] out = new XsType[n];
        for (int i = 0; i < n; i++) {
            if (z[i] == 1) {
                out[i] = XsRules.hydrogen(adj[i].length > 0 ? z[adj[i][0]] : 0);
                continue;
            }
            boolean hetero = false;
            int heavy = 0;
            boolean sp2 = arom[i] || multiple[i];
            for (int j : adj[i]) {
                if (z[j] != 1) {
                    heavy++;
                    if (z[j] != 6) {
                        hetero = true;
                    }
                    if (z[i] == 7 && !sp2) {
                        // OpenBabel: N bonded to a C/N/O that carries a multiple or aromatic bond, or to an
                        // aromatic atom, is sp2 (amide, aniline, enamine, amidine N).
                        boolean cno = z[j] == 6 || z[j] == 7 || z[j] == 8;
                        sp2 = (cno && multiple[j]) || arom[j];
                    }
                }
            }
            int degree = heavy + hTotal[i];
            out[i] = XsRules.heavy(z[i], arom[i], hetero, hTotal[i], degree, sp2, m.formalCharges()[i]);
        }
        return out;
    }
}
