package org.multipose.grid;

import java.util.SplittableRandom;
import org.multipose.config.GridSpec;

/**
 * Small gridding problems for tests: six atoms on a 16–17³ grid with three channels, one atom sitting exactly on
 * a grid point, one near the grid's edge (its sphere clipped by the boundary), the rest random near the center.
 */
final class GridFixture {

    static final int CHANNELS = 3;
    /** Index types; atom 3 is skipped. */
    static final int[] TYPES = {0, 2, 1, -1, 0, 2};

    final String name;
    final GridSpec spec;
    final ReferenceDensity ref;
    final double[] center;
    final float[] coords;
    final float[] radii;
    final float[] weights;
    final float[] gamma;

    private GridFixture(String name, GridSpec spec, float[] radii, long seed) {
        this.name = name;
        this.spec = spec;
        this.ref = new ReferenceDensity(spec.resolution(), spec.dimension(), spec.radiusScale(),
                spec.gaussianMultiple());
        this.radii = radii;
        // Dyadic center and resolution: every grid point is exactly representable in float.
        this.center = new double[] {1.25, -2.5, 0.75};
        SplittableRandom rng = new SplittableRandom(seed);
        int atoms = radii.length;
        coords = new float[3 * atoms];
        double half = spec.dimension() / 2;
        int mid = spec.pointsPerSide() / 2;
        int[] onPoint = {mid - 1, mid, mid + 1};
        for (int ax = 0; ax < 3; ax++) {
            coords[ax] = (float) (center[ax] - half + onPoint[ax] * spec.resolution()); // exactly on a grid point
        }
        for (int a = 1; a < atoms - 1; a++) {
            for (int ax = 0; ax < 3; ax++) {
                coords[3 * a + ax] = (float) (center[ax] + rng.nextDouble(-2.5, 2.5));
            }
        }
        int last = atoms - 1;
        coords[3 * last] = (float) (center[0] + half - 0.3); // near the +x face: part of its sphere is off-grid
        coords[3 * last + 1] = (float) (center[1] + 1.1);
        coords[3 * last + 2] = (float) (center[2] - 0.9);
        weights = new float[atoms * CHANNELS];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = rng.nextInt(4) == 0 ? 0f : (float) rng.nextDouble(-1, 1);
        }
        for (int t = 0; t < CHANNELS; t++) {
            weights[3 * CHANNELS + t] = 0f; // atom 3 has no weight anywhere
        }
        gamma = new float[CHANNELS * spec.pointsPerChannel()];
        for (int i = 0; i < gamma.length; i++) {
            gamma[i] = (float) rng.nextDouble(-1, 1);
        }
    }

    /** G = 1, radius scale 1, h = 0.5, L = 8; atom 0 (radius 1.0, on a grid point) has its G shell through points. */
    static GridFixture gaussian1() {
        return new GridFixture("G=1", GridSpec.of(0.5, 8, 1.0, 1.0, false),
                new float[] {1.0f, 1.5f, 1.9f, 2.2f, 1.7f, 1.8f}, 11);
    }

    /** G = 1.5, radius scale 0.8, h = 0.375, L = 6. */
    static GridFixture gaussian15() {
        return new GridFixture("G=1.5", GridSpec.of(0.375, 6, 0.8, 1.5, false),
                new float[] {1.6f, 1.2f, 2.0f, 1.9f, 1.5f, 1.8f}, 12);
    }

    /** Truncated G = −1.5, radius scale 1.2, h = 0.5, L = 7.5. */
    static GridFixture truncated15() {
        return new GridFixture("G=-1.5 truncated", GridSpec.of(0.5, 7.5, 1.2, -1.5, false),
                new float[] {1.0f, 1.4f, 2.1f, 1.7f, 1.9f, 1.5f}, 13);
    }

    static GridFixture[] all() {
        return new GridFixture[] {gaussian1(), gaussian15(), truncated15()};
    }

    int atoms() {
        return radii.length;
    }

    int gridLength() {
        return CHANNELS * spec.pointsPerChannel();
    }

    /** One-hot weights of {@link #TYPES} (a skipped atom has none). */
    static float[] oneHot(int[] types, int channels) {
        float[] w = new float[types.length * channels];
        for (int a = 0; a < types.length; a++) {
            if (types[a] >= 0) {
                w[a * channels + types[a]] = 1f;
            }
        }
        return w;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
