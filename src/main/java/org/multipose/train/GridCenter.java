package org.multipose.train;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.multipose.config.GridConfig;
import org.multipose.config.InputException;
import org.multipose.data.PoseRecord;

/**
 * Where a pose's grid is centred (ARCHITECTURE.md, grids): each pose's ligand centroid (the default), or one fixed
 * point per target. Å.
 */
public sealed interface GridCenter {

    /** The grid center of {@code pose} (3 values, Å). */
    double[] of(PoseRecord pose);

    /** The mean of the pose's heavy-atom coordinates. */
    record LigandCentroid() implements GridCenter {
        @Override
        public double[] of(PoseRecord pose) {
            float[] xyz = pose.coords();
            int n = pose.atomCount();
            double x = 0;
            double y = 0;
            double z = 0;
            for (int a = 0; a < n; a++) {
                x += xyz[3 * a];
                y += xyz[3 * a + 1];
                z += xyz[3 * a + 2];
            }
            return new double[] {x / n, y / n, z / n};
        }
    }

    /**
     * A fixed point per target.
     *
     * @param centers target → center (3 values, Å)
     */
    record FixedPerTarget(Map<String, double[]> centers) implements GridCenter {

        public FixedPerTarget {
            TreeMap<String, double[]> copy = new TreeMap<>();
            centers.forEach((k, v) -> copy.put(k, v.clone()));
            centers = Collections.unmodifiableMap(copy);
        }

        @Override
        public double[] of(PoseRecord pose) {
            double[] c = centers.get(pose.key().target());
            if (c == null) {
                throw new InputException("grid.fixed_centers has no center for target '" + pose.key().target()
                        + "' (it has " + centers.keySet() + "); add " + pose.key().target() + ": [x, y, z]");
            }
            return c.clone();
        }
    }

    /** The rule a config asks for. */
    static GridCenter of(GridConfig grid) {
        if (grid.center() == GridConfig.Center.LIGAND) {
            return new LigandCentroid();
        }
        Map<String, double[]> m = new TreeMap<>();
        grid.fixedCenters().forEach((target, xyz) -> m.put(target,
                new double[] {xyz.get(0), xyz.get(1), xyz.get(2)}));
        return new FixedPerTarget(m);
    }
}
