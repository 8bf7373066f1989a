package org.multipose.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.grid.GridFixture.toDouble;
import static org.multipose.grid.GridFixture.toFloat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.multipose.config.GridSpec;

/**
 * The vector kernels ({@link VectorKernels}: one window of lanes per grid row of an atom) against the plain loops
 * and the double reference, on the cases the windows must get right: atoms on grid points, on and beyond every
 * face and corner (windows moved left at the end of a row), tiny radii (a box narrower than a window), large radii
 * (boxes needing two or three windows), G = 1, G = 1.5, truncated and binary grids, several threads.
 */
class GridMakerVectorPathTest {

    static final int CHANNELS = 3;
    /** Radius (Å) below which an atom's cutoff sphere holds only a handful of grid points. */
    static final double TINY = 0.5;
    /**
     * Gradient of an atom made of a handful of terms, relative to the size of its terms: GridMakerGradientTest's
     * 5e-8 relies on many terms averaging their float roundings out; one term alone carries the rounding of its
     * three exp tables and ≤ 5 float operations (8 half-ulps = 4.8e-7 relative).
     */
    static final double TOL_FEW_TERMS = 5e-7;
    /** Points per side: at least two windows wide, so windows both start at a box and are moved left. */
    static final int N = Math.max(33, 2 * VectorKernels.LANES + 1);

    /** Atoms of the edge-case pose (coordinates, radii, index types, weights) on a grid with spec {@code spec}. */
    private static final class Pose {
        final GridSpec spec;
        final double[] center = {0.25, -1.5, 2.0};
        final float[] coords;
        final float[] radii;
        final int[] types;
        final float[] weights;

        Pose(GridSpec spec, long seed) {
            this.spec = spec;
            SplittableRandom rng = new SplittableRandom(seed);
            double h = spec.resolution();
            double lo = -spec.dimension() / 2;
            double hi = spec.dimension() / 2;
            // {x, y, z} offsets from the center, radius
            double[][] special = {
                {0, 0, 0, 1.6}, // exactly on the middle grid point
                {lo, lo, lo, 1.9}, // on the first corner point
                {hi, hi, hi, 1.9}, // on the last corner point
                {hi - 0.3, 0.7 * h, 0.1, 2.1}, // near the +x face
                {0.2, lo + 0.35, hi - 0.45, 1.8}, // near −y and +z: the z windows end at the row's end
                {0.3, 0.1, hi + 1.1, 1.7}, // beyond the +z face, its sphere still reaching in
                {-0.4, 0.2, lo - 0.9, 1.7}, // beyond the −z face
                {hi + 0.2 + 1.0, 0, 0, 1.5}, // beyond the +x face
                {1.0 * h, -2.0 * h, 3.0 * h, 0.21}, // tiny, on a grid point: a one-point box row
                {0.37, -0.81, 1.13, 0.3}, // tiny
                {0.11, 0.23, -0.34, 4.3}, // large: a box wider than one window
                {lo + 1.3, 0.4, hi - 2.2, 5.1}, // large, clipped by two faces
                {0, 0, 100, 2}, // far outside: touches nothing
            };
            int random = 8;
            int atoms = special.length + random;
            coords = new float[3 * atoms];
            radii = new float[atoms];
            for (int a = 0; a < atoms; a++) {
                for (int ax = 0; ax < 3; ax++) {
                    double off = a < special.length ? special[a][ax] : rng.nextDouble(-4, 4);
                    coords[3 * a + ax] = (float) (center[ax] + off);
                }
                radii[a] = (float) (a < special.length ? special[a][3] : rng.nextDouble(1.2, 2.3));
            }
            types = new int[atoms];
            weights = new float[atoms * CHANNELS];
            for (int a = 0; a < atoms; a++) {
                types[a] = a == 5 ? -1 : rng.nextInt(CHANNELS);
                for (int t = 0; t < CHANNELS; t++) {
                    weights[a * CHANNELS + t] = rng.nextInt(3) == 0 ? 0f : (float) rng.nextDouble(-1.5, 1.5);
                }
            }
            weights[2 * CHANNELS + 1] = 1f; // a weight of exactly 1 next to others
        }

