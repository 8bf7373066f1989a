package org.multipose.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.grid.GridFixture.CHANNELS;
import static org.multipose.grid.GridFixture.TYPES;
import static org.multipose.grid.GridFixture.oneHot;
import static org.multipose.grid.GridFixture.toDouble;
import static org.multipose.grid.GridFixture.toFloat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Second-order backward ("backward of backward") for L2 = Σ_a V_a · g_a, g = the coordinate gradient, against
 * central differences of the first-order backward: tightly against the double-precision reference's backward
 * (itself checked against finite differences of the density in {@link GridMakerGradientTest}), and loosely
 * against GridMaker's own float backward.
 */
class GridMakerSecondOrderTest {

    static final double STEP = 1e-6;
    static final double SHELL_MARGIN = 1e-5;
    /** Float32 result vs double central differences, relative to Σ_p |γ| (|ρ''| + |ρ'/d|) |V_a|. */
    static final double TOL = 5e-8;
    /** A single float32 grid entry: a few ulp (float storage alone is up to 6e-8 relative). */
    static final double TOL_ENTRY = 3e-7;

    private static float[] upstream(int atoms, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[3 * atoms];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble(-1, 1);
        }
        v[12] = 0f; // atom 4: a zero row of V contributes nothing
        v[13] = 0f;
        v[14] = 0f;
        return v;
    }

    /** V · g^ref for the coordinates c: the second-order loss, in double. */
    private static double loss2(ReferenceDensity ref, double[] c, double[] w, double[] r, double[] center,
            double[] gam, double[] v) {
        double[] g = ref.backward(c, w, r, center, gam, CHANNELS);
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            s += v[i] * g[i];
        }
        return s;
    }

    @Test
    void secondOrderMatchesFiniteDifferencesOfTheReferenceBackward() {
        for (GridFixture fx : GridFixture.all()) {
            for (boolean indexed : new boolean[] {true, false}) {
                check(fx, indexed);
            }
        }
    }

    private static void check(GridFixture fx, boolean indexed) {
        ReferenceDensity ref = fx.ref;
        String name = fx.name + (indexed ? " index" : " weights");
        double[] c = toDouble(fx.coords);
        double[] r = toDouble(fx.radii);
        float[] wf = indexed ? oneHot(TYPES, CHANNELS) : fx.weights;
        double[] w = toDouble(wf);
        double[] gam = toDouble(fx.gamma);
        ref.zeroNearShells(c, r, fx.center, gam, CHANNELS, SHELL_MARGIN);
        float[] gf = toFloat(gam);
        float[] vf = upstream(fx.atoms(), 5);
        double[] v = toDouble(vf);

        float[] dGamma = new float[fx.gridLength()];
        float[] dA = new float[fx.coords.length];
        float[] dW = new float[fx.atoms() * CHANNELS];
        try (GridMaker gm = new GridMaker(fx.spec)) {
            if (indexed) {
                gm.backwardSecondOrder(fx.coords, TYPES, fx.radii, fx.center, gf, vf, dGamma, dA, dW);
            } else {
                gm.backwardSecondOrder(fx.coords, wf, fx.radii, fx.center, gf, vf, dGamma, dA, dW);
            }
        }

        // ∂L2/∂a
        for (int a = 0; a < fx.atoms(); a++) {
            double scale = ref.secondOrderScale(c, w, r, fx.center, gam, CHANNELS, a, v);
            for (int ax = 0; ax < 3; ax++) {
                double x = c[3 * a + ax];
                c[3 * a + ax] = x + STEP;
                double lp = loss2(ref, c, w, r, fx.center, gam, v);
                c[3 * a + ax] = x - STEP;
                double lm = loss2(ref, c, w, r, fx.center, gam, v);
                c[3 * a + ax] = x;
                double fd = (lp - lm) / (2 * STEP);
                assertEquals(fd, dA[3 * a + ax], TOL * scale + 1e-12, name + " dL2/da atom " + a + " axis " + ax);
            }
        }
        // ∂L2/∂w: L2 is linear in w, the central difference is exact up to rounding.
        for (int a = 0; a < fx.atoms(); a++) {
            double scale = ref.weightSecondOrderScale(c, r, fx.center, gam, CHANNELS, a, v);
            for (int t = 0; t < CHANNELS; t++) {
                double x = w[a * CHANNELS + t];
                w[a * CHANNELS + t] = x + STEP;
                double lp = loss2(ref, c, w, r, fx.center, gam, v);
                w[a * CHANNELS + t] = x - STEP;
                double lm = loss2(ref, c, w, r, fx.center, gam, v);
                w[a * CHANNELS + t] = x;
                double fd = (lp - lm) / (2 * STEP);
                assertEquals(fd, dW[a * CHANNELS + t], TOL * scale + 1e-12, name + " dL2/dw atom " + a + " ch " + t);
                if (a == 4) {
                    assertEquals(0f, dW[a * CHANNELS + t], name + ": atom 4 has V = 0");
                }
            }
        }
        // ∂L2/∂Γ: L2 is linear in Γ; directional differences along random directions, and single entries.
        SplittableRandom rng = new SplittableRandom(9);
        double base = loss2(ref, c, w, r, fx.center, gam, v);
        double scaleAll = 0;
        for (int a = 0; a < fx.atoms(); a++) {
            scaleAll += ref.secondOrderScale(c, w, r, fx.center, gam, CHANNELS, a, v);
        }
        for (int rep = 0; rep < 3; rep++) {
            double[] dir = new double[gam.length];
            double dot = 0;
            for (int i = 0; i < dir.length; i++) {
                dir[i] = rng.nextDouble(-1, 1);
                dot += dir[i] * dGamma[i];
            }
            double[] gp = gam.clone();
            double[] gm = gam.clone();
            for (int i = 0; i < dir.length; i++) {
                gp[i] += dir[i];
                gm[i] -= dir[i];
            }
            double fd = (loss2(ref, c, w, r, fx.center, gp, v) - loss2(ref, c, w, r, fx.center, gm, v)) / 2;
            assertEquals(fd, dot, TOL * scaleAll * 10 + 1e-12, name + " dL2/dΓ direction " + rep);
        }
        int checked = 0;
        for (int p = 0; p < gam.length && checked < 25; p += 1 + rng.nextInt(150)) {
            double[] gp = gam.clone();
            gp[p] += 1;
            double fd = loss2(ref, c, w, r, fx.center, gp, v) - base;
            // size of the entry's terms: Σ_a |w_{a,t}| |ρ'(d)| |V_a|
            int t = p / ref.points();
            double scale = 0;
            for (int a = 0; a < fx.atoms(); a++) {
                double vn = Math.sqrt(v[3 * a] * v[3 * a] + v[3 * a + 1] * v[3 * a + 1] + v[3 * a + 2] * v[3 * a + 2]);
                double d = ref.distance(c, a, p % ref.points(), fx.center);
                scale += Math.abs(w[a * CHANNELS + t] * ref.drho(d, r[a] * fx.spec.radiusScale())) * vn;
            }
            assertEquals(fd, dGamma[p], TOL_ENTRY * scale + 1e-12, name + " dL2/dΓ entry " + p);
            if (fd != 0) {
                checked++;
            }
        }
        assertTrue(checked >= 10, name + ": too few non-zero Γ entries checked: " + checked);
    }

    /**
     * The same ∂L2/∂a against central differences of GridMaker's own (float32) first-order backward: step 0.01 Å
     * (float gradients are too coarse for 1e-6), points within 0.02 Å of a shell excluded, G = 1 and 1.5 (the
     * truncated density jumps, its gradient too). Tolerance 1e-4 of the term scale: the O(step²) truncation and
     * float noise / step.
     */
    @Test
    void secondOrderMatchesFiniteDifferencesOfTheFloatBackward() {
        for (GridFixture fx : new GridFixture[] {GridFixture.gaussian1(), GridFixture.gaussian15()}) {
            ReferenceDensity ref = fx.ref;
            double[] c = toDouble(fx.coords);
            double[] r = toDouble(fx.radii);
            double[] w = toDouble(fx.weights);
            double[] gam = toDouble(fx.gamma);
            ref.zeroNearShells(c, r, fx.center, gam, CHANNELS, 0.02);
            float[] gf = toFloat(gam);
            float[] vf = upstream(fx.atoms(), 6);
            double[] v = toDouble(vf);
            float[] dA = new float[fx.coords.length];
            try (GridMaker gm = new GridMaker(fx.spec)) {
                gm.backwardSecondOrder(fx.coords, fx.weights, fx.radii, fx.center, gf, vf,
                        new float[fx.gridLength()], dA, new float[fx.atoms() * CHANNELS]);
                float[] g = new float[fx.coords.length];
                for (int a = 0; a < fx.atoms(); a++) {
                    double scale = ref.secondOrderScale(c, w, r, fx.center, gam, CHANNELS, a, v);
                    for (int ax = 0; ax < 3; ax++) {
                        float[] cp = fx.coords.clone();
                        float x = fx.coords[3 * a + ax];
                        cp[3 * a + ax] = x + 0.01f;
                        double up = cp[3 * a + ax];
                        gm.backward(cp, fx.weights, fx.radii, fx.center, gf, g);
                        double lp = v[3 * a] * g[3 * a] + v[3 * a + 1] * g[3 * a + 1] + v[3 * a + 2] * g[3 * a + 2];
                        cp[3 * a + ax] = x - 0.01f;
                        double down = cp[3 * a + ax];
                        gm.backward(cp, fx.weights, fx.radii, fx.center, gf, g);
                        double lm = v[3 * a] * g[3 * a] + v[3 * a + 1] * g[3 * a + 1] + v[3 * a + 2] * g[3 * a + 2];
                        double fd = (lp - lm) / (up - down);
                        assertEquals(fd, dA[3 * a + ax], 1e-4 * scale + 1e-12,
                                fx.name + " float FD atom " + a + " axis " + ax);
                    }
                }
            }
        }
    }
}
