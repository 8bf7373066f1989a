package org.multipose.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The grid settings, in libmolgrid's convention (MATH.md §1): the one record of the config's {@code grid} section,
 * of the grid maker, of the {@code grid} command and of a checkpoint's {@code grid} entry, validated here once.
 *
 * <p>A grid has {@link #pointsPerSide() n} = round(L / h) + 1 points per side; point (i, j, k) sits at
 * {@code center − L/2 + (i, j, k)·h}; values are stored {@code [channel][x][y][z]}, z fastest, float32.
 *
 * @param resolution       h, the spacing between grid points, Å (default 0.5)
 * @param dimension        L, the edge length of the grid, Å (default 23.5, giving 48 points per side)
 * @param radiusScale      factor applied to every atomic radius before gridding: r' = r · radiusScale (default 1)
 * @param gaussianMultiple G: the density is Gaussian up to G·r', then a quadratic tail that reaches 0 with zero
 *                         slope at F·r', F = (1 + 2G²)/(2G) (default 1, F = 1.5). A negative value selects the
 *                         truncated mode: Gaussian up to |G|·r' and 0 beyond, no tail. 0.1 ≤ |G| ≤ 10.
 * @param binary           binary occupancy instead of density: 1 (index types, an OR) or the type weight (weight
 *                         vectors, summed) where d &lt; r'; binary grids have no gradient (default false)
 * @param center           where the grid is centred (default {@link Center#COMPOUND})
 * @param fixedCenters     for {@link Center#FIXED}: target → [x, y, z] in Å (empty otherwise)
 */
public record GridSpec(
        @Range(min = 0, minOpen = true) @Doc(value = "spacing between grid points", unit = "Å") double resolution,
        @Range(min = 0, minOpen = true) @Doc(value = "side length of the grid cube", unit = "Å") double dimension,
        @Range(min = 0, minOpen = true) @Doc("multiplies every atomic radius") double radiusScale,
        @Doc("G: Gaussian to G·r then quadratic tail; negative = Gaussian truncated at |G|·r; not 0")
                double gaussianMultiple,
        @Doc("binary occupancy instead of density (no gradient)") boolean binary,
        @Doc("grid center: the centroid of all poses of the compound (one frame per compound: the receptor density"
                + " is computed once for its poses), each pose's own ligand centroid (gnina's rule), or a fixed"
                + " point per target") Center center,
        @Size(min = 3, max = 3) @Doc(value = "center fixed: target → [x, y, z]", unit = "Å")
                Map<String, List<Double>> fixedCenters) {

    /** Grid center rule. */
    public enum Center { COMPOUND, LIGAND, FIXED }

    /** Largest number of points per side accepted (a 28-channel grid of this size is already ~1.5 GB). */
    public static final int MAX_POINTS_PER_SIDE = 256;
    /**
     * Accepted range of |G|. Outside it the profile degenerates (a vanishing core, or densities far below float
     * resolution over most of the cutoff box); libmolgrid's models use 1 to 1.5.
     */
    public static final double MIN_GAUSSIAN_MULTIPLE = 0.1;
    /** Upper end of the accepted range of |G|. */
    public static final double MAX_GAUSSIAN_MULTIPLE = 10;

    /**
     * Validates every field; a problem is a {@link ConfigProblem} naming the YAML key and the fix (the config loader
     * adds file and line, the {@code grid} command the option).
     */
    public GridSpec {
        Objects.requireNonNull(center, "center");
        TreeMap<String, List<Double>> copy = new TreeMap<>();
        fixedCenters.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        fixedCenters = Collections.unmodifiableMap(copy);
        if (!(resolution > 0) || !Double.isFinite(resolution)) {
            throw new ConfigProblem("resolution", "the resolution must be a finite number > 0 Å (got " + resolution
                    + "); set it to e.g. 0.5");
        }
        if (!(dimension >= 0) || !Double.isFinite(dimension)) {
            throw new ConfigProblem("dimension", "the dimension must be a finite number >= 0 Å (got " + dimension
                    + "); set it to e.g. 23.5");
        }
        if (!(radiusScale > 0) || !Double.isFinite(radiusScale)) {
            throw new ConfigProblem("radius_scale", "the radius scale must be a finite number > 0 (got "
                    + radiusScale + "); set it to e.g. 1.0");
        }
        double g = Math.abs(gaussianMultiple);
        if (!(g >= MIN_GAUSSIAN_MULTIPLE && g <= MAX_GAUSSIAN_MULTIPLE)) {
            throw new ConfigProblem("gaussian_multiple", "the Gaussian radius multiple must be between "
                    + MIN_GAUSSIAN_MULTIPLE + " and " + MAX_GAUSSIAN_MULTIPLE + " in absolute value (got "
                    + gaussianMultiple + "); use e.g. 1.0 (libmolgrid's default), or a negative value such as -1.5"
                    + " for the truncated mode");
        }
        long n = Math.round(dimension / resolution) + 1;
        if (n > MAX_POINTS_PER_SIDE) {
            throw new ConfigProblem("", "dimension / resolution gives " + n + " points per side, more than "
                    + MAX_POINTS_PER_SIDE + "; use a coarser resolution or a smaller dimension");
        }
        if (center == Center.FIXED && fixedCenters.isEmpty()) {
            throw new ConfigProblem("fixed_centers", "center fixed needs fixed_centers: {TARGET: [x, y, z]}");
        }
        if (center != Center.FIXED && !fixedCenters.isEmpty()) {
            throw ConfigProblem.onlyFor("fixed_centers", "center", List.of("fixed"), Names.yamlName(center));
        }
    }

    /** The defaults: libmolgrid's h = 0.5 Å, L = 23.5 Å (48³ points), radius scale 1, G = 1, density, per compound. */
    public static GridSpec defaults() {
        return of(0.5, 23.5, 1.0, 1.0, false);
    }

    /** A grid of the given geometry and density options, centred per compound (the default rule). */
    public static GridSpec of(double resolution, double dimension, double radiusScale, double gaussianMultiple,
            boolean binary) {
        return new GridSpec(resolution, dimension, radiusScale, gaussianMultiple, binary, Center.COMPOUND, Map.of());
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
     * for errors such as "the model was trained with a different grid". The fixed centers are compared only when
     * both rules are the same.
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
        if (center != other.center) {
            out.add("center: " + Names.yamlName(center) + " vs " + Names.yamlName(other.center));
        } else if (!fixedCenters.equals(other.fixedCenters)) {
            out.add("fixed centers: " + fixedCenters + " vs " + other.fixedCenters);
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
