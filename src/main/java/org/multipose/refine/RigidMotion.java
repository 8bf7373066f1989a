package org.multipose.refine;

/**
 * A rigid motion of a pose relative to its starting coordinates: x ↦ R·(x − p) + p + T, with p the starting
 * centroid (the pivot), R a rotation matrix and T a translation (Å). Refinement composes small steps into it and
 * always applies the whole motion to the starting coordinates (in double), so rounding never accumulates into the
 * molecule's shape: distances change only by the final rounding to float.
 *
 * @param pivot       p, Å (3 values)
 * @param rotation    R, row-major 3×3 (det +1)
 * @param translation T, Å (3 values)
 */
public record RigidMotion(double[] pivot, double[] rotation, double[] translation) {

    public RigidMotion {
        if (pivot.length != 3 || rotation.length != 9 || translation.length != 3) {
            throw new IllegalArgumentException("pivot 3, rotation 9, translation 3 values");
        }
        pivot = pivot.clone();
        rotation = rotation.clone();
        translation = translation.clone();
    }

    @Override
    public double[] pivot() {
        return pivot.clone();
    }

    @Override
    public double[] rotation() {
        return rotation.clone();
    }

    @Override
    public double[] translation() {
        return translation.clone();
    }

    /** No motion, about {@code pivot}. */
    public static RigidMotion identity(double[] pivot) {
        return new RigidMotion(pivot, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[3]);
    }

    /**
     * This motion followed by a rotation {@code omega} (axis-angle vector, radians) about the moved pivot p + T and a
     * translation {@code shift} (Å). With p the centroid of the atoms that move, p + T stays their centroid, so the
     * step rotates them about their current centroid.
     */
    public RigidMotion then(double[] shift, double[] omega) {
        double[] q = rodrigues(omega);
        double[] r = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[3 * i + j] = q[3 * i] * rotation[j] + q[3 * i + 1] * rotation[3 + j] + q[3 * i + 2] * rotation[6 + j];
            }
        }
        return new RigidMotion(pivot, r,
                new double[] {translation[0] + shift[0], translation[1] + shift[1], translation[2] + shift[2]});
    }

    /** The moved coordinates of {@code coords} (3N, Å; any atoms, e.g. hydrogens too), as a new array. */
    public float[] apply(float[] coords) {
        float[] out = new float[coords.length];
        for (int i = 0; i < coords.length / 3; i++) {
            double x = coords[3 * i] - pivot[0];
            double y = coords[3 * i + 1] - pivot[1];
            double z = coords[3 * i + 2] - pivot[2];
            for (int k = 0; k < 3; k++) {
                out[3 * i + k] = (float) (rotation[3 * k] * x + rotation[3 * k + 1] * y + rotation[3 * k + 2] * z
                        + pivot[k] + translation[k]);
            }
        }
        return out;
    }

    /** The rotation angle of R, radians (0..π). */
    public double angle() {
        double cos = (rotation[0] + rotation[4] + rotation[8] - 1) / 2;
        return Math.acos(Math.max(-1, Math.min(1, cos)));
    }

    /** |T|, Å. */
    public double distance() {
        return Math.sqrt(translation[0] * translation[0] + translation[1] * translation[1]
                + translation[2] * translation[2]);
    }

    /** The rotation matrix of axis-angle vector ω (Rodrigues' formula; row-major). */
    public static double[] rodrigues(double[] omega) {
        double theta = Math.sqrt(omega[0] * omega[0] + omega[1] * omega[1] + omega[2] * omega[2]);
        // sin θ/θ and (1 − cos θ)/θ², by their series where the closed forms lose digits.
        double a;
        double b;
        if (theta < 1e-4) {
            double t2 = theta * theta;
            a = 1 - t2 / 6;
            b = 0.5 - t2 / 24;
        } else {
            a = Math.sin(theta) / theta;
            b = (1 - Math.cos(theta)) / (theta * theta);
        }
        double x = omega[0];
        double y = omega[1];
        double z = omega[2];
        // R = 1 + a·[ω]× + b·[ω]×², [ω]×² = ωωᵀ − θ²·1.
        return new double[] {
            1 + b * (x * x - theta * theta), -a * z + b * x * y, a * y + b * x * z,
            a * z + b * x * y, 1 + b * (y * y - theta * theta), -a * x + b * y * z,
            -a * y + b * x * z, a * x + b * y * z, 1 + b * (z * z - theta * theta)};
    }
}
