package org.multipose.grid;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A rigid augmentation of atom coordinates: a rotation R (a unit quaternion) about a center c, then a translation t:
 * {@code a' = R (a − c) + c + t} (Å). The grid is centered on c, so t moves the molecule relative to the grid.
 * Gradients computed with respect to the transformed coordinates map back to the original frame by Rᵀ.
 *
 * <p>Immutable. Arithmetic in double; coordinates in and out are float32 arrays of N×3 (x, y, z per atom).
 */
public final class Transform {

    private final double[] quaternion; // (w, x, y, z), unit
    private final double[] center;
    private final double[] translation;
    private final double[] r; // 3×3 row-major rotation matrix

    private Transform(double[] quaternion, double[] center, double[] translation) {
        this.quaternion = quaternion;
        this.center = center;
        this.translation = translation;
        this.r = matrix(quaternion);
    }

    /** No rotation, no translation, about {@code center} (3 values, Å). */
    public static Transform identity(double[] center) {
        return of(new double[] {1, 0, 0, 0}, center, new double[3]);
    }

    /**
     * A transform from an explicit quaternion (w, x, y, z; normalised here, must not be zero), a rotation center
     * and a translation (Å).
     */
    public static Transform of(double[] quaternion, double[] center, double[] translation) {
        check3(center, "center");
        check3(translation, "translation");
        if (quaternion.length != 4) {
            throw new IllegalArgumentException("quaternion needs 4 values (w, x, y, z), got " + quaternion.length);
        }
        double norm = Math.sqrt(quaternion[0] * quaternion[0] + quaternion[1] * quaternion[1]
                + quaternion[2] * quaternion[2] + quaternion[3] * quaternion[3]);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new IllegalArgumentException("quaternion must be finite and non-zero: " + Arrays.toString(quaternion));
        }
        double[] q = {quaternion[0] / norm, quaternion[1] / norm, quaternion[2] / norm, quaternion[3] / norm};
        return new Transform(q, center.clone(), translation.clone());
    }

    /**
     * A random transform: when {@code rotate}, a rotation uniform over SO(3) (Shoemake's uniform unit quaternion
     * from u1, u2, u3 ~ U(0,1): (√(1−u1) sin 2πu2, √(1−u1) cos 2πu2, √u1 sin 2πu3, √u1 cos 2πu3), read as
     * (w, x, y, z)); then a translation uniform in [−maxTranslation, maxTranslation] on each axis (Å).
     *
     * <p>Draws, in this order: u1, u2, u3 (only when {@code rotate}), then tx, ty, tz (always, even when
     * {@code maxTranslation} is 0), each with {@code rng.nextDouble()}; a seeded generator gives the same transform.
     */
    public static Transform random(RandomGenerator rng, double[] center, double maxTranslation, boolean rotate) {
        if (!(maxTranslation >= 0) || !Double.isFinite(maxTranslation)) {
            throw new IllegalArgumentException("maximum translation must be finite and >= 0 Å, got " + maxTranslation);
        }
        double[] q = {1, 0, 0, 0};
        if (rotate) {
            double u1 = rng.nextDouble();
            double u2 = rng.nextDouble();
            double u3 = rng.nextDouble();
            double s1 = Math.sqrt(1 - u1);
            double s2 = Math.sqrt(u1);
            q = new double[] {s1 * Math.sin(2 * Math.PI * u2), s1 * Math.cos(2 * Math.PI * u2),
                s2 * Math.sin(2 * Math.PI * u3), s2 * Math.cos(2 * Math.PI * u3)};
        }
        double[] t = new double[3];
        for (int d = 0; d < 3; d++) {
            t[d] = maxTranslation * (2 * rng.nextDouble() - 1);
        }
        return of(q, center, t);
    }

    /** The unit quaternion (w, x, y, z). */
    public double[] quaternion() {
        return quaternion.clone();
    }

    /** The rotation center c, Å. */
    public double[] center() {
        return center.clone();
    }

    /** The translation t, Å. */
    public double[] translation() {
        return translation.clone();
    }

    /** The rotation matrix R, 3×3 row-major (R[3*row + col]). */
    public double[] rotation() {
        return r.clone();
    }

    /** Transformed copy of N×3 coordinates: a' = R (a − c) + c + t. */
    public float[] apply(float[] coords) {
        float[] out = new float[coords.length];
        apply(coords, out);
        return out;
    }

    /** Writes a' = R (a − c) + c + t for every atom of {@code coords} (N×3) into {@code out} (N×3; may be coords). */
    public void apply(float[] coords, float[] out) {
        checkRows(coords, out);
        for (int a = 0; a < coords.length; a += 3) {
            double x = coords[a] - center[0];
            double y = coords[a + 1] - center[1];
            double z = coords[a + 2] - center[2];
            out[a] = (float) (r[0] * x + r[1] * y + r[2] * z + center[0] + translation[0]);
            out[a + 1] = (float) (r[3] * x + r[4] * y + r[5] * z + center[1] + translation[1]);
            out[a + 2] = (float) (r[6] * x + r[7] * y + r[8] * z + center[2] + translation[2]);
        }
    }

    /** Rotates N×3 vectors into the transformed frame: v' = R v (no center, no translation). */
    public void rotateVectors(float[] v, float[] out) {
        checkRows(v, out);
        for (int a = 0; a < v.length; a += 3) {
            double x = v[a];
            double y = v[a + 1];
            double z = v[a + 2];
            out[a] = (float) (r[0] * x + r[1] * y + r[2] * z);
            out[a + 1] = (float) (r[3] * x + r[4] * y + r[5] * z);
            out[a + 2] = (float) (r[6] * x + r[7] * y + r[8] * z);
        }
    }

    /**
     * Maps gradients with respect to transformed coordinates (N×3) back to the original frame: g = Rᵀ g'
     * (the translation does not change gradients). {@code out} may be {@code gradient}.
     */
    public void gradientToOriginal(float[] gradient, float[] out) {
        checkRows(gradient, out);
        for (int a = 0; a < gradient.length; a += 3) {
            double x = gradient[a];
            double y = gradient[a + 1];
            double z = gradient[a + 2];
            out[a] = (float) (r[0] * x + r[3] * y + r[6] * z);
            out[a + 1] = (float) (r[1] * x + r[4] * y + r[7] * z);
            out[a + 2] = (float) (r[2] * x + r[5] * y + r[8] * z);
        }
    }

    /** Copy-returning form of {@link #gradientToOriginal(float[], float[])}. */
    public float[] gradientToOriginal(float[] gradient) {
        float[] out = new float[gradient.length];
        gradientToOriginal(gradient, out);
        return out;
    }

    private static double[] matrix(double[] q) {
        double w = q[0];
        double x = q[1];
        double y = q[2];
        double z = q[3];
        return new double[] {
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)};
    }

    private static void check3(double[] v, String name) {
        if (v.length != 3 || !Double.isFinite(v[0]) || !Double.isFinite(v[1]) || !Double.isFinite(v[2])) {
            throw new IllegalArgumentException(name + " needs 3 finite values, got " + Arrays.toString(v));
        }
    }

    private static void checkRows(float[] in, float[] out) {
        if (in.length % 3 != 0 || out.length != in.length) {
            throw new IllegalArgumentException("expected N×3 arrays of equal length, got " + in.length + " and "
                    + out.length);
        }
    }

    @Override
    public String toString() {
        return "Transform[q=" + Arrays.toString(quaternion) + ", center=" + Arrays.toString(center)
                + ", translation=" + Arrays.toString(translation) + "]";
    }
}
