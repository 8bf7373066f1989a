package org.multipose.eval;

/**
 * Settings of the paired percentile bootstrap ({@link Bootstrap}).
 *
 * @param resamples  number of bootstrap resamples B (≥ 1; 1000 by default)
 * @param seed       seed of the resampling stream (same seed, same data → same interval)
 * @param confidence coverage of the interval, in (0, 1); 0.95 by default
 */
public record BootstrapOptions(int resamples, long seed, double confidence) {

    /** Default number of resamples. */
    public static final int DEFAULT_RESAMPLES = 1000;

    public BootstrapOptions {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
    }

    /** 1000 resamples, 95 % intervals, this seed. */
    public static BootstrapOptions withSeed(long seed) {
        return new BootstrapOptions(DEFAULT_RESAMPLES, seed, 0.95);
    }
}
