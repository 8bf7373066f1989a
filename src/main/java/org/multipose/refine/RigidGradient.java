package org.multipose.refine;

/**
 * The gradient of a pose energy y with respect to a rigid motion of the pose, and the steepest rigid step.
 *
 * <p>Atoms x_i (i = 1..M), gradient g_i = ∂y/∂x_i, centroid c, r_i = x_i − c. Moving every atom by a translation t
 * and a small rotation ω (axis-angle, radians) about c, x_i → x_i + t + ω × r_i, gives
 * <ul>
 *   <li>∂y/∂t = Σ g_i (kT/Å; the negative net force),</li>
 *   <li>∂y/∂ω = Σ r_i × g_i (kT/rad; the negative torque about the centroid).</li>
 * </ul>
 * The step is the rigid motion closest, in the sum of squared atom displacements, to moving every atom by −g_i (the
 * per-atom steepest descent): δt = −(1/M)·∂y/∂t and δω = −I⁺·∂y/∂ω with I = Σ (|r_i|²·1 − r_i r_iᵀ) (the unit-mass
 * inertia tensor; its pseudo-inverse ignores rotations about the axis of a linear molecule, which move nothing).
 * Along it y changes at the rate {@link #slope()} = −(|∂y/∂t|²/M + ∂y/∂ωᵀ I⁺ ∂y/∂ω) per unit step, and the atoms
 * move by δt + δω × r_i, whose root mean square is {@link #rmsGradient()} (kT/Å): the part of the atom gradient a
 * rigid motion can relieve.
 *
 * @param centroid            c, Å
 * @param translationGradient ∂y/∂t, kT/Å
 * @param rotationGradient    ∂y/∂ω about c, kT/rad
 * @param translationStep     δt, Å per unit step
 * @param rotationStep        δω, rad per unit step
 * @param slope               dy/dα along (α·δt, α·δω) at α = 0, kT per unit step (≤ 0)
 * @param rmsGradient         √(Σ|δt + δω × r_i|²/M), kT/Å
 * @param maxDisplacement     max_i |δt + δω × r_i|, Å per unit step
 */
