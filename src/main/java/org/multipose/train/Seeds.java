package org.multipose.train;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent random streams from the run seed, so that every random choice (initialisation, shuffling,
 * augmentation of compound c in epoch e, ...) depends only on (run seed, purpose, indices) and a resumed run replays
 * exactly without saving any generator state.
 *
 * <p>Mixing is SplitMix64's finaliser (Stafford's variant 13, the function behind {@link SplittableRandom}):
 * <pre>
 *   mix(z):  z ^= z >>> 30; z *= 0xbf58476d1ce4e5b9; z ^= z >>> 27; z *= 0x94d049bb133111eb; z ^= z >>> 31
 *   h  = mix(runSeed + φ)                        φ = 0x9e3779b97f4a7c15
 *   h  = mix(h ^ mix(fnv1a64(utf8(purpose)) + φ))
 *   h  = mix(h ^ mix(index + φ))                  for each index in order
 * </pre>
 * mix is a bijection of 64-bit words, so distinct inputs at any one step give distinct outputs.
 */
public final class Seeds {

    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private Seeds() {
    }

    /** SplitMix64's output function. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * The seed of the stream for {@code purpose} (e.g. "augment") and indices (e.g. epoch, compound index).
     * The same arguments always give the same seed; any change gives an unrelated one.
     */
    public static long derive(long runSeed, String purpose, long... indices) {
        long h = mix(runSeed + GOLDEN);
        h = mix(h ^ mix(fnv1a64(purpose) + GOLDEN));
        for (long index : indices) {
            h = mix(h ^ mix(index + GOLDEN));
        }
        return h;
    }

    /** A generator for that stream. */
    public static SplittableRandom random(long runSeed, String purpose, long... indices) {
        return new SplittableRandom(derive(runSeed, purpose, indices));
    }

    /** FNV-1a, 64 bit, over UTF-8 bytes: a fixed string hash (String.hashCode is 32 bit and not specified here). */
    static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
