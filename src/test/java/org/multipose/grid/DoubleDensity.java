package org.multipose.grid;

import org.multipose.config.GridSpec;

/**
 * A public door to the tests' double-precision {@link ReferenceDensity}, for tests in other packages that need a
 * density independent of {@link GridMaker} (e.g. finite differences of a whole model-on-grid pipeline).
 */
public final class DoubleDensity {

    private final ReferenceDensity ref;

    /** The reference density of {@code spec}'s grid. */
    public DoubleDensity(GridSpec spec) {
        this.ref = new ReferenceDensity(spec.resolution(), spec.dimension(), spec.radiusScale(),
                spec.gaussianMultiple());
    }

    /**
     * The grid (double[channels·n³], [channel][x][y][z]) of atoms with index types (one channel per atom, ≥ 0).
     *
     * @param coords x, y, z per atom, Å
     * @param types  channel per atom
     * @param radii  radius per atom, Å
     * @param center grid center, Å
     */
    public double[] forward(double[] coords, int[] types, double[] radii, double[] center, int channels) {
        double[] w = new double[types.length * channels];
        for (int a = 0; a < types.length; a++) {
            w[a * channels + types[a]] = 1;
        }
        return ref.forward(coords, w, radii, center, channels);
    }

    /** Points per side. */
    public int pointsPerSide() {
        return ref.n;
    }
}