        int atoms() {
            return radii.length;
        }
    }

    private static GridSpec spec(double g, boolean binary, double radiusScale) {
        return GridSpec.of(0.5, 0.5 * (N - 1), radiusScale, g, binary);
    }

    private static GridSpec[] specs() {
        return new GridSpec[] {spec(1.0, false, 1.0), spec(1.5, false, 0.9), spec(-1.5, false, 1.1),
            spec(1.0, true, 1.0)};
    }

    @Test
    void theProjectRunsTheVectorKernels() {
        // surefire and the launcher start the JVM with --add-modules jdk.incubator.vector (pom.xml jvm.flags)
        try (GridMaker gm = new GridMaker(spec(1, false, 1))) {
            assertTrue(gm.vectorised(), "the Vector API is not available: is --add-modules jdk.incubator.vector"
                    + " missing from the JVM flags?");
        }
        try (GridMaker plain = new GridMaker(spec(1, false, 1), 1, false);
                GridMaker small = new GridMaker(GridSpec.of(0.5, 0.5 * (VectorKernels.LANES - 2), 1, 1, false))) {
            assertTrue(!plain.vectorised() && !small.vectorised(), "rows shorter than a window use the plain loops");
        }
    }

    @Test
    void forwardIsBitIdenticalToThePlainLoops() {
        for (GridSpec spec : specs()) {
            Pose p = new Pose(spec, 7);
            int len = CHANNELS * spec.pointsPerChannel();
            for (int threads : new int[] {1, 3}) {
                try (GridMaker vec = new GridMaker(spec, threads, true, 0);
                        GridMaker plain = new GridMaker(spec, 1, false)) {
                    String what = spec + " threads " + threads;
                    float[] a = new float[len];
                    float[] b = new float[len];
                    vec.forward(p.coords, p.types, p.radii, p.center, a);
                    plain.forward(p.coords, p.types, p.radii, p.center, b);
                    assertBitsEqual(b, a, what + " index types");
                    assertTrue(nonZero(a) > 2000, what + ": " + nonZero(a));
                    vec.forward(p.coords, p.weights, p.radii, p.center, a);
                    plain.forward(p.coords, p.weights, p.radii, p.center, b);
                    assertBitsEqual(b, a, what + " type weights");
                    vec.forwardAccumulate(p.coords, p.types, p.radii, p.center, a);
                    plain.forwardAccumulate(p.coords, p.types, p.radii, p.center, b);
                    assertBitsEqual(b, a, what + " accumulate");
                }
            }
        }
    }