public record RigidGradient(double[] centroid, double[] translationGradient, double[] rotationGradient,
        double[] translationStep, double[] rotationStep, double slope, double rmsGradient, double maxDisplacement) {

    /** Eigenvalues of I below this fraction of the largest are taken as 0 (rotation about a molecular axis). */
    static final double SINGULAR = 1e-10;

    public RigidGradient {
        centroid = centroid.clone();
        translationGradient = translationGradient.clone();
        rotationGradient = rotationGradient.clone();
        translationStep = translationStep.clone();
        rotationStep = rotationStep.clone();
    }

    @Override
    public double[] centroid() {
        return centroid.clone();
    }

    @Override
    public double[] translationGradient() {
        return translationGradient.clone();
    }

    @Override
    public double[] rotationGradient() {
        return rotationGradient.clone();
    }

    @Override
    public double[] translationStep() {
        return translationStep.clone();
    }

    @Override
    public double[] rotationStep() {
        return rotationStep.clone();
    }

    /**
     * The rigid gradient of atoms {@code coords} (3M, Å) with atom gradient {@code gradient} (3M, kT/Å).
     */
    public static RigidGradient of(float[] coords, double[] gradient) {
        int m = coords.length / 3;
        if (coords.length != 3 * m || gradient.length != coords.length || m == 0) {
            throw new IllegalArgumentException("coordinates (" + coords.length + ") and gradient ("
                    + gradient.length + ") must both hold 3M > 0 values");
        }
        double[] c = centroid(coords);
        double[] gt = new double[3];
        double[] tau = new double[3];
        double[] inertia = new double[9];
        double[] r = new double[3];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < 3; k++) {
                r[k] = coords[3 * i + k] - c[k];
                gt[k] += gradient[3 * i + k];
            }
            double gx = gradient[3 * i];
            double gy = gradient[3 * i + 1];
            double gz = gradient[3 * i + 2];
            tau[0] += r[1] * gz - r[2] * gy;
            tau[1] += r[2] * gx - r[0] * gz;
            tau[2] += r[0] * gy - r[1] * gx;
            double rr = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    inertia[3 * a + b] += (a == b ? rr : 0) - r[a] * r[b];
                }
            }
        }
        double[] dt = {-gt[0] / m, -gt[1] / m, -gt[2] / m};
        double[] pinv = pseudoInverse(inertia);
        double[] dw = new double[3];
        for (int a = 0; a < 3; a++) {
            dw[a] = -(pinv[3 * a] * tau[0] + pinv[3 * a + 1] * tau[1] + pinv[3 * a + 2] * tau[2]);
        }
        double slope = gt[0] * dt[0] + gt[1] * dt[1] + gt[2] * dt[2] + tau[0] * dw[0] + tau[1] * dw[1]
                + tau[2] * dw[2];
        double sum = 0;
        double max = 0;
        for (int i = 0; i < m; i++) {
            double[] v = displacement(coords, i, c, dt, dw);
            double v2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
            sum += v2;
            max = Math.max(max, Math.sqrt(v2));
        }
        return new RigidGradient(c, gt, tau, dt, dw, slope, Math.sqrt(sum / m), max);
    }

    /** δt + δω × (x_i − c) for atom i. */
    static double[] displacement(float[] coords, int i, double[] c, double[] dt, double[] dw) {
        double rx = coords[3 * i] - c[0];
        double ry = coords[3 * i + 1] - c[1];
        double rz = coords[3 * i + 2] - c[2];
        return new double[] {
            dt[0] + dw[1] * rz - dw[2] * ry,
            dt[1] + dw[2] * rx - dw[0] * rz,
            dt[2] + dw[0] * ry - dw[1] * rx};
    }

    /** The mean of the atoms' positions, Å. */
    public static double[] centroid(float[] coords) {
        int m = coords.length / 3;
        double[] c = new double[3];
        for (int i = 0; i < m; i++) {
            c[0] += coords[3 * i];
            c[1] += coords[3 * i + 1];
            c[2] += coords[3 * i + 2];
        }
        c[0] /= m;
        c[1] /= m;
        c[2] /= m;
        return c;
    }

    /**
     * Moore–Penrose pseudo-inverse of a symmetric positive semi-definite 3×3 matrix (row-major) by cyclic Jacobi
     * rotations. Hand-written: the project has no linear-algebra library, and 3×3 needs a dozen lines.
     */
    static double[] pseudoInverse(double[] s) {
        double[] a = s.clone();
        double[] v = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        for (int sweep = 0; sweep < 50; sweep++) {
            double off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
            if (off <= 1e-300 || off <= 1e-32 * (a[0] * a[0] + a[4] * a[4] + a[8] * a[8])) {
                break;
            }
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    double apq = a[3 * p + q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (a[3 * q + q] - a[3 * p + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double cs = 1 / Math.sqrt(t * t + 1);
                    double sn = t * cs;
                    // A ← JᵀAJ and V ← VJ with the Givens rotation J in the (p, q) plane.
                    for (int k = 0; k < 3; k++) {
                        double akp = a[3 * k + p];
                        double akq = a[3 * k + q];
                        a[3 * k + p] = cs * akp - sn * akq;
                        a[3 * k + q] = sn * akp + cs * akq;
                    }
                    for (int k = 0; k < 3; k++) {
                        double apk = a[3 * p + k];
                        double aqk = a[3 * q + k];
                        a[3 * p + k] = cs * apk - sn * aqk;
                        a[3 * q + k] = sn * apk + cs * aqk;
                    }
                    for (int k = 0; k < 3; k++) {
                        double vkp = v[3 * k + p];
                        double vkq = v[3 * k + q];
                        v[3 * k + p] = cs * vkp - sn * vkq;
                        v[3 * k + q] = sn * vkp + cs * vkq;
                    }
                }
            }
        }
        double[] lambda = {a[0], a[4], a[8]};
        double max = Math.max(Math.abs(lambda[0]), Math.max(Math.abs(lambda[1]), Math.abs(lambda[2])));
        double[] out = new double[9];
        for (int e = 0; e < 3; e++) {
            if (max == 0 || lambda[e] <= SINGULAR * max) {
                continue;
            }
            double inv = 1 / lambda[e];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    out[3 * i + j] += inv * v[3 * i + e] * v[3 * j + e];
                }
            }
        }
        return out;
    }
}
