package org.multipose.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.multipose.config.GridSpec;

/** The crop radius √3·L/2 + cutoff·scale·max radius + √3·t, and atoms just inside / outside it. */
class ReceptorCropTest {

    @Test
    void radiusFollowsTheFormula() {
        // literals: python3 -c "import math; s=math.sqrt(3); print(s*23.5/2 + 1.5*1.0*2.0 + s*2)" etc.
        assertEquals(26.81569860407206, ReceptorCrop.radius(GridSpec.defaults(), 2.0, 2.0), 1e-12);
        assertEquals(23.351596988934308,
                ReceptorCrop.radius(GridSpec.of(0.5, 23.5, 1.5, 1.0, true), 2.0, 0), 1e-12);
        assertEquals(14.33134295108992,
                ReceptorCrop.radius(GridSpec.of(0.5, 11.5, 0.8, -1.5, false), 2.2, 1.0), 1e-12);
    }

    @Test
    void keepsAtomsJustInsideAndDropsAtomsJustOutside() {
        double[] center = {3, -4, 10};
        double reach = 26.81569860407206; // default spec, largest radius 2.0, translation 2 Å per axis
        double[][] dirs = {{1, 0, 0}, {0, -1, 0}, {1, 1, 1}, {-2, 1, 0.5}};
        int atoms = 2 * dirs.length + 1;
        float[] xyz = new float[3 * atoms];
        float[] radii = new float[atoms];
        for (int d = 0; d < dirs.length; d++) {
            double norm = Math.sqrt(dirs[d][0] * dirs[d][0] + dirs[d][1] * dirs[d][1] + dirs[d][2] * dirs[d][2]);
            for (int ax = 0; ax < 3; ax++) {
                xyz[3 * (2 * d) + ax] = (float) (center[ax] + dirs[d][ax] / norm * (reach - 0.01)); // inside
                xyz[3 * (2 * d + 1) + ax] = (float) (center[ax] + dirs[d][ax] / norm * (reach + 0.01)); // outside
            }
            radii[2 * d] = 1.2f; // a small atom is still kept: the crop uses the largest radius
            radii[2 * d + 1] = 1.5f;
        }
        radii[atoms - 1] = 2.0f; // at the center
        xyz[3 * (atoms - 1)] = 3;
        xyz[3 * (atoms - 1) + 1] = -4;
        xyz[3 * (atoms - 1) + 2] = 10;
        int[] kept = ReceptorCrop.keep(xyz, radii, center, GridSpec.defaults(), 2.0);
        assertArrayEquals(new int[] {0, 2, 4, 6, 8}, kept);
    }

    @Test
    void anAtomJustOutsideTheCropCannotTouchTheGridUnderAnyAugmentation() {
        // Worst case: the atom on a grid diagonal, translated by (t, t, t) toward the corner. Just outside the
        // crop radius it leaves the corner grid point untouched; just inside, it reaches it.
        GridSpec spec = GridSpec.of(0.5, 4, 1.0, -1.0, false); // truncated: a hard cutoff at r'
        double t = 0.5;
        double reach = ReceptorCrop.radius(spec, 1.0, t);
        double[] center = {0, 0, 0};
        try (GridMaker gm = new GridMaker(spec)) {
            for (double offset : new double[] {-0.01, 0.01}) {
                float p = (float) ((reach + offset) / Math.sqrt(3));
                float[] xyz = {p, p, p};
                Transform shift = Transform.of(new double[] {1, 0, 0, 0}, center, new double[] {-t, -t, -t});
                float[] g = new float[spec.pointsPerChannel()];
                gm.forward(xyz, new int[] {0}, new float[] {1.0f}, shift, g);
                int corner = spec.pointsPerChannel() - 1;
                if (offset < 0) {
                    assertEquals(true, g[corner] > 0, "just inside the crop radius the atom reaches the corner");
                } else {
                    assertEquals(0f, g[corner], "just outside it does not");
                }
            }
        }
    }
}
