package org.multipose.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.grid.GridFixture.CHANNELS;
import static org.multipose.grid.GridFixture.TYPES;
import static org.multipose.grid.GridFixture.oneHot;
import static org.multipose.grid.GridFixture.toDouble;
import static org.multipose.grid.GridFixture.toFloat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Transforms tested by what can fail (MATH.md §1, augmentation). */
class TransformTest {

    static final double[] CENTER = {1.25, -2.5, 0.75};

    @Test
    void randomRotationsAreProper() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int s = 0; s < 2000; s++) {
            double[] r = Transform.random(rng, CENTER, 2, true).rotation();
            double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6])
                    + r[2] * (r[3] * r[7] - r[4] * r[6]);
            assertEquals(1, det, 1e-12, "det R");
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double dot = r[i] * r[j] + r[3 + i] * r[3 + j] + r[6 + i] * r[6 + j]; // (RᵀR)_ij
                    assertEquals(i == j ? 1 : 0, dot, 1e-12, "RᵀR");
                }
            }
        }
    }

    @Test
    void distancesArePreservedAndTheCenterStaysPut() {
        SplittableRandom rng = new SplittableRandom(2);
        float[] xyz = new float[3 * 20];
        for (int i = 0; i < xyz.length; i++) {
            xyz[i] = (float) (CENTER[i % 3] + rng.nextDouble(-8, 8));
        }
        for (int s = 0; s < 50; s++) {
            Transform tf = Transform.random(rng, CENTER, 0, true);
            float[] out = tf.apply(xyz);
            for (int a = 0; a < 20; a++) {
                assertEquals(dist(xyz, a, CENTER), dist(out, a, CENTER), 5e-6, "distance to the center");
                for (int b = 0; b < a; b++) {
                    assertEquals(dist(xyz, a, b), dist(out, a, b), 5e-6, "distance " + a + "-" + b);
                }
            }
            Transform moved = Transform.of(tf.quaternion(), CENTER, new double[] {1, -2, 0.5});
            float[] out2 = moved.apply(xyz);
            for (int a = 0; a < 20; a++) {
                assertEquals(out[3 * a] + 1, out2[3 * a], 1e-5);
                assertEquals(out[3 * a + 1] - 2, out2[3 * a + 1], 1e-5);
                assertEquals(out[3 * a + 2] + 0.5, out2[3 * a + 2], 1e-5);
            }
        }
    }

    @Test
    void rotationsAreUniformOverSo3() {
        // Haar measure on SO(3): E[R_ij] = 0, E[R_ij²] = 1/3, E[tr R] = 0, E[(tr R)²] = 1 (the rotation
        // representation is irreducible). A uniform-angle sampler would give E[tr R] = 1.
        SplittableRandom rng = new SplittableRandom(3);
        int samples = 20000;
        double[] mean = new double[9];
        double[] meanSq = new double[9];
        double tr = 0;
        double tr2 = 0;
        double[] t = new double[3];
        double[] t2 = new double[3];
        for (int s = 0; s < samples; s++) {
            Transform tf = Transform.random(rng, CENTER, 2, true);
            double[] r = tf.rotation();
            for (int i = 0; i < 9; i++) {
                mean[i] += r[i] / samples;
                meanSq[i] += r[i] * r[i] / samples;
            }
            double trace = r[0] + r[4] + r[8];
            tr += trace / samples;
            tr2 += trace * trace / samples;
            double[] tt = tf.translation();
            for (int ax = 0; ax < 3; ax++) {
                assertTrue(Math.abs(tt[ax]) <= 2, "translation within [-2, 2]");
                t[ax] += tt[ax] / samples;
                t2[ax] += tt[ax] * tt[ax] / samples;
            }
        }
        // standard errors: R_ij ~ 0.004, R_ij² ~ 0.002, tr ~ 0.007, tr² ~ 0.012; bounds ≈ 5 standard errors
        for (int i = 0; i < 9; i++) {
            assertEquals(0, mean[i], 0.02, "mean R[" + i + "]");
            assertEquals(1.0 / 3, meanSq[i], 0.012, "mean R[" + i + "]²");
        }
        assertEquals(0, tr, 0.035, "mean trace");
        assertEquals(1, tr2, 0.06, "mean trace²");
        for (int ax = 0; ax < 3; ax++) {
            assertEquals(0, t[ax], 0.04, "mean translation");
            assertEquals(4.0 / 3, t2[ax], 0.05, "mean squared translation (uniform on [-2,2]: 4/3)");
        }
    }

    @Test
    void seededGeneratorsRepeatAndNoRotationIsIdentity() {
        Transform a = Transform.random(new SplittableRandom(7), CENTER, 1.5, true);
        Transform b = Transform.random(new SplittableRandom(7), CENTER, 1.5, true);
        assertArrayEquals(a.quaternion(), b.quaternion());
        assertArrayEquals(a.translation(), b.translation());
        Transform c = Transform.random(new SplittableRandom(7), CENTER, 1.5, false);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, c.rotation());
    }

    @Test
    void griddingThroughTheTransformEqualsGriddingRotatedCoordinates() {
        GridFixture fx = GridFixture.gaussian1();
        Transform tf = Transform.random(new SplittableRandom(4), fx.center, 1.0, true);
        try (GridMaker gm = new GridMaker(fx.spec)) {
            float[] through = new float[fx.gridLength()];
            gm.forward(fx.coords, fx.weights, fx.radii, tf, through);
            float[] rotated = new float[fx.gridLength()];
            gm.forward(tf.apply(fx.coords), fx.weights, fx.radii, fx.center, rotated);
            assertArrayEquals(rotated, through);
        }
    }

    @Test
    void aQuarterTurnAboutZPermutesTheGrid() {
        // The grid is symmetric about its center, so rotating the atoms by 90° about z (x → −y... i.e.
        // (x, y) → (−y, x)) must give the grid G'[i][j][k] = G[j][n−1−i][k].
        GridFixture fx = GridFixture.gaussian1();
        double s = Math.sqrt(0.5);
        Transform quarter = Transform.of(new double[] {s, 0, 0, s}, fx.center, new double[3]);
        double[] r = quarter.rotation();
        assertArrayEquals(new double[] {0, -1, 0, 1, 0, 0, 0, 0, 1}, r, 1e-15);
        int n = fx.spec.pointsPerSide();
        try (GridMaker gm = new GridMaker(fx.spec)) {
            float[] g = new float[fx.gridLength()];
            gm.forward(fx.coords, fx.weights, fx.radii, fx.center, g);
            float[] gr = new float[fx.gridLength()];
            gm.forward(fx.coords, fx.weights, fx.radii, quarter, gr);
            for (int t = 0; t < CHANNELS; t++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        for (int k = 0; k < n; k++) {
                            float want = g[((t * n + j) * n + (n - 1 - i)) * n + k];
                            float got = gr[((t * n + i) * n + j) * n + k];
                            assertEquals(want, got, 2e-6, "channel " + t + " point " + i + "," + j + "," + k);
                        }
                    }
                }
            }
        }
    }

    @Test
    void gradientsThroughTheTransformMatchFiniteDifferences() {
        for (GridFixture fx : GridFixture.all()) {
            Transform tf = Transform.random(new SplittableRandom(5), fx.center, 0.7, true);
            double[] rot = tf.rotation();
            double[] tr = tf.translation();
            double[] c = toDouble(fx.coords);
            double[] r = toDouble(fx.radii);
            double[] w = toDouble(oneHot(TYPES, CHANNELS));
            double[] gam = toDouble(fx.gamma);
            ReferenceDensity ref = fx.ref;
            ref.zeroNearShells(move(c, rot, fx.center, tr), r, fx.center, gam, CHANNELS, 1e-5);
            float[] gf = toFloat(gam);
            float[] got = new float[c.length];
            float[] gotW = new float[fx.atoms() * CHANNELS];
            try (GridMaker gm = new GridMaker(fx.spec)) {
                gm.backward(fx.coords, TYPES, fx.radii, tf, gf, 0, fx.atoms(), got);
                gm.backwardTypeWeights(fx.coords, fx.radii, tf, gf, gotW);
            }
            for (int a = 0; a < fx.atoms(); a++) {
                double scale = ref.gradientScale(move(c, rot, fx.center, tr), w, r, fx.center, gam, CHANNELS, a);
                for (int ax = 0; ax < 3; ax++) {
                    double x = c[3 * a + ax];
                    c[3 * a + ax] = x + 1e-6;
                    double lp = ref.atomLoss(move(c, rot, fx.center, tr), w, r, fx.center, gam, CHANNELS, a);
                    c[3 * a + ax] = x - 1e-6;
                    double lm = ref.atomLoss(move(c, rot, fx.center, tr), w, r, fx.center, gam, CHANNELS, a);
                    c[3 * a + ax] = x;
                    double fd = (lp - lm) / 2e-6;
                    // 5e-7: the float32 transformed coordinates sit up to ~1e-7 Å from the exact ones
                    assertEquals(fd, got[3 * a + ax], 5e-7 * scale + 1e-12,
                            fx.name + " atom " + a + " axis " + ax);
                }
                double wScale = ref.weightScale(move(c, rot, fx.center, tr), r, fx.center, gam, CHANNELS, a);
                for (int t = 0; t < CHANNELS; t++) {
                    double[] wp = w.clone();
                    wp[a * CHANNELS + t] += 1;
                    double[] moved = move(c, rot, fx.center, tr);
                    double fd = ref.atomLoss(moved, wp, r, fx.center, gam, CHANNELS, a)
                            - ref.atomLoss(moved, w, r, fx.center, gam, CHANNELS, a);
                    assertEquals(fd, gotW[a * CHANNELS + t], 5e-7 * wScale + 1e-12, fx.name + " weight " + a);
                }
            }
        }
    }

    @Test
    void secondOrderThroughTheTransformMatchesFiniteDifferences() {
        GridFixture fx = GridFixture.gaussian15();
        Transform tf = Transform.random(new SplittableRandom(6), fx.center, 0.5, true);
        double[] rot = tf.rotation();
        double[] tr = tf.translation();
        double[] c = toDouble(fx.coords);
        double[] r = toDouble(fx.radii);
        double[] w = toDouble(fx.weights);
        double[] gam = toDouble(fx.gamma);
        ReferenceDensity ref = fx.ref;
        ref.zeroNearShells(move(c, rot, fx.center, tr), r, fx.center, gam, CHANNELS, 1e-5);
        SplittableRandom rng = new SplittableRandom(8);
        double[] v = new double[c.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble(-1, 1);
        }
        float[] dA = new float[c.length];
        try (GridMaker gm = new GridMaker(fx.spec)) {
            gm.backwardSecondOrder(fx.coords, fx.weights, fx.radii, tf, toFloat(gam), toFloat(v),
                    new float[fx.gridLength()], dA, new float[fx.atoms() * CHANNELS]);
        }
        for (int a = 0; a < fx.atoms(); a++) {
            double[] vRot = rotate(rot, v);
            double scale = ref.secondOrderScale(move(c, rot, fx.center, tr), w, r, fx.center, gam, CHANNELS, a, vRot);
            for (int ax = 0; ax < 3; ax++) {
                double x = c[3 * a + ax];
                c[3 * a + ax] = x + 1e-6;
                double lp = loss2(ref, move(c, rot, fx.center, tr), w, r, fx.center, gam, rot, v);
                c[3 * a + ax] = x - 1e-6;
                double lm = loss2(ref, move(c, rot, fx.center, tr), w, r, fx.center, gam, rot, v);
                c[3 * a + ax] = x;
                assertEquals((lp - lm) / 2e-6, dA[3 * a + ax], 5e-7 * scale + 1e-12, "atom " + a + " axis " + ax);
            }
        }
    }

    @Test
    void indexTypesThroughTheTransformAgreeWithOneHotWeights() {
        GridFixture fx = GridFixture.gaussian1();
        Transform tf = Transform.random(new SplittableRandom(10), fx.center, 0.5, true);
        float[] v = new float[fx.coords.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 5) - 2;
        }
        float[][] byIndex = {new float[fx.gridLength()], new float[v.length], new float[fx.atoms() * CHANNELS]};
        float[][] byWeight = {new float[fx.gridLength()], new float[v.length], new float[fx.atoms() * CHANNELS]};
        try (GridMaker gm = new GridMaker(fx.spec)) {
            gm.backwardSecondOrder(fx.coords, TYPES, fx.radii, tf, fx.gamma, v, byIndex[0], byIndex[1], byIndex[2]);
            gm.backwardSecondOrder(fx.coords, oneHot(TYPES, CHANNELS), fx.radii, tf, fx.gamma, v, byWeight[0],
                    byWeight[1], byWeight[2]);
        }
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(byWeight[k], byIndex[k]);
        }
    }

    /** V · (Rᵀ g'): the second-order loss with the gradient mapped back to the original frame. */
    private static double loss2(ReferenceDensity ref, double[] moved, double[] w, double[] r, double[] center,
            double[] gam, double[] rot, double[] v) {
        double[] g = ref.backward(moved, w, r, center, gam, CHANNELS);
        double s = 0;
        for (int a = 0; a < r.length; a++) {
            for (int i = 0; i < 3; i++) {
                double back = rot[i] * g[3 * a] + rot[3 + i] * g[3 * a + 1] + rot[6 + i] * g[3 * a + 2];
                s += v[3 * a + i] * back;
            }
        }
        return s;
    }

    /** R (a − c) + c + t in double, from the matrix of the transform under test. */
    private static double[] move(double[] xyz, double[] rot, double[] center, double[] t) {
        double[] out = new double[xyz.length];
        for (int a = 0; a < xyz.length; a += 3) {
            for (int i = 0; i < 3; i++) {
                double s = 0;
                for (int j = 0; j < 3; j++) {
                    s += rot[3 * i + j] * (xyz[a + j] - center[j]);
                }
                out[a + i] = s + center[i] + t[i];
            }
        }
        return out;
    }

    private static double[] rotate(double[] rot, double[] v) {
        double[] out = new double[v.length];
        for (int a = 0; a < v.length; a += 3) {
            for (int i = 0; i < 3; i++) {
                out[a + i] = rot[3 * i] * v[a] + rot[3 * i + 1] * v[a + 1] + rot[3 * i + 2] * v[a + 2];
            }
        }
        return out;
    }

    private static double dist(float[] x, int a, int b) {
        double dx = x[3 * a] - x[3 * b];
        double dy = x[3 * a + 1] - x[3 * b + 1];
        double dz = x[3 * a + 2] - x[3 * b + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    private static double dist(float[] x, int a, double[] c) {
        double dx = x[3 * a] - c[0];
        double dy = x[3 * a + 1] - c[1];
        double dz = x[3 * a + 2] - c[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
