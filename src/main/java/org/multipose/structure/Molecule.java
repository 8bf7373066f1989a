package org.multipose.structure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One ligand record (a docked pose, a reference ligand) as plain arrays, read from an SDF or MOL2 file.
 *
 * <p>Atoms are indexed 0..N-1 in file order; hydrogens present in the file are atoms like any other (atomic number
 * 1). Bonds are indexed 0..B-1 with 0-based atom indices. Aromatic bonds carry a Kekulé order (1 or 2) and the
 * aromatic flag; aromaticity is CDK's Daylight-model perception on the Kekulé structure, not the file's labels.
 *
 * <p>The arrays are owned by the record (copied on construction) and must be treated as read-only.
 *
 * @param source            the file the record came from, as given
 * @param record            1-based index of the record in its file
 * @param title             the record's title line (SDF first line / MOL2 molecule name), trimmed, maybe empty
 * @param compoundId        the compound id chosen by a {@link CompoundIdRule}, never blank
 * @param coords            x,y,z per atom, Å, length 3N
 * @param atomicNumbers     element per atom, length N
 * @param formalCharges     formal charge per atom (e), length N
 * @param implicitHydrogens hydrogens not present as atoms, per atom, length N (0 for hydrogens)
 * @param aromatic          aromatic flag per atom, length N
 * @param bondBegin         first atom of each bond, length B
 * @param bondEnd           second atom of each bond, length B
 * @param bondOrders        1, 2 or 3 per bond (Kekulé form), length B
 * @param bondAromatic      aromatic flag per bond, length B
 * @param properties        SD data items (name → text, file order); empty for MOL2
 * @param smiles            canonical SMILES from CDK, or empty when CDK could not write one (or the reader was asked
 *                          for fewer SMILES: {@link SmilesPolicy#FIRST_PER_COMPOUND})
 */
public record Molecule(
        String source,
        int record,
        String title,
        String compoundId,
        float[] coords,
        int[] atomicNumbers,
        int[] formalCharges,
        int[] implicitHydrogens,
        boolean[] aromatic,
        int[] bondBegin,
        int[] bondEnd,
        int[] bondOrders,
        boolean[] bondAromatic,
        Map<String, String> properties,
        String smiles) {

    public Molecule {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(compoundId, "compoundId");
        Objects.requireNonNull(smiles, "smiles");
        int n = atomicNumbers.length;
        int b = bondBegin.length;
        if (coords.length != 3 * n || formalCharges.length != n || implicitHydrogens.length != n
                || aromatic.length != n) {
            throw new IllegalArgumentException("atom arrays disagree in length (atoms " + n + ")");
        }
        if (bondEnd.length != b || bondOrders.length != b || bondAromatic.length != b) {
            throw new IllegalArgumentException("bond arrays disagree in length (bonds " + b + ")");
        }
        for (int i = 0; i < b; i++) {
            if (bondBegin[i] < 0 || bondBegin[i] >= n || bondEnd[i] < 0 || bondEnd[i] >= n) {
                throw new IllegalArgumentException("bond " + i + " refers to an atom outside 0.." + (n - 1));
            }
        }
        coords = coords.clone();
        atomicNumbers = atomicNumbers.clone();
        formalCharges = formalCharges.clone();
        implicitHydrogens = implicitHydrogens.clone();
        aromatic = aromatic.clone();
        bondBegin = bondBegin.clone();
        bondEnd = bondEnd.clone();
        bondOrders = bondOrders.clone();
        bondAromatic = bondAromatic.clone();
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Number of atoms N (hydrogens in the file included). */
    public int atomCount() {
        return atomicNumbers.length;
    }

    /** Number of bonds B. */
    public int bondCount() {
        return bondBegin.length;
    }

    /** Number of atoms that are not hydrogen. */
    public int heavyAtomCount() {
        int c = 0;
        for (int z : atomicNumbers) {
            if (z != 1) {
                c++;
            }
        }
        return c;
    }

    /** Per atom, the number of hydrogen atoms bonded to it in the file (explicit hydrogens), length N. */
    public int[] explicitHydrogens() {
        int[] h = new int[atomCount()];
        for (int i = 0; i < bondBegin.length; i++) {
            if (atomicNumbers[bondEnd[i]] == 1) {
                h[bondBegin[i]]++;
            }
            if (atomicNumbers[bondBegin[i]] == 1) {
                h[bondEnd[i]]++;
            }
        }
        return h;
    }

    /** Per atom, explicit plus implicit hydrogens, length N. */
    public int[] totalHydrogens() {
        int[] h = explicitHydrogens();
        for (int i = 0; i < h.length; i++) {
            h[i] += implicitHydrogens[i];
        }
        return h;
    }

    /** Neighbour lists: {@code adjacency()[i]} are the atoms bonded to atom i, in bond order. */
    public int[][] adjacency() {
        int n = atomCount();
        int[] deg = new int[n];
        for (int i = 0; i < bondBegin.length; i++) {
            deg[bondBegin[i]]++;
            deg[bondEnd[i]]++;
        }
        int[][] adj = new int[n][];
        for (int i = 0; i < n; i++) {
            adj[i] = new int[deg[i]];
        }
        int[] fill = new int[n];
        for (int i = 0; i < bondBegin.length; i++) {
            int a = bondBegin[i];
            int c = bondEnd[i];
            adj[a][fill[a]++] = c;
            adj[c][fill[c]++] = a;
        }
        return adj;
    }

    /** The SD data item of that name, if present. */
    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** The SD data item of that name read as a number; empty when absent or not a number. */
    public OptionalDouble number(String name) {
        String v = properties.get(name);
        if (v == null) {
            return OptionalDouble.empty();
        }
        try {
            double d = Double.parseDouble(v.trim());
            return Double.isNaN(d) ? OptionalDouble.empty() : OptionalDouble.of(d);
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** "file record N" for messages. */
    public String where() {
        return source + " record " + record;
    }
}
