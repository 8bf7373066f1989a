package org.multipose.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The density grid (MATH.md §1): n = round(dimension / resolution) + 1 points per side.
 *
 * @param resolution       spacing h between grid points, Å
 * @param dimension        side length L, Å
 * @param radiusScale      multiplies every atomic radius
 * @param gaussianMultiple G: Gaussian up to G·r, quadratic tail to F·r; negative = truncated Gaussian at |G|·r
 * @param binary           1 inside the radius, 0 outside (no gradient)
 * @param center           where the grid is centred
 * @param fixedCenters     for {@link Center#FIXED}: target → [x, y, z] in Å
 */
public record GridConfig(
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

    public GridConfig {
        Objects.requireNonNull(center, "center");
        TreeMap<String, List<Double>> copy = new TreeMap<>();
        fixedCenters.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        fixedCenters = Collections.unmodifiableMap(copy);
        if (gaussianMultiple == 0 || !Double.isFinite(gaussianMultiple)) {
            throw new ConfigProblem("gaussian_multiple", "must be a non-zero finite number (1.0 is libmolgrid's"
                    + " default; negative means truncated Gaussian)");
        }
        if (center == Center.FIXED && fixedCenters.isEmpty()) {
            throw new ConfigProblem("fixed_centers", "center fixed needs fixed_centers: {TARGET: [x, y, z]}");
        }
        if (center != Center.FIXED && !fixedCenters.isEmpty()) {
            throw ConfigProblem.onlyFor("fixed_centers", "center", List.of("fixed"), Names.yamlName(center));
        }
    }

    /** libmolgrid's defaults (0.5 Å, 23.5 Å: 48 points per side, G = 1), centred per compound. */
    public static GridConfig defaults() {
        return new GridConfig(0.5, 23.5, 1.0, 1.0, false, Center.COMPOUND, Map.of());
    }
}
