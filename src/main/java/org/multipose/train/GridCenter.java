package org.multipose.train;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.multipose.base.InputException;
import org.multipose.config.GridSpec;
import org.multipose.data.PoseRecord;

/**
 * Where a pose's grid is centred (ARCHITECTURE.md, grids), Å: the centroid of all heavy atoms of all the compound's
 * poses (the default: every pose of a compound shares one grid frame, so the receptor's density is computed once per
 * compound), each pose's own ligand centroid (gnina's rule), or one fixed point per target.
 */
public sealed interface GridCenter {

    /** The grid center of pose {@code i} of a compound's {@code poses} (3 values, Å). */
    double[] of(List<PoseRecord> poses, int i);

    /** Whether every pose of a compound gets the same center (so the receptor's density can be shared). */
    boolean sharedByPoses();

    /** The mean of the pose's heavy-atom coordinates. */
    record LigandCentroid() implements GridCenter {
        @Override
        public double[] of(List<PoseRecord> poses, int i) {
            return centroid(List.of(poses.get(i)));
        }

        @Override
        public boolean sharedByPoses() {
            return false;
        }
    }

    /** The mean of the heavy-atom coordinates of all the compound's poses together. */
    record CompoundCentroid() implements GridCenter {
        @Override
        public double[] of(List<PoseRecord> poses, int i) {
            return centroid(poses);
        }

        @Override
        public boolean sharedByPoses() {
            return true;
        }
    }

    /** The mean of all heavy-atom coordinates of {@code poses}, summed in double in pose and atom order. */
    static double[] centroid(List<PoseRecord> poses) {
        double x = 0;
        double y = 0;
        double z = 0;
        long n = 0;
        for (PoseRecord pose : poses) {
            float[] xyz = pose.coords();
            for (int a = 0; a < pose.atomCount(); a++) {
                x += xyz[3 * a];
                y += xyz[3 * a + 1];
                z += xyz[3 * a + 2];
            }
            n += pose.atomCount();
        }
        return new double[] {x / n, y / n, z / n};
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
        public boolean sharedByPoses() {
            return true;
        }

        @Override
        public double[] of(List<PoseRecord> poses, int i) {
            PoseRecord pose = poses.get(i);
            double[] c = centers.get(pose.key().target());
            if (c == null) {
                throw new InputException("grid.fixed_centers has no center for target '" + pose.key().target()
                        + "' (it has " + centers.keySet() + "); add " + pose.key().target() + ": [x, y, z]");
            }
            return c.clone();
        }
    }

    /** The rule a config asks for. */
    static GridCenter of(GridSpec grid) {
        if (grid.center() == GridSpec.Center.LIGAND) {
            return new LigandCentroid();
        }
        if (grid.center() == GridSpec.Center.COMPOUND) {
            return new CompoundCentroid();
        }
        Map<String, double[]> m = new TreeMap<>();
        grid.fixedCenters().forEach((target, xyz) -> m.put(target,
                new double[] {xyz.get(0), xyz.get(1), xyz.get(2)}));
        return new FixedPerTarget(m);
    }
}
