package org.multipose.structure;

import java.util.Objects;

/**
 * A receptor (protein, with whatever cofactors, metals and waters were kept) as plain arrays, one entry per atom in
 * file order. PDB files carry no bonds or bond orders: typing works from residue and atom names
 * (see {@code org.multipose.typing}).
 *
 * <p>The arrays are owned by the record (copied on construction) and must be treated as read-only.
 *
 * @param source         the file it came from, as given
 * @param coords         x,y,z per atom, Å, length 3N
 * @param atomicNumbers  element per atom (1 for hydrogen and deuterium), length N
 * @param formalCharges  formal charge per atom from columns 79-80 (0 when blank), length N
 * @param atomNames      atom name, trimmed (" CA " → "CA"), length N
 * @param residueNames   residue name, trimmed, length N
 * @param residueNumbers residue sequence number, length N
 * @param insertionCodes insertion code (' ' when none), length N
 * @param chains         chain identifier (" " when blank), length N
 * @param hetatm         true for HETATM records, length N
 * @param lines          1-based line number of each atom in the source file, for messages, length N
 */
public record Receptor(
        String source,
        float[] coords,
        int[] atomicNumbers,
        int[] formalCharges,
        String[] atomNames,
        String[] residueNames,
        int[] residueNumbers,
        char[] insertionCodes,
        String[] chains,
        boolean[] hetatm,
        int[] lines) {

    public Receptor {
        Objects.requireNonNull(source, "source");
        int n = atomicNumbers.length;
        if (coords.length != 3 * n || formalCharges.length != n || atomNames.length != n
                || residueNames.length != n || residueNumbers.length != n || insertionCodes.length != n
                || chains.length != n || hetatm.length != n || lines.length != n) {
            throw new IllegalArgumentException("receptor arrays disagree in length (atoms " + n + ")");
        }
        coords = coords.clone();
        atomicNumbers = atomicNumbers.clone();
        formalCharges = formalCharges.clone();
        atomNames = atomNames.clone();
        residueNames = residueNames.clone();
        residueNumbers = residueNumbers.clone();
        insertionCodes = insertionCodes.clone();
        chains = chains.clone();
        hetatm = hetatm.clone();
        lines = lines.clone();
    }

    /** Number of atoms N. */
    public int atomCount() {
        return atomicNumbers.length;
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

    /** "file:line (CHAIN RES NUM ATOM)" for messages about atom i. */
    public String where(int i) {
        return source + ":" + lines[i] + " (" + residueLabel(i) + " " + atomNames[i] + ")";
    }

    /** "A:TPO160" (chain, residue name, number and insertion code) of atom i. */
    public String residueLabel(int i) {
        String ic = insertionCodes[i] == ' ' ? "" : String.valueOf(insertionCodes[i]);
        return chains[i].trim() + ":" + residueNames[i] + residueNumbers[i] + ic;
    }
}
