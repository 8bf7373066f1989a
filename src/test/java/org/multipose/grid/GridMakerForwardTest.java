package org.multipose.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.grid.GridFixture.CHANNELS;
import static org.multipose.grid.GridFixture.TYPES;
import static org.multipose.grid.GridFixture.oneHot;
import static org.multipose.grid.GridFixture.toDouble;

import org.junit.jupiter.api.Test;
import org.multipose.config.GridSpec;

/** The fast forward (tables, separable core, exact tail) against the brute-force double reference. */
class GridMakerForwardTest {

    /**
     * Relative to Σ_a |w_{a,t}| ρ_a(p) at each point: the Gaussian core is a product of three float-rounded exp
     * values (≤ 5 half-ulp = 3e-7), plus float rounding of the sums.
     */
    static final double REL = 4e-7;
    /**
     * Absolute, per unit of weight touching the point: the quadratic tail is evaluated in float, and A·(x − F)²
     * turns the few-ulp error of x = d/r' into ≤ 2A(F − G)·3 ulp(F) ≈ 1.5e-7 for G = 1 (less for G = 1.5).
     */
    static final double ABS = 2e-7;

    @Test
    void forwardMatchesTheDoubleReferenceEverywhere() {
        for (GridFixture fx : GridFixture.all()) {
            for (boolean indexed : new boolean[] {true, false}) {
                float[] wf = indexed ? oneHot(TYPES, CHANNELS) : fx.weights;
                double[] w = toDouble(wf);
                double[] absW = new double[w.length];
                for (int i = 0; i < w.length; i++) {
                    absW[i] = Math.abs(w[i]);
                }
                double[] c = toDouble(fx.coords);
                double[] r = toDouble(fx.radii);
                double[] expected = fx.ref.forward(c, w, r, fx.center, CHANNELS);
                double[] scale = fx.ref.forward(c, absW, r, fx.center, CHANNELS);
                double[] touching = fx.ref.support(c, absW, r, fx.center, CHANNELS);
                float[] got = new float[fx.gridLength()];
                java.util.Arrays.fill(got, 5f); // forward zero-fills
                try (GridMaker gm = new GridMaker(fx.spec)) {
                    if (indexed) {
                        gm.forward(fx.coords, TYPES, fx.radii, fx.center, got);
                    } else {
                        gm.forward(fx.coords, wf, fx.radii, fx.center, got);
                    }
                }
                int nonZero = 0;
                for (int i = 0; i < got.length; i++) {
                    assertEquals(expected[i], got[i], REL * scale[i] + ABS * touching[i], fx.name + " point " + i);
                    if (expected[i] == 0) {
                        assertEquals(0f, got[i], fx.name + " point " + i + " is outside every atom's cutoff");
                    } else {
                        nonZero++;
                    }
                }
                assertTrue(nonZero > 1000, fx.name + ": " + nonZero);
            }
        }
    }

    @Test
    void atomsOutsideTheGridLeaveItEmpty() {
        GridSpec spec = GridSpec.of(0.5, 4, 1, 1, false);
        float[] far = {100, 0, 0, 0, -3.6f, 0, 1e30f, 1e30f, -1e30f};
        float[] g = new float[spec.pointsPerChannel()];
        try (GridMaker gm = new GridMaker(spec)) {
            gm.forward(far, new int[] {0, 0, 0}, new float[] {2, 1, 2}, new double[3], g);
        }
        for (float x : g) {
            assertEquals(0f, x);
        }
    }

    @Test
    void badInputsAreRefusedWithTheAtomNamed() {
        GridSpec spec = GridSpec.of(0.5, 4, 1, 1, false);
        float[] g = new float[2 * spec.pointsPerChannel()];
        try (GridMaker gm = new GridMaker(spec)) {
            float[] xyz = {0, 0, 0, 1, 1, 1};
            float[] radii = {1.5f, 1.5f};
            double[] c = new double[3];
            String m = assertThrows(IllegalArgumentException.class,
                    () -> gm.forward(xyz, new int[] {0, 2}, radii, c, g)).getMessage();
            assertTrue(m.contains("atom 1") && m.contains("2 channels"), m);
            m = assertThrows(IllegalArgumentException.class,
                    () -> gm.forward(xyz, new int[] {0, 1}, new float[] {1.5f, 0}, c, g)).getMessage();
            assertTrue(m.contains("atom 1"), m);
            m = assertThrows(IllegalArgumentException.class,
                    () -> gm.forward(new float[] {0, 0, 0, Float.NaN, 0, 0}, new int[] {0, 1}, radii, c, g))
                    .getMessage();
            assertTrue(m.contains("atom 1") && m.contains("non-finite"), m);
            m = assertThrows(IllegalArgumentException.class,
                    () -> gm.forward(xyz, new int[] {0, 1}, radii, c, new float[7])).getMessage();
            assertTrue(m.contains("n³"), m);
            m = assertThrows(IllegalArgumentException.class,
                    () -> gm.forward(xyz, new float[3], radii, c, g)).getMessage();
            assertTrue(m.contains("N×T"), m);
        }
        try (GridMaker binary = new GridMaker(GridSpec.of(0.5, 4, 1, 1, true))) {
            assertThrows(IllegalStateException.class, () -> binary.backward(new float[3], new int[] {0},
                    new float[] {1}, new double[3], new float[spec.pointsPerChannel()], new float[3]));
        }
    }
}
