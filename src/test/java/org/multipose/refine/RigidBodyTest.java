package org.multipose.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The rigid-body pieces on a synthetic objective that is exact in double: {@link RigidGradient} (derivatives along
 * rigid translations and rotations against central finite differences, the step as the least-squares rigid fit of
 * the per-atom descent, the pseudo-inverse), and {@link RigidMotion} (rotations, composition, shape kept).
 */
public class RigidBodyTest {

    /** Seven atoms (float-exact), spread over a few Å. */
    static float[] atoms(long seed, int m) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[3 * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (10 + rng.nextDouble(-3, 3));
        }
        return x;
    }

    /** y(x) = Σ_i Σ_k sin(0.7·x_ik + i + k)·(1 + 0.1·i): smooth, no symmetry. */
    static double y(double[] x) {
        double s = 0;
        for (int i = 0; i < x.length / 3; i++) {
            for (int k = 0; k < 3; k++) {
                s += Math.sin(0.7 * x[3 * i + k] + i + k) * (1 + 0.1 * i);
            }
        }
        return s;
    }

    static double[] gradient(float[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length / 3; i++) {
            for (int k = 0; k < 3; k++) {
                g[3 * i + k] = 0.7 * Math.cos(0.7 * x[3 * i + k] + i + k) * (1 + 0.1 * i);
            }
        }
        return g;
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    static double[] rotated(double[] x, double[] r, double[] c, double[] t) {
        double[] out = new double[x.length];
        for (int a = 0; a < x.length / 3; a++) {
            for (int k = 0; k < 3; k++) {
                double s = 0;
                for (int j = 0; j < 3; j++) {
                    s += r[3 * k + j] * (x[3 * a + j] - c[j]);
                }
                out[3 * a + k] = s + c[k] + t[k];
            }
        }
        return out;
    }

    /** Every interatomic distance of {@code b} equals {@code a}'s within {@code tol} Å. */
    public static void assertDistancesKept(float[] a, float[] b, double tol) {
        int m = a.length / 3;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                assertEquals(dist(a, i, j), dist(b, i, j), tol, "distance " + i + "–" + j);
            }
        }
    }

    static double dist(float[] x, int i, int j) {
        double dx = (double) x[3 * i] - x[3 * j];
        double dy = (double) x[3 * i + 1] - x[3 * j + 1];
        double dz = (double) x[3 * i + 2] - x[3 * j + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    @Test
    void rigidDerivativesEqualFiniteDifferences() {
        float[] x = atoms(1, 7);
        double[] xd = toDouble(x);
        RigidGradient rg = RigidGradient.of(x, gradient(x));
        double[] c = rg.centroid();
        double h = 1e-6;
        for (int k = 0; k < 3; k++) {
            double[] tp = new double[3];
            double[] tq = new double[3];
            tp[k] = h;
            tq[k] = -h;
            double[] id = RigidMotion.rodrigues(new double[3]);
            double fdt = (y(rotated(xd, id, c, tp)) - y(rotated(xd, id, c, tq))) / (2 * h);
            double fdw = (y(rotated(xd, RigidMotion.rodrigues(tp), c, new double[3]))
                    - y(rotated(xd, RigidMotion.rodrigues(tq), c, new double[3]))) / (2 * h);
            // Difference quotients of an O(10) function at h = 1e-6: rounding ≈ 1e-9, truncation ≈ 1e-12.
            assertEquals(fdt, rg.translationGradient()[k], 1e-8, "∂y/∂t_" + k);
            assertEquals(fdw, rg.rotationGradient()[k], 1e-8, "∂y/∂ω_" + k);
        }
    }

    @Test
    void theStepIsTheLeastSquaresRigidFitOfTheDescent() {
        for (int m : new int[] {1, 2, 3, 7}) {
            float[] x = m == 3 ? new float[] {0, 0, 0, 1, 1, 1, 3, 3, 3} : atoms(m, m); // m = 3: a line
            double[] g = gradient(x);
            RigidGradient rg = RigidGradient.of(x, g);
            double[] c = rg.centroid();
            double[] dt = rg.translationStep();
            double[] dw = rg.rotationStep();
            // Normal equations of min Σ|δt + δω × r_i + g_i|²: Σ e_i = 0 and Σ r_i × e_i = 0 (e_i the residual);
            // for a line only the components across the line (rotation about it moves nothing).
            double[] f = new double[3];
            double[] tq = new double[3];
            double sq = 0;
            double max = 0;
            for (int i = 0; i < m; i++) {
                double[] v = RigidGradient.displacement(x, i, c, dt, dw);
                double[] r = {x[3 * i] - c[0], x[3 * i + 1] - c[1], x[3 * i + 2] - c[2]};
                double[] e = {v[0] + g[3 * i], v[1] + g[3 * i + 1], v[2] + g[3 * i + 2]};
                for (int k = 0; k < 3; k++) {
                    f[k] += e[k];
                }
                tq[0] += r[1] * e[2] - r[2] * e[1];
                tq[1] += r[2] * e[0] - r[0] * e[2];
                tq[2] += r[0] * e[1] - r[1] * e[0];
                double v2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
                sq += v2;
                max = Math.max(max, Math.sqrt(v2));
            }
            for (int k = 0; k < 3; k++) {
                assertEquals(0, f[k], 1e-12, m + " atoms: Σ residual");
                assertEquals(0, tq[k], 1e-12, m + " atoms: Σ r × residual");
            }
            if (m == 1) {
                assertEquals(0, Math.abs(dw[0]) + Math.abs(dw[1]) + Math.abs(dw[2]), 0.0, "one atom does not turn");
            }
            if (m == 3) {
                // No rotation about the line's own axis (1, 1, 1).
                assertEquals(0, dw[0] + dw[1] + dw[2], 1e-12);
            }
            // slope = −Σ|v_i|² = −M·rms², and the largest displacement is the largest |v_i|.
            assertEquals(-sq, rg.slope(), 1e-12 * sq);
            assertEquals(Math.sqrt(sq / m), rg.rmsGradient(), 1e-12);
            assertEquals(max, rg.maxDisplacement(), 1e-12);
        }
    }

    @Test
    void pseudoInverseOfRegularAndSingularInertia() {
        float[] x = atoms(3, 5);
        double[] i1 = inertia(x);
        double[] p1 = RigidGradient.pseudoInverse(i1);
        double[] prod = mul(i1, p1);
        for (int k = 0; k < 9; k++) {
            assertEquals(k % 4 == 0 ? 1 : 0, prod[k], 1e-12, "I·I⁺ = 1 at " + k);
        }
        double[] line = inertia(new float[] {0, 0, 0, 1, 2, 2, 2, 4, 4});
        double[] pl = RigidGradient.pseudoInverse(line);
        double[] a = mul(mul(line, pl), line);
        double[] b = mul(mul(pl, line), pl);
        for (int k = 0; k < 9; k++) {
            assertEquals(line[k], a[k], 1e-12, "A A⁺ A = A");
            assertEquals(pl[k], b[k], 1e-12, "A⁺ A A⁺ = A⁺");
            assertEquals(pl[k], pl[3 * (k % 3) + k / 3], 1e-15, "symmetric");
        }
        double[] zero = RigidGradient.pseudoInverse(new double[9]);
        for (double v : zero) {
            assertEquals(0, v, 0.0);
        }
    }

    static double[] inertia(float[] x) {
        double[] c = RigidGradient.centroid(x);
        double[] s = new double[9];
        for (int i = 0; i < x.length / 3; i++) {
            double[] r = {x[3 * i] - c[0], x[3 * i + 1] - c[1], x[3 * i + 2] - c[2]};
            double rr = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    s[3 * a + b] += (a == b ? rr : 0) - r[a] * r[b];
                }
            }
        }
        return s;
    }

    static double[] mul(double[] p, double[] q) {
        double[] out = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    out[3 * i + j] += p[3 * i + k] * q[3 * k + j];
                }
            }
        }
        return out;
    }

    @Test
    void rodriguesGivesProperRotations() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int trial = 0; trial < 20; trial++) {
            double scale = trial < 5 ? 1e-5 : trial < 10 ? 1e-3 : 1.5;
            double[] w = {rng.nextDouble(-1, 1) * scale, rng.nextDouble(-1, 1) * scale, rng.nextDouble(-1, 1) * scale};
            double[] r = RigidMotion.rodrigues(w);
            double[] rtr = mul(transpose(r), r);
            for (int k = 0; k < 9; k++) {
                assertEquals(k % 4 == 0 ? 1 : 0, rtr[k], 1e-14, "RᵀR = 1");
            }
            assertEquals(1, det(r), 1e-14, "det R = +1");
            for (int k = 0; k < 3; k++) {
                assertEquals(w[k], r[3 * k] * w[0] + r[3 * k + 1] * w[1] + r[3 * k + 2] * w[2], 1e-15,
                        "the axis stays");
            }
            double theta = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
            RigidMotion m = RigidMotion.identity(new double[3]).then(new double[3], w);
            assertEquals(theta, m.angle(), theta > 1e-3 ? 1e-12 : 1e-7);
        }
        // The series branch (θ < 1e-4) meets the closed form: both sides of the switch agree to rounding.
        double[] below = RigidMotion.rodrigues(new double[] {0, 0, 0.99999999e-4});
        double[] above = RigidMotion.rodrigues(new double[] {0, 0, 1.00000001e-4});
        assertEquals(Math.sin(0.99999999e-4), below[3], 1e-18);
        assertEquals(Math.sin(1.00000001e-4), above[3], 1e-18);
        assertEquals(Math.cos(0.99999999e-4), below[0], 1e-16);
        assertEquals(Math.cos(1.00000001e-4), above[0], 1e-16);
    }

    static double[] transpose(double[] r) {
        return new double[] {r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]};
    }

    static double det(double[] r) {
        return r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6])
                + r[2] * (r[3] * r[7] - r[4] * r[6]);
    }

    @Test
    void composedStepsRotateAboutTheCurrentCentroidAndKeepTheShape() {
        float[] x = atoms(5, 9);
        double[] c0 = RigidGradient.centroid(x);
        RigidMotion m = RigidMotion.identity(c0);
        float[] current = x;
        SplittableRandom rng = new SplittableRandom(6);
        for (int s = 0; s < 200; s++) {
            double[] t = {rng.nextDouble(-0.1, 0.1), rng.nextDouble(-0.1, 0.1), rng.nextDouble(-0.1, 0.1)};
            double[] w = {rng.nextDouble(-0.1, 0.1), rng.nextDouble(-0.1, 0.1), rng.nextDouble(-0.1, 0.1)};
            // By hand, in double, from the previous step's coordinates: rotate about their centroid, then shift.
            double[] c = RigidGradient.centroid(current);
            double[] expected = rotated(toDouble(current), RigidMotion.rodrigues(w), c, t);
            m = m.then(t, w);
            current = m.apply(x);
            for (int i = 0; i < x.length; i++) {
                // The hand version starts from rounded float coordinates each step: agree to a few float ulps.
                assertEquals(expected[i], current[i], 2e-5, "step " + s + " value " + i);
            }
        }
        assertDistancesKept(x, current, 1e-5);
        double[] end = RigidGradient.centroid(current);
        double[] t = m.translation();
        for (int k = 0; k < 3; k++) {
            assertEquals(c0[k] + t[k], end[k], 1e-5, "the centroid moved by T");
        }
        assertTrue(m.angle() > 0);
    }
}
