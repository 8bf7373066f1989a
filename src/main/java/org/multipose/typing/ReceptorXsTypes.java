package org.multipose.typing;

import java.util.List;
import java.util.Objects;

/**
 * XS types of a receptor's atoms, and which atoms were not typed by a residue template.
 *
 * @param types            one type per receptor atom, in atom order (hydrogens included)
 * @param fallback         per atom: true when typed from distance-based bonding (no template for its residue, or
 *                         the residue had atoms its template does not know)
 * @param fallbackResidues labels of the residues typed by the fallback ("A:TPO160", "D:ZN1001"), with the reason
 *                         in parentheses, in file order (unmodifiable)
 */
public record ReceptorXsTypes(XsType[] types, boolean[] fallback, List<String> fallbackResidues) {

    public ReceptorXsTypes {
        Objects.requireNonNull(types, "types");
        if (fallback.length != types.length) {
            throw new IllegalArgumentException("fallback flags and types differ in length");
        }
        types = types.clone();
        fallback = fallback.clone();
        fallbackResidues = List.copyOf(fallbackResidues);
    }

    /** Number of atoms typed by the distance-based fallback. */
    public int fallbackAtomCount() {
        int c = 0;
        for (boolean f : fallback) {
            if (f) {
                c++;
            }
        }
        return c;
    }
}
