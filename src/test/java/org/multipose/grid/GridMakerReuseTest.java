package org.multipose.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.multipose.config.GridSpec;

/**
 * A GridMaker reuses the tables of its last call: results must not depend on what it computed before. A sequence
 * of calls of different sizes, widths and atom ranges on one instance gives the same bits as each call on a fresh
 * instance (whose results the other grid tests check against the double reference), and the reuse did happen.
 */
class GridMakerReuseTest {

    static final GridSpec SPEC = GridSpec.of(0.5, 11.5, 1.0, 1.0, false);
    static final int CHANNELS = 3;

    record Pose(float[] xyz, float[] radii, int[] types) {
    }

    private static Pose pose(long seed, int atoms, double maxRadius) {
        return pose(seed, atoms, 1.2, maxRadius);
    }

    private static Pose pose(long seed, int atoms, double minRadius, double maxRadius) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] xyz = new float[3 * atoms];
        float[] radii = new float[atoms];
        int[] types = new int[atoms];
        for (int a = 0; a < atoms; a++) {
            for (int ax = 0; ax < 3; ax++) {
                xyz[3 * a + ax] = (float) rng.nextDouble(-5, 5);
            }
            radii[a] = (float) rng.nextDouble(minRadius, maxRadius);
            types[a] = rng.nextInt(-1, CHANNELS);
        }
        radii[0] = (float) maxRadius; // the table width follows the largest radius
        return new Pose(xyz, radii, types);
    }

    private static final double[] CENTER = {0.2, -0.1, 0.3};

    private static float[] gamma(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] g = new float[CHANNELS * SPEC.pointsPerChannel()];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) rng.nextDouble(-1, 1);
        }
        return g;
    }

    private static float[] forward(GridMaker gm, Pose p) {
        float[] grid = new float[gm.gridLength(CHANNELS)];
        gm.forward(p.xyz, p.types, p.radii, CENTER, grid);
        return grid;
    }

    /** Backward to coordinates of the atoms [from, to); the other rows keep a NaN sentinel. */
    private static float[] backward(GridMaker gm, Pose p, float[] gamma, int from, int to) {
        float[] out = new float[p.xyz.length];
        Arrays.fill(out, Float.NaN);
        gm.backward(p.xyz, p.types, p.radii, CENTER, gamma, from, to, out);
        return out;
    }

    /**
     * Atoms so small that the table width is under a third of a vector (radii 0.05–0.15 Å: cutoffs under half a grid step, width 4)
     * after larger ones: the reused and the fresh tables give the same bits, and the grid holds density.
     */
    @Test
    void tinyAtomsAfterLargeOnes() {
        Pose tiny = pose(5, 40, 0.05, 0.15);
        Pose big = pose(6, 80, 2.0);
        try (GridMaker used = new GridMaker(SPEC, 2, true, 0); GridMaker fresh = new GridMaker(SPEC, 1, true)) {
            forward(used, big);
            float[] f = forward(used, tiny);
            float[] g = forward(fresh, tiny);
            assertArrayEquals(g, f, "forward of tiny atoms after large ones");
            double sum = 0;
            for (float v : g) {
                sum += v;
            }
            assertTrue(sum > 0, "tiny atoms still reach grid points");
        }
    }

    @ParameterizedTest(name = "vector kernels allowed: {0}, threads: {1}")
    @CsvSource({"true, 1", "false, 1", "true, 2"})
    void callsAfterOtherCallsGiveTheBitsOfAFreshInstance(boolean vector, int threads) {
        Pose big = pose(1, 120, 2.0);
        Pose small = pose(2, 30, 2.0); // same widest atom: may take big's tables
        Pose wide = pose(3, 30, 2.6); // wider tables: allocates its own
        float[] gamma = gamma(4);
        // threads = 2 with every call split: tables built by two atom blocks and read by two slabs
        try (GridMaker used = new GridMaker(SPEC, threads, vector, 0)) {
            forward(used, big);
            backward(used, big, gamma, 0, 120);
            float[] f1 = forward(used, small);
            float[] b1 = backward(used, small, gamma, 0, 30);
            float[] b2 = backward(used, small, gamma, 7, 19);
            float[] f2 = forward(used, wide);
            float[] f3 = forward(used, small);
            // reused: the first small forward (big's), both small backward calls (big's); the wide pose and the
            // small one after it differ in width from the tables they find
            assertEquals(used.vectorised() ? 3 : 1, used.tableReuses(), "tables taken from an earlier call"); // the plain backward keeps none
            try (GridMaker fresh = new GridMaker(SPEC, 1, vector)) {
                float[] f = forward(fresh, small);
                assertArrayEquals(f, f1, "forward after a larger pose");
                assertArrayEquals(f, f3, "forward after a wider pose");
                assertArrayEquals(forward(fresh, wide), f2, "forward of a wider pose");
            }
            try (GridMaker fresh = new GridMaker(SPEC, 1, vector)) {
                assertArrayEquals(backward(fresh, small, gamma, 0, 30), b1, "backward after a larger pose");
            }
            try (GridMaker fresh = new GridMaker(SPEC, 1, vector)) {
                assertArrayEquals(backward(fresh, small, gamma, 7, 19), b2, "backward of atoms [7, 19)");
            }
        }
    }
}
