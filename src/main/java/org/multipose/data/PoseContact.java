package org.multipose.data;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a docked pose sits at its receptor: at least one receptor atom lies inside the default grid box (23.5 Å,
 * gnina's) centred on the pose's heavy-atom centroid. A docked pose always touches its pocket; a pose with no
 * receptor atom in that box (coordinates 500 Å away, a stray 99999, the wrong receptor) would train on an empty
 * receptor density, so prepare rejects it ({@value #CATEGORY}) instead of keeping it silently.
 */
public final class PoseContact {

    /** The reject category. */
    public static final String CATEGORY = "pose away from the receptor";
    /** Half the side of the box checked, Å: the default grid's 23.5 / 2. */
    public static final double HALF_BOX = 11.75;

    private PoseContact() {
    }

    /**
     * Empty when a receptor atom lies within {@link #HALF_BOX} of the pose's centroid on every axis; else the reject
     * reason with the distance from the centroid to the nearest receptor atom.
     *
     * @param ligand   pose heavy-atom coordinates, flat x, y, z (Å)
     * @param receptor receptor atom coordinates, flat x, y, z (Å)
     * @param target   the receptor's target, for the message
     */
    public static Optional<String> problem(float[] ligand, float[] receptor, String target) {
        int n = ligand.length / 3;
        if (n == 0) {
            return Optional.empty();
        }
        double cx = 0;
        double cy = 0;
        double cz = 0;
        for (int i = 0; i < n; i++) {
            cx += ligand[3 * i];
            cy += ligand[3 * i + 1];
            cz += ligand[3 * i + 2];
        }
        cx /= n;
        cy /= n;
        cz /= n;
        double nearest = Double.POSITIVE_INFINITY;
        for (int a = 0; a < receptor.length / 3; a++) {
            double dx = receptor[3 * a] - cx;
            double dy = receptor[3 * a + 1] - cy;
            double dz = receptor[3 * a + 2] - cz;
            if (Math.abs(dx) <= HALF_BOX && Math.abs(dy) <= HALF_BOX && Math.abs(dz) <= HALF_BOX) {
                return Optional.empty();
            }
            nearest = Math.min(nearest, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        return Optional.of(String.format(Locale.ROOT, "%s: no receptor atom of target '%s' within the %.1f Å grid"
                + " box around the pose (centre %.1f, %.1f, %.1f; nearest receptor atom %.1f Å away); check the"
                + " receptor and the pose's coordinates", CATEGORY, target, 2 * HALF_BOX, cx, cy, cz, nearest));
    }
}
