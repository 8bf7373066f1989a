package org.multipose.refine;

/**
 * A free energy of one ligand pose as a function of its atom coordinates, as {@link PoseRefiner} minimises it: y in
 * kT (lower = tighter binding) and ∂y/∂coordinates in kT/Å. Coordinates are x, y, z per atom in Å, length 3M.
 */
public interface PoseObjective {

    /** M, the atoms the coordinates describe. */
    int atomCount();

    /** y at {@code coords} (3M values, Å), kT. */
    double value(float[] coords);

    /** y at {@code coords}, kT; writes ∂y/∂coords (kT/Å, 3M values) into {@code gradient}. */
    double valueAndGradient(float[] coords, double[] gradient);
}
