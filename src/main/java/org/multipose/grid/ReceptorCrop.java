package org.multipose.grid;

import org.multipose.config.GridSpec;

/**
 * Keeps the receptor atoms that can touch the grid under any allowed augmentation, so the rest need not be gridded
 * (ARCHITECTURE.md). An atom at distance D from the grid center can touch a grid point only if
 * D ≤ √3·L/2 (the farthest grid point: a corner) + the largest density cutoff (cutoff multiple · radius scale ·
 * largest radius) + the largest shift of the atoms relative to the grid. Rotations are about the center and do not
 * change D; a translation uniform in [−t, t] per axis ({@link Transform#random}) shifts by at most √3·t.
 */
public final class ReceptorCrop {

    private ReceptorCrop() {}

    /**
     * The crop radius around the grid center, Å: √3·L/2 + {@link GridSpec#cutoffMultiple()} · radius scale ·
     * {@code maxRadius} + √3 · {@code maxTranslation}.
     *
     * @param maxRadius      the largest atomic radius (Å, before the radius scale)
     * @param maxTranslation the per-axis translation bound t of the augmentation (Å; 0 without translation)
     */
    public static double radius(GridSpec spec, double maxRadius, double maxTranslation) {
        if (!(maxRadius >= 0) || !(maxTranslation >= 0)) {
            throw new IllegalArgumentException("largest radius and translation must be >= 0, got " + maxRadius
                    + " and " + maxTranslation);
        }
        double sqrt3 = Math.sqrt(3);
        return sqrt3 * spec.dimension() / 2 + spec.cutoffMultiple() * spec.radiusScale() * maxRadius
                + sqrt3 * maxTranslation;
    }

    /**
     * Indices (ascending) of the atoms within {@link #radius} of {@code center}, the largest radius taken from
     * {@code radii}. Coordinates N×3 (Å), radii N (Å), center 3 values (Å).
     */
    public static int[] keep(float[] coords, float[] radii, double[] center, GridSpec spec, double maxTranslation) {
        if (coords.length != 3L * radii.length) {
            throw new IllegalArgumentException("coords has " + coords.length + " values for " + radii.length
                    + " radii; expected N×3");
        }
        float maxRadius = 0;
        for (float r : radii) {
            maxRadius = Math.max(maxRadius, r);
        }
        double reach = radius(spec, maxRadius, maxTranslation);
        double reach2 = reach * reach;
        int[] kept = new int[radii.length];
        int m = 0;
        for (int a = 0; a < radii.length; a++) {
            double dx = coords[3 * a] - center[0];
            double dy = coords[3 * a + 1] - center[1];
            double dz = coords[3 * a + 2] - center[2];
            if (dx * dx + dy * dy + dz * dz <= reach2) {
                kept[m++] = a;
            }
        }
        return java.util.Arrays.copyOf(kept, m);
    }
}
