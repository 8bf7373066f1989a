package org.multipose.train;

import org.multipose.config.AugmentConfig;

/**
 * Training-time augmentation of a pose (MATH.md §1): a uniform random rotation about the grid center, a uniform
 * translation in [−translate, translate] Å per axis, then Gaussian noise of standard deviation {@code jitter} Å on
 * every gridded atom coordinate (receptor and ligand). Evaluation uses {@link #NONE}. One transform per compound
 * (its poses share it, and the receptor atoms' jitter) unless {@code perPose}.
 *
 * @param rotate    random rotation
 * @param translate maximum translation per axis, Å, ≥ 0
 * @param jitter    coordinate noise σ, Å, ≥ 0
 * @param perPose   a transform per pose (each pose's own seed) instead of one per compound
 */
public record Augmentation(boolean rotate, double translate, double jitter, boolean perPose) {

    /** No augmentation: the pose as docked. */
    public static final Augmentation NONE = new Augmentation(false, 0, 0, false);

    public Augmentation {
        if (!(translate >= 0) || !(jitter >= 0) || Double.isInfinite(translate) || Double.isInfinite(jitter)) {
            throw new IllegalArgumentException("augmentation translate and jitter must be finite and ≥ 0 Å, got "
                    + translate + ", " + jitter);
        }
    }

    /** From the config's {@code augment} section. */
    public static Augmentation of(AugmentConfig c) {
        return new Augmentation(c.rotate(), c.translate(), c.jitter(), c.perPose());
    }

    /** Whether this draws any random number. */
    public boolean isNone() {
        return !rotate && translate == 0 && jitter == 0;
    }

    /**
     * How far (per axis, Å) atoms may move relative to the grid center, for receptor cropping: the translation plus
     * 5 σ of jitter (a Gaussian beyond 5 σ has probability below 6e-7 per coordinate).
     */
    public double reach() {
        return translate + 5 * jitter;
    }
}
