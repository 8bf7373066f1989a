package org.multipose.grid;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.multipose.config.GridSpec;

/**
 * When a call is split over the pool. The estimates below are worked by hand from the documented model (per atom
 * 300 ns + 7 ns · π R² rows, R = 1.5 · r / h grid points for the largest radius r; zero-fill 0.045 ns per value;
 * threshold 800 µs). At 24³ and 1 Å with r = 2.2 Å: R = 3.3, 7 π R² = 239.48 ns, so 539.48 ns per atom; the
 * zero-fill of 14 channels is 0.045 · 14 · 13 824 = 8 709.1 ns.
 */
class GridMakerSplitTest {

    private static final GridSpec SMALL = GridSpec.of(1.0, 23.0, 1.0, 1.0, false); // 24³ at 1 Å

    private static float[] radii(int atoms) {
        float[] r = new float[atoms];
        Arrays.fill(r, 2.2f);
        return r;
    }

    @Test
    void aLigandAloneStaysInTheCallersThread() {
        try (GridMaker gm = new GridMaker(SMALL, 2)) {
            // 24 · 539.48 + 8 709.1 = 21 657 ns
            assertFalse(gm.split(24, radii(24), 14));
            // 1400 · 539.48 + 8 709.1 = 763 981 ns: just below 800 000 (measured: 663 µs unsplit, 751 µs split)
            assertFalse(gm.split(1400, radii(1400), 14));
        }
    }

    @Test
    void aReceptorIsSplit() {
        try (GridMaker gm = new GridMaker(SMALL, 2)) {
            // 1500 · 539.48 + 8 709.1 = 817 927 ns ≥ 800 000; 2000 atoms: 1 087 669 ns (measured: 1.25 ms unsplit,
            // 0.98–1.04 ms split)
            assertTrue(gm.split(1500, radii(1500), 14));
            assertTrue(gm.split(2000, radii(2000), 14));
        }
    }

    /** A forward really follows the decision: no pool section for a ligand, some for a receptor; same grids. */
    @Test
    void theForwardUsesThePoolOnlyForLargeCalls() {
        try (GridMaker gm = new GridMaker(SMALL, 2); GridMaker always = new GridMaker(SMALL, 2, true, 0)) {
            for (int atoms : new int[] {24, 2000}) {
                SplittableRandom rng = new SplittableRandom(atoms);
                float[] xyz = new float[3 * atoms];
                int[] types = new int[atoms];
                for (int a = 0; a < atoms; a++) {
                    for (int ax = 0; ax < 3; ax++) {
                        xyz[3 * a + ax] = (float) rng.nextDouble(-11, 11);
                    }
                    types[a] = rng.nextInt(14);
                }
                double[] center = {0, 0, 0};
                float[] a = new float[gm.gridLength(14)];
                float[] b = new float[a.length];
                long before = gm.splitSections();
                gm.forward(xyz, types, radii(atoms), center, a);
                long sections = gm.splitSections() - before;
                if (atoms == 24) {
                    assertEquals(0, sections, "a 24-atom call must not use the pool");
                } else {
                    assertEquals(2, sections, "tables and slabs of a 2000-atom call run on the pool");
                }
                long forced = always.splitSections();
                always.forward(xyz, types, radii(atoms), center, b);
                assertEquals(2, always.splitSections() - forced);
                assertArrayEquals(a, b, 0f);
            }
        }
    }

    @Test
    void oneThreadNeverSplitsAndAZeroThresholdAlwaysDoes() {
        try (GridMaker one = new GridMaker(SMALL, 1); GridMaker always = new GridMaker(SMALL, 2, true, 0)) {
            assertFalse(one.split(2000, radii(2000), 14));
            assertTrue(always.split(1, radii(1), 1));
        }
    }
}
