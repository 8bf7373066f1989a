package org.multipose.grid;

import java.util.ArrayList;
import java.util.List;
import org.multipose.config.InputException;

/**
 * The geometry and density options of a grid, in libmolgrid's convention (MATH.md §1).
 *
 * <p>A grid has {@link #pointsPerSide() n} = round(L / h) + 1 points per side; point (i, j, k) sits at
 * {@code center − L/2 + (i, j, k)·h}; values are stored {@code [channel][x][y][z]}, z fastest, float32.
 *
 * @param resolution       h, the spacing between grid points, Å (default 0.5)
 * @param dimension        L, the edge length of the grid, Å (default 23.5, giving 48 points per side)
 * @param radiusScale      factor applied to every atomic radius before gridding: r' = r · radiusScale (default 1)
 * @param gaussianMultiple G: the density is Gaussian up to G·r', then a quadratic tail that reaches 0 with zero
 *                         slope at F·r', F = (1 + 2G²)/(2G) (default 1, F = 1.5). A negative value selects the
 *                         truncated mode: Gaussian up to |G|·r' and 0 beyond, no tail.
 * @param binary           binary occupancy instead of density: 1 (index types, an OR) or the type weight (weight
 *                         vectors, summed) where d &lt; r'; binary grids have no gradient (default false)
 */
public record GridSpec(double resolution, double dimension, double radiusScale, double gaussianMultiple,
        boolean binary) {

    /** Largest number of points per side accepted (a 28-channel grid of this size is already ~1.5 GB). */
    public static final int MAX_POINTS_PER_SIDE = 256;
    /**
     * Accepted range of |G|. Outside it the profile degenerates (a vanishing core, or densities far below float
     * resolution over most of the cutoff box); libmolgrid's models use 1 to 1.5.
     */
    public static final double MIN_GAUSSIAN_MULTIPLE = 0.1;
    public static final double MAX_GAUSSIAN_MULTIPLE = 10;

    public GridSpec {
        if (!(resolution > 0) || !Double.isFinite(resolution)) {
            throw new InputException("grid spec: resolution must be a finite number > 0 Å (got " + resolution
                    + "); set it to e.g. 0.5");
        }
        if (!(dimension >= 0) || !Double.isFinite(dimension)) {
            throw new InputException("grid spec: dimension must be a finite number >= 0 Å (got " + dimension
                    + "); set it to e.g. 23.5");
        }
        if (!(radiusScale > 0) || !Double.isFinite(radiusScale)) {
            throw new InputException("grid spec: radius scale must be a finite number > 0 (got " + radiusScale
                    + "); set it to e.g. 1.0");
        }
        double g = Math.abs(gaussianMultiple);
        if (!(g >= MIN_GAUSSIAN_MULTIPLE && g <= MAX_GAUSSIAN_MULTIPLE)) {
            throw new InputException("grid spec: Gaussian radius multiple must be between " + MIN_GAUSSIAN_MULTIPLE
                    + " and " + MAX_GAUSSIAN_MULTIPLE + " in absolute value (got " + gaussianMultiple + "); use e.g."
                    + " 1.0, or a negative value such as -1.5 for the truncated mode");
        }
        long n = Math.round(dimension / resolution) + 1;
        if (n > MAX_POINTS_PER_SIDE) {
            throw new InputException("grid spec: dimension / resolution gives " + n + " points per side, more than "
                    + MAX_POINTS_PER_SIDE + "; use a coarser resolution or a smaller dimension");
        }
    }

    /** The defaults: h = 0.5 Å, L = 23.5 Å (48³ points), radius scale 1, G = 1, density (not binary). */
    public static GridSpec defaults() {
        return new GridSpec(0.5, 23.5, 1.0, 1.0, false);
    }

    /** n = round(L / h) + 1. */
    public int pointsPerSide() {
        return (int) Math.round(dimension / resolution) + 1;
    }

    /** n³, the number of values in one channel. */
    public int pointsPerChannel() {
        int n = pointsPerSide();
        return n * n * n;
    }

    /** True in the truncated mode (G &lt; 0): Gaussian only, cut to 0 beyond |G|·r'. */
    public boolean truncated() {
        return gaussianMultiple < 0;
    }

    /** |G|: where the Gaussian part ends, in units of r'. */
    public double gaussianEnd() {
        return Math.abs(gaussianMultiple);
    }

    /** F = (1 + 2G²)/(2G), where the quadratic tail reaches 0, in units of r'; |G| in the truncated mode. */
    public double tailEnd() {
        double g = gaussianEnd();
        return truncated() ? g : (1 + 2 * g * g) / (2 * g);
    }

    /**
     * Where an atom's contribution ends, in units of r': F for densities, |G| for truncated densities, 1 for binary
     * grids. An atom of radius r touches no point farther than {@code cutoffMultiple() · radiusScale · r}.
     */
    public double cutoffMultiple() {
        return binary ? 1.0 : tailEnd();
    }

    /**
     * The fields in which {@code other} differs from this spec, each as "name: this vs other" (empty when equal),
     * for errors such as "the model was trained with a different grid".
     */
    public List<String> differences(GridSpec other) {
        List<String> out = new ArrayList<>();
        diff(out, "resolution", resolution, other.resolution);
        diff(out, "dimension", dimension, other.dimension);
        diff(out, "radius scale", radiusScale, other.radiusScale);
        diff(out, "Gaussian radius multiple", gaussianMultiple, other.gaussianMultiple);
        if (binary != other.binary) {
            out.add("binary: " + binary + " vs " + other.binary);
        }
        return out;
    }

    private static void diff(List<String> out, String name, double a, double b) {
        if (Double.compare(a, b) != 0) {
            out.add(name + ": " + a + " vs " + b);
        }
    }

    /** Grid origin (the position of point (0,0,0)) for a given center: center − L/2 on every axis, Å. */
    public double[] origin(double[] center) {
        return new double[] {center[0] - dimension / 2, center[1] - dimension / 2, center[2] - dimension / 2};
    }
}
