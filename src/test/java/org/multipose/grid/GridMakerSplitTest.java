package org.multipose.grid;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.multipose.config.GridSpec;

/**
 * When a call is split over the pool. The estimates below are worked by hand from the documented model (per atom
 * 300 ns + 7 ns per row of a box face of m² rows, m = ⌊2·1.5·r/h⌋ + 4; zero-fill 0.045 ns per value).
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
        // m = ⌊6.6⌋ + 4 = 10: 24 · (300 + 700) + 0.045 · 14 · 13 824 = 32 709 ns < 250 000
        try (GridMaker gm = new GridMaker(SMALL, 2)) {
            assertFalse(gm.split(24, radii(24), 14));
            // 200 atoms: 200 000 + 8 709 = 208 709 ns, still below
            assertFalse(gm.split(200, radii(200), 14));
        }
    }

    @Test
    void aReceptorIsSplit() {
        // 250 atoms: 250 000 + 8 709 = 258 709 ns ≥ 250 000; 2000 atoms: ~2.0 ms
        try (GridMaker gm = new GridMaker(SMALL, 2)) {
            assertTrue(gm.split(250, radii(250), 14));
            assertTrue(gm.split(2000, radii(2000), 14));
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
