package org.multipose.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.multipose.config.GridSpec;

/**
 * A single isolated atom reproduces the analytic profile of MATH.md §1 at chosen grid points. The expected values
 * are literals printed by src/test/python/density_profile.py (numpy, float64): one atom of radius r' = 1.625 Å at
 * center + (0.125, −0.25, 0.375), center (10, −5, 2.5), h = 0.5, L = 6 (13 points per side).
 */
class DensityProfileTest {

    static final double[] CENTER = {10, -5, 2.5};
    static final float[] ATOM = {10.125f, -5.25f, 2.875f};
    /** Relative tolerance for a float32 density value: a few ulp (the Gaussian core is a product of 3 floats). */
    static final double REL = 3e-7;
    /** Absolute tolerance: the tail, A·(x − F)², is evaluated in float (≤ 1.5e-7 for G = 1, see GridMaker). */
    static final double ABS = 2e-7;

    /** Grid points (i, j, k) and their distance to the atom (Å), for reading the table below. */
    static final int[][] POINTS = {
        {6, 6, 6}, // d = 0.467707
        {8, 6, 6}, // d = 0.984251
        {9, 7, 6}, // d = 1.610512 (just inside G·r' = 1.625 for G = 1; inside r' for binary)
        {3, 6, 6}, // d = 1.686342
        {6, 6, 10}, // d = 1.648863 (just past G·r' for G = 1: quadratic tail)
        {10, 6, 6}, // d = 1.928406
        {10, 7, 7}, // d = 2.023302
        {2, 6, 6}, // d = 2.172268
        {11, 6, 6}, // d = 2.417385 (just inside F·r' = 2.4375 for G = 1, and |G|·r' for G = -1.5)
        {1, 6, 6}, // d = 2.663409 (beyond both: exactly 0 for G = 1 and G = -1.5)
    };
    static final double[] G1 = {8.473169313e-01, 4.801158689e-01, 1.402263970e-01, 1.156715792e-01,
        1.275023898e-01, 5.313248421e-02, 3.517068294e-02, 1.442164592e-02, 8.294811066e-05, 0};
    static final double[] G15 = {8.473169313e-01, 4.801158689e-01, 1.402263970e-01, 1.160370022e-01,
        1.275595968e-01, 5.981085891e-02, 4.502255395e-02, 2.804445086e-02, 1.196181839e-02, 3.775001497e-03};
    static final double[] TRUNCATED15 = {8.473169313e-01, 4.801158689e-01, 1.402263970e-01, 1.160370022e-01,
        1.275595968e-01, 5.981085891e-02, 4.502255395e-02, 2.804445086e-02, 1.196181839e-02, 0};
    static final double[] BINARY = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
    /** r' = 1.625 Å, exactly representable (so is 3.25 · 0.5). */
    static final float R = 1.625f;

    private static float[] grid(GridSpec spec, float radius) {
        float[] g = new float[spec.pointsPerChannel()];
        try (GridMaker gm = new GridMaker(spec)) {
            gm.forward(ATOM, new int[] {0}, new float[] {radius}, CENTER, g);
        }
        return g;
    }

    private static void check(float[] grid, double[] expected, String mode) {
        int n = 13;
        for (int p = 0; p < POINTS.length; p++) {
            int[] ijk = POINTS[p];
            float got = grid[(ijk[0] * n + ijk[1]) * n + ijk[2]];
            if (expected[p] == 0) {
                assertEquals(0f, got, mode + " point " + p + " must be exactly 0");
            } else {
                assertEquals(expected[p], got, REL * expected[p] + ABS, mode + " point " + p);
            }
        }
    }

    @Test
    void gaussianCoreAndQuadraticTailForG1() {
        GridSpec spec = GridSpec.of(0.5, 6, 1.0, 1.0, false);
        assertEquals(13, spec.pointsPerSide());
        check(grid(spec, R), G1, "G=1");
    }

    @Test
    void radiusScaleAppliesBeforeTheProfileForG15() {
        // r = 3.25 with scale 0.5 is r' = 1.625.
        check(grid(GridSpec.of(0.5, 6, 0.5, 1.5, false), 3.25f), G15, "G=1.5");
    }

    @Test
    void truncatedModeCutsToZeroAtGTimesR() {
        check(grid(GridSpec.of(0.5, 6, 1.0, -1.5, false), R), TRUNCATED15, "G=-1.5");
    }

    @Test
    void binaryModeIsOneInsideTheRadius() {
        check(grid(GridSpec.of(0.5, 6, 1.0, 1.0, true), R), BINARY, "binary");
    }

    @Test
    void binaryIndexTypesAreAnOrAndWeightsAdd() {
        GridSpec spec = GridSpec.of(0.5, 6, 1.0, 1.0, true);
        float[] two = {ATOM[0], ATOM[1], ATOM[2], ATOM[0], ATOM[1], ATOM[2]};
        float[] radii = {R, R};
        int center = (6 * 13 + 6) * 13 + 6;
        try (GridMaker gm = new GridMaker(spec)) {
            float[] g = new float[spec.pointsPerChannel()];
            gm.forward(two, new int[] {0, 0}, radii, CENTER, g);
            assertEquals(1f, g[center]);
            gm.forward(two, new float[] {0.25f, 0.5f}, radii, CENTER, g);
            assertEquals(0.75f, g[center]);
        }
    }

    @Test
    void densitiesAddAndAccumulateAdds() {
        GridSpec spec = GridSpec.of(0.5, 6, 1.0, 1.0, false);
        int center = (6 * 13 + 6) * 13 + 6;
        try (GridMaker gm = new GridMaker(spec)) {
            float[] g = new float[2 * spec.pointsPerChannel()];
            gm.forward(ATOM, new float[] {0.5f, -2f}, new float[] {R}, CENTER, g);
            assertEquals(0.5 * G1[0], g[center], REL);
            assertEquals(-2 * G1[0], g[spec.pointsPerChannel() + center], 2 * REL);
            gm.forwardAccumulate(ATOM, new int[] {1}, new float[] {R}, CENTER, g);
            assertEquals(-G1[0], g[spec.pointsPerChannel() + center], 2 * REL);
            gm.forward(ATOM, new int[] {-1}, new float[] {R}, CENTER, g); // skipped atom: all zero
            for (float x : g) {
                assertEquals(0f, x);
            }
        }
    }
}
