package org.multipose.config;

/**
 * Training-time augmentation (MATH.md §1, Augmentation): by default one random transform per compound and step,
 * applied to all its poses (they stay in one frame, and the receptor's density is computed once per compound when
 * the grid center is shared); {@code perPose} draws one per pose instead.
 *
 * @param rotate    uniform random rotation about the grid center
 * @param translate maximum translation per axis, Å (uniform in [−t, t])
 * @param jitter    standard deviation of Gaussian noise added to each atom coordinate, Å
 * @param perPose   a transform per pose rather than per compound
 */
public record AugmentConfig(
        @Doc("random rotation about the grid center") boolean rotate,
        @Range(min = 0) @Doc(value = "maximum random translation per axis", unit = "Å") double translate,
        @Range(min = 0) @Doc(value = "standard deviation of per-atom coordinate noise", unit = "Å") double jitter,
        @Doc("one transform per pose instead of one per compound (each pose then grids the receptor anew)")
                boolean perPose) {

    public static AugmentConfig defaults() {
        return new AugmentConfig(true, 2.0, 0.0, false);
    }
}
