package org.multipose.structure;

/**
 * What the receptor reader keeps.
 *
 * @param keepWaters      keep water molecules (HOH, WAT, DOD, TIP3, ...); default false
 * @param keepHydrogens   keep hydrogen atoms; default true: the typer uses them to read protonation states
 *                        (HIS tautomers, ASH/GLH, neutral LYS) and drops them from the channels anyway
 * @param keepHeteroGroups keep HETATM groups that are not metals or water (cofactors, modified residues such as
 *                        TPO, ions, co-crystallised ligands); default true. Metals and the caps ACE/NME/NH2 are
 *                        always kept.
 */
public record ReceptorOptions(boolean keepWaters, boolean keepHydrogens, boolean keepHeteroGroups) {

    /** Waters dropped, hydrogens kept, HETATM groups kept. */
    public static ReceptorOptions defaults() {
        return new ReceptorOptions(false, true, true);
    }

    public ReceptorOptions withWaters(boolean keep) {
        return new ReceptorOptions(keep, keepHydrogens, keepHeteroGroups);
    }

    public ReceptorOptions withHydrogens(boolean keep) {
        return new ReceptorOptions(keepWaters, keep, keepHeteroGroups);
    }

    public ReceptorOptions withHeteroGroups(boolean keep) {
        return new ReceptorOptions(keepWaters, keepHydrogens, keep);
    }
}
