package org.multipose.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.grid.GridFixture.CHANNELS;
import static org.multipose.grid.GridFixture.TYPES;
import static org.multipose.grid.GridFixture.oneHot;
import static org.multipose.grid.GridFixture.toDouble;
import static org.multipose.grid.GridFixture.toFloat;

import org.junit.jupiter.api.Test;

/**
 * First-order backward of {@link GridMaker} against central finite differences of the double-precision
 * {@link ReferenceDensity} (step 1e-6 Å; grid points within 1e-5 Å of a shell get Γ = 0, see MATH.md §1).
 */
class GridMakerGradientTest {

    static final double STEP = 1e-6;
    static final double SHELL_MARGIN = 1e-5;
    /**
     * Production (float32) gradient vs double finite differences, relative to the size of the atom's terms
     * Σ_p |γ ρ'| (cancellation makes a bare relative error meaningless for near-zero sums).
     */
    static final double TOL_FLOAT = 5e-8;
    /** The double reference's own analytic gradient vs its finite differences (checks the test's method). */
    static final double TOL_DOUBLE = 1e-9;

    @Test
    void coordinateGradientMatchesFiniteDifferencesWithIndexTypes() {
        for (GridFixture fx : GridFixture.all()) {
            checkCoordinates(fx, true);
        }
    }

    @Test
    void coordinateGradientMatchesFiniteDifferencesWithTypeWeights() {
        for (GridFixture fx : GridFixture.all()) {
            checkCoordinates(fx, false);
        }
    }

    private static void checkCoordinates(GridFixture fx, boolean indexed) {
        ReferenceDensity ref = fx.ref;
        double[] c = toDouble(fx.coords);
        double[] r = toDouble(fx.radii);
        float[] wf = indexed ? oneHot(TYPES, CHANNELS) : fx.weights;
        double[] w = toDouble(wf);
        double[] gam = toDouble(fx.gamma);
        int zeroed = ref.zeroNearShells(c, r, fx.center, gam, CHANNELS, SHELL_MARGIN);
        if (fx.spec.gaussianMultiple() == 1.0) {
            // atom 0 (radius 1, on a grid point) has its G shell exactly through grid points: they must be excluded
            assertTrue(zeroed >= 6, fx.name + ": expected the points on atom 0's shell to be excluded, got " + zeroed);
        }
        float[] gf = toFloat(gam);
        float[] got = new float[fx.coords.length];
        try (GridMaker gm = new GridMaker(fx.spec)) {
            if (indexed) {
                gm.backward(fx.coords, TYPES, fx.radii, fx.center, gf, got);
            } else {
                gm.backward(fx.coords, wf, fx.radii, fx.center, gf, got);
            }
        }
        double[] analyticRef = ref.backward(c, w, r, fx.center, gam, CHANNELS);
        for (int a = 0; a < fx.atoms(); a++) {
            double scale = ref.gradientScale(c, w, r, fx.center, gam, CHANNELS, a);
            for (int ax = 0; ax < 3; ax++) {
                double x = c[3 * a + ax];
                c[3 * a + ax] = x + STEP;
                double lp = ref.atomLoss(c, w, r, fx.center, gam, CHANNELS, a);
                c[3 * a + ax] = x - STEP;
                double lm = ref.atomLoss(c, w, r, fx.center, gam, CHANNELS, a);
                c[3 * a + ax] = x;
                double fd = (lp - lm) / (2 * STEP);
                String where = fx.name + (indexed ? " index" : " weights") + " atom " + a + " axis " + ax;
                assertEquals(fd, analyticRef[3 * a + ax], TOL_DOUBLE * scale + 1e-12, where + " (reference)");
                assertEquals(fd, got[3 * a + ax], TOL_FLOAT * scale + 1e-12, where + " scale " + scale);
            }
            if (indexed && TYPES[a] < 0) {
                assertEquals(0f, got[3 * a]);
            }
        }
    }

    @Test
    void typeWeightGradientMatchesFiniteDifferences() {
        for (GridFixture fx : GridFixture.all()) {
            ReferenceDensity ref = fx.ref;
            double[] c = toDouble(fx.coords);
            double[] r = toDouble(fx.radii);
            double[] w = toDouble(fx.weights);
            double[] gam = toDouble(fx.gamma);
            float[] got = new float[fx.atoms() * CHANNELS];
            try (GridMaker gm = new GridMaker(fx.spec)) {
                gm.backwardTypeWeights(fx.coords, fx.radii, fx.center, fx.gamma, got);
            }
            for (int a = 0; a < fx.atoms(); a++) {
                double scale = ref.weightScale(c, r, fx.center, gam, CHANNELS, a);
                assertTrue(scale > 0, fx.name + " atom " + a + " touches the grid");
                for (int t = 0; t < CHANNELS; t++) {
                    double x = w[a * CHANNELS + t];
                    w[a * CHANNELS + t] = x + STEP;
                    double lp = ref.atomLoss(c, w, r, fx.center, gam, CHANNELS, a);
                    w[a * CHANNELS + t] = x - STEP;
                    double lm = ref.atomLoss(c, w, r, fx.center, gam, CHANNELS, a);
                    w[a * CHANNELS + t] = x;
                    double fd = (lp - lm) / (2 * STEP);
                    assertEquals(fd, got[a * CHANNELS + t], TOL_FLOAT * scale + 1e-12,
                            fx.name + " atom " + a + " channel " + t);
                }
            }
        }
    }

    @Test
    void atomSubRangeWritesOnlyThoseRows() {
        GridFixture fx = GridFixture.gaussian1();
        float[] all = new float[fx.coords.length];
        float[] part = new float[fx.coords.length];
        java.util.Arrays.fill(part, 7f);
        try (GridMaker gm = new GridMaker(fx.spec)) {
            gm.backward(fx.coords, fx.weights, fx.radii, fx.center, fx.gamma, all);
            gm.backward(fx.coords, fx.weights, fx.radii, fx.center, fx.gamma, 2, 5, part);
        }
        for (int i = 0; i < all.length; i++) {
            int a = i / 3;
            assertEquals(a >= 2 && a < 5 ? all[i] : 7f, part[i], "component " + i);
        }
    }
}
