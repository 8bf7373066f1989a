package org.multipose.config;

/**
 * Training-time augmentation of each pose (MATH.md §1, Augmentation).
 *
 * @param rotate    uniform random rotation about the grid center
 * @param translate maximum translation per axis, Å (uniform in [−t, t])
 * @param jitter    standard deviation of Gaussian noise added to each atom coordinate, Å
 */
public record AugmentConfig(
        @Doc("random rotation about the grid center") boolean rotate,
        @Range(min = 0) @Doc(value = "maximum random translation per axis", unit = "Å") double translate,
        @Range(min = 0) @Doc(value = "standard deviation of per-atom coordinate noise", unit = "Å") double jitter) {

    public static AugmentConfig defaults() {
        return new AugmentConfig(true, 2.0, 0.0);
    }
}
