package org.multipose.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.multipose.config.GridSpec;

/**
 * The same input gives bit-identical grids and gradients with 1, 2 and 3 threads (slab / atom-block partitions,
 * every float sum in a fixed order).
 */
class GridMakerDeterminismTest {

    static final int ATOMS = 160;
    static final int CHANNELS = 4;

    /** Everything one call sequence produces, as raw float bits. */
    private static int[][] runAll(int threads) {
        GridSpec spec = GridSpec.of(0.5, 11.5, 1.0, 1.0, false);
        SplittableRandom rng = new SplittableRandom(2024);
        float[] xyz = new float[3 * ATOMS];
        float[] radii = new float[ATOMS];
        int[] types = new int[ATOMS];
        float[] w = new float[ATOMS * CHANNELS];
        for (int a = 0; a < ATOMS; a++) {
            for (int ax = 0; ax < 3; ax++) {
                xyz[3 * a + ax] = (float) rng.nextDouble(-6, 6);
            }
            radii[a] = (float) rng.nextDouble(1.2, 2.2);
            types[a] = rng.nextInt(-1, CHANNELS);
            for (int t = 0; t < CHANNELS; t++) {
                w[a * CHANNELS + t] = rng.nextInt(3) == 0 ? 0f : (float) rng.nextDouble(-1, 1);
            }
        }
        double[] center = {0.3, -0.2, 0.1};
        int len = CHANNELS * spec.pointsPerChannel();
        float[] gamma = new float[len];
        for (int i = 0; i < len; i++) {
            gamma[i] = (float) rng.nextDouble(-1, 1);
        }
        float[] v = new float[3 * ATOMS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble(-1, 1);
        }
        try (GridMaker gm = new GridMaker(spec, threads, true, 0)) {
            float[] g1 = new float[len];
            gm.forward(xyz, types, radii, center, g1);
            float[] g2 = new float[len];
            gm.forward(xyz, w, radii, center, g2);
            float[] b1 = new float[3 * ATOMS];
            gm.backward(xyz, types, radii, center, gamma, b1);
            float[] b2 = new float[3 * ATOMS];
            gm.backward(xyz, w, radii, center, gamma, b2);
            float[] tw = new float[ATOMS * CHANNELS];
            gm.backwardTypeWeights(xyz, radii, center, gamma, tw);
            float[] sg = new float[len];
            float[] sa = new float[3 * ATOMS];
            float[] sw = new float[ATOMS * CHANNELS];
            gm.backwardSecondOrder(xyz, w, radii, center, gamma, v, sg, sa, sw);
            return new int[][] {bits(g1), bits(g2), bits(b1), bits(b2), bits(tw), bits(sg), bits(sa), bits(sw)};
        }
    }

    private static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Float.floatToRawIntBits(x[i]);
        }
        return b;
    }

    @Test
    void oneTwoAndThreeThreadsGiveIdenticalBits() {
        int[][] one = runAll(1);
        String[] what = {"forward index", "forward weights", "backward index", "backward weights",
            "type-weight gradient", "second-order grid", "second-order coords", "second-order weights"};
        for (int threads : new int[] {2, 3}) {
            int[][] many = runAll(threads);
            for (int k = 0; k < one.length; k++) {
                assertArrayEquals(one[k], many[k], what[k] + " with " + threads + " threads");
            }
        }
    }
}