    @Test
    void forwardMatchesTheReference() {
        // the same bounds as GridMakerForwardTest, on the edge-case pose
        for (GridSpec spec : specs()) {
            if (spec.binary()) {
                continue; // covered bit for bit above and by DensityProfileTest
            }
            Pose p = new Pose(spec, 8);
            ReferenceDensity ref = new ReferenceDensity(spec.resolution(), spec.dimension(), spec.radiusScale(),
                    spec.gaussianMultiple());
            double[] w = toDouble(p.weights);
            double[] absW = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                absW[i] = Math.abs(w[i]);
            }
            double[] c = toDouble(p.coords);
            double[] r = toDouble(p.radii);
            double[] expected = ref.forward(c, w, r, p.center, CHANNELS);
            double[] scale = ref.forward(c, absW, r, p.center, CHANNELS);
            double[] touching = ref.support(c, absW, r, p.center, CHANNELS);
            float[] got = new float[CHANNELS * spec.pointsPerChannel()];
            try (GridMaker gm = new GridMaker(spec)) {
                gm.forward(p.coords, p.weights, p.radii, p.center, got);
            }
            for (int i = 0; i < got.length; i++) {
                double tol = GridMakerForwardTest.REL * scale[i] + GridMakerForwardTest.ABS * touching[i];
                assertEquals(expected[i], got[i], tol, spec + " point " + i);
                if (expected[i] == 0) {
                    assertEquals(0f, got[i], spec + " point " + i + " is outside every atom's cutoff");
                }
            }
        }
    }

    @Test
    void coordinateGradientOfBothPathsMatchesTheReference() {
        for (GridSpec spec : specs()) {
            if (spec.binary()) {
                continue;
            }
            Pose p = new Pose(spec, 9);
            ReferenceDensity ref = new ReferenceDensity(spec.resolution(), spec.dimension(), spec.radiusScale(),
                    spec.gaussianMultiple());
            double[] c = toDouble(p.coords);
            double[] r = toDouble(p.radii);
            SplittableRandom rng = new SplittableRandom(3);
            double[] gam = new double[CHANNELS * spec.pointsPerChannel()];
            for (int i = 0; i < gam.length; i++) {
                gam[i] = rng.nextDouble(-1, 1);
            }
            ref.zeroNearShells(c, r, p.center, gam, CHANNELS, GridMakerGradientTest.SHELL_MARGIN);
            float[] gf = toFloat(gam);
            for (boolean indexed : new boolean[] {true, false}) {
                float[] wf = indexed ? GridFixture.oneHot(p.types, CHANNELS) : p.weights;
                double[] w = toDouble(wf);
                double[] expected = ref.backward(c, w, r, p.center, gam, CHANNELS);
                for (boolean vector : new boolean[] {true, false}) {
                    float[] got = new float[p.coords.length];
                    Arrays.fill(got, Float.NaN);
                    try (GridMaker gm = new GridMaker(spec, vector ? 2 : 1, vector, 0)) {
                        if (indexed) {
                            gm.backward(p.coords, p.types, p.radii, p.center, gf, got);
                        } else {
                            gm.backward(p.coords, wf, p.radii, p.center, gf, got);
                        }
                    }
                    for (int a = 0; a < p.atoms(); a++) {
                        double s = ref.gradientScale(c, w, r, p.center, gam, CHANNELS, a);
                        double tol = p.radii[a] < TINY ? TOL_FEW_TERMS : GridMakerGradientTest.TOL_FLOAT;
                        for (int ax = 0; ax < 3; ax++) {
                            assertEquals(expected[3 * a + ax], got[3 * a + ax], tol * s + 1e-12, spec
                                    + (indexed ? " index" : " weights") + (vector ? " vector" : " plain") + " atom " + a
                                    + " axis " + ax);
                        }
                    }
                }
            }
        }
    }

    @Test
    void typeWeightGradientOfBothPathsMatchesTheReference() {
        for (GridSpec spec : specs()) {
            if (spec.binary()) {
                continue;
            }
            Pose p = new Pose(spec, 10);
            ReferenceDensity ref = new ReferenceDensity(spec.resolution(), spec.dimension(), spec.radiusScale(),
                    spec.gaussianMultiple());
            double[] c = toDouble(p.coords);
            double[] r = toDouble(p.radii);
            SplittableRandom rng = new SplittableRandom(4);
            int points = spec.pointsPerChannel();
            double[] gam = new double[CHANNELS * points];
            for (int i = 0; i < gam.length; i++) {
                gam[i] = rng.nextDouble(-1, 1);
            }
            ref.zeroNearShells(c, r, p.center, gam, CHANNELS, GridMakerGradientTest.SHELL_MARGIN);
            float[] gf = toFloat(gam);
            // ∂L/∂w_{a,t} = Σ_p Γ_t(p) ρ_a(p), straight from the reference profile
            double[] expected = new double[p.atoms() * CHANNELS];
            for (int a = 0; a < p.atoms(); a++) {
                for (int q = 0; q < points; q++) {
                    double rho = ref.rho(ref.distance(c, a, q, p.center), r[a] * spec.radiusScale());
                    for (int t = 0; t < CHANNELS; t++) {
                        expected[a * CHANNELS + t] += gam[t * points + q] * rho;
                    }
                }
            }
            for (boolean vector : new boolean[] {true, false}) {
                float[] got = new float[p.atoms() * CHANNELS];
                try (GridMaker gm = new GridMaker(spec, vector ? 2 : 1, vector, 0)) {
                    gm.backwardTypeWeights(p.coords, p.radii, p.center, gf, got);
                }
                for (int a = 0; a < p.atoms(); a++) {
                    double s = ref.weightScale(c, r, p.center, gam, CHANNELS, a);
                    double tol = p.radii[a] < TINY ? TOL_FEW_TERMS : GridMakerGradientTest.TOL_FLOAT;
                    for (int t = 0; t < CHANNELS; t++) {
                        assertEquals(expected[a * CHANNELS + t], got[a * CHANNELS + t], tol * s + 1e-12,
                                spec + (vector ? " vector" : " plain") + " atom " + a + " channel " + t);
                    }
                }
            }
        }
    }

    /**
     * The second-order outputs per atom (∂L2/∂a, ∂L2/∂w) of the two paths agree within the sum of their bounds
     * (each path is checked against finite differences of the reference in GridMakerSecondOrderTest; this pose
     * adds the window cases). The grid output (∂L2/∂Γ) comes from the plain loops on both.
     */
    @Test
    void secondOrderOfBothPathsAgrees() {
        for (GridSpec spec : specs()) {
            if (spec.binary()) {
                continue;
            }
            Pose p = new Pose(spec, 11);
            ReferenceDensity ref = new ReferenceDensity(spec.resolution(), spec.dimension(), spec.radiusScale(),
                    spec.gaussianMultiple());
            double[] c = toDouble(p.coords);
            double[] r = toDouble(p.radii);
            SplittableRandom rng = new SplittableRandom(5);
            double[] gam = new double[CHANNELS * spec.pointsPerChannel()];
            for (int i = 0; i < gam.length; i++) {
                gam[i] = rng.nextDouble(-1, 1);
            }
            ref.zeroNearShells(c, r, p.center, gam, CHANNELS, GridMakerGradientTest.SHELL_MARGIN);
            float[] gf = toFloat(gam);
            float[] vf = new float[p.coords.length];
            for (int i = 0; i < vf.length; i++) {
                vf[i] = i / 3 == 3 ? 0f : (float) rng.nextDouble(-1, 1); // atom 3: V = 0
            }
            double[] v = toDouble(vf);
            double[] w = toDouble(p.weights);
            float[][] out = new float[2][];
            float[][] outW = new float[2][];
            for (int k = 0; k < 2; k++) {
                out[k] = new float[p.coords.length];
                outW[k] = new float[p.atoms() * CHANNELS];
                try (GridMaker gm = new GridMaker(spec, k == 0 ? 2 : 1, k == 0, 0)) {
                    gm.backwardSecondOrder(p.coords, p.weights, p.radii, p.center, gf, vf,
                            new float[gf.length], out[k], outW[k]);
                }
            }
            for (int a = 0; a < p.atoms(); a++) {
                double tol = 2 * (p.radii[a] < TINY ? TOL_FEW_TERMS : GridMakerSecondOrderTest.TOL);
                double sA = ref.secondOrderScale(c, w, r, p.center, gam, CHANNELS, a, v);
                double sW = ref.weightSecondOrderScale(c, r, p.center, gam, CHANNELS, a, v);
                for (int ax = 0; ax < 3; ax++) {
                    assertEquals(out[1][3 * a + ax], out[0][3 * a + ax], tol * sA + 1e-12,
                            spec + " dL2/da atom " + a + " axis " + ax);
                }
                for (int t = 0; t < CHANNELS; t++) {
                    assertEquals(outW[1][a * CHANNELS + t], outW[0][a * CHANNELS + t], tol * sW + 1e-12,
                            spec + " dL2/dw atom " + a + " channel " + t);
                }
                if (a == 3) {
                    assertEquals(0f, out[0][9] + out[0][10] + out[0][11], "V = 0 gives 0");
                }
            }
        }
    }

    private static int nonZero(float[] x) {
        int k = 0;
        for (float v : x) {
            k += v != 0 ? 1 : 0;
        }
        return k;
    }

    private static void assertBitsEqual(float[] expected, float[] got, String what) {
        int[] e = new int[expected.length];
        int[] g = new int[got.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Float.floatToRawIntBits(expected[i]);
            g[i] = Float.floatToRawIntBits(got[i]);
        }
        assertArrayEquals(e, g, what);
    }
}
