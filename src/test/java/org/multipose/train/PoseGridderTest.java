package org.multipose.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.multipose.config.GridSpec;
import org.multipose.data.CompoundKey;
import org.multipose.data.PoseRecord;
import org.multipose.data.ReceptorRecord;
import org.multipose.grid.GridMaker;
import org.multipose.grid.ReceptorCrop;
import org.multipose.grid.Transform;

/**
 * The shared receptor density: with one frame per compound, the receptor channels are gridded once and copied into
 * every pose's grid. The reference grids receptor and ligand atoms in one {@link GridMaker#forward} call with the same
 * transform, built here from the seed as the documented draw order says, not through the gridder.
 */
class PoseGridderTest {

    static final GridSpec SPEC = GridSpec.of(1.0, 15.0, 1.0, 1.0, false); // 16³
    static final int R = 3; // receptor channels 0..2, ligand channels 3..5
    static final int C = 6;

    static ReceptorRecord receptor() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 400;
        float[] xyz = new float[3 * n];
        short[] types = new short[n];
        float[] radii = new float[n];
        for (int a = 0; a < n; a++) {
            for (int k = 0; k < 3; k++) {
                xyz[3 * a + k] = (float) (rng.nextDouble() * 30 - 15); // a slab around the origin, some out of reach
            }
            types[a] = (short) rng.nextInt(R);
            radii[a] = (float) (1.5 + 0.5 * rng.nextDouble());
        }
        return new ReceptorRecord("t", "r.pdb", xyz, types, radii);
    }

    static List<PoseRecord> poses(int count) {
        SplittableRandom rng = new SplittableRandom(9);
        List<PoseRecord> out = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            int n = 12;
            float[] xyz = new float[3 * n];
            short[] types = new short[n];
            float[] radii = new float[n];
            for (int a = 0; a < n; a++) {
                for (int k = 0; k < 3; k++) {
                    xyz[3 * a + k] = (float) (rng.nextDouble() * 6 - 3 + p); // poses shifted from each other
                }
                types[a] = (short) (R + rng.nextInt(C - R));
                radii[a] = 1.7f;
            }
            out.add(new PoseRecord(new CompoundKey("t", "c"), p + 1, "l.sdf", p + 1, xyz, types, radii, Map.of()));
        }
        return out;
    }

    /** Receptor crop + ligand in one call, transformed by the transform the seed draws first. */
    static float[] reference(ReceptorRecord rec, PoseRecord pose, double[] c, Augmentation aug, long seed) {
        int[] kept = ReceptorCrop.keep(rec.coords(), rec.radii(), c, SPEC, aug.reach());
        int n = kept.length + pose.atomCount();
        float[] xyz = new float[3 * n];
        int[] types = new int[n];
        float[] radii = new float[n];
        for (int k = 0; k < kept.length; k++) {
            System.arraycopy(rec.coords(), 3 * kept[k], xyz, 3 * k, 3);
            types[k] = rec.types()[kept[k]];
            radii[k] = rec.radii()[kept[k]];
        }
        for (int a = 0; a < pose.atomCount(); a++) {
            System.arraycopy(pose.coords(), 3 * a, xyz, 3 * (kept.length + a), 3);
            types[kept.length + a] = pose.types()[a];
            radii[kept.length + a] = pose.radii()[a];
        }
        if (!aug.isNone()) {
            Transform.random(new SplittableRandom(seed), c, aug.translate(), aug.rotate()).apply(xyz, xyz);
        }
        float[] grid = new float[C * SPEC.pointsPerChannel()];
        try (GridMaker m = new GridMaker(SPEC, 1)) {
            m.forward(xyz, types, radii, c, grid);
        }
        return grid;
    }

    @Test
    void sharedReceptorChannelsAreBitIdenticalToGriddingEverythingAtOnce() {
        ReceptorRecord rec = receptor();
        List<PoseRecord> poses = poses(5);
        Augmentation aug = new Augmentation(true, 2.0, 0.0, false);
        double[] c = GridCenter.centroid(poses);
        for (int threads : new int[] {1, 3}) {
            try (PoseGridder g = new PoseGridder(SPEC, C, R, new GridCenter.CompoundCentroid(), threads)) {
                float[] out = new float[g.gridLength()];
                for (int i = 0; i < poses.size(); i++) {
                    g.grid(rec, poses, i, aug, 77L, out);
                    assertArrayEquals(reference(rec, poses.get(i), c, aug, 77L), out, 0f, "pose " + i);
                }
                assertEquals(1, g.receptorGriddings(), "the receptor is gridded once for the compound's 5 poses");
                g.grid(rec, poses, 0, aug, 78L, out); // the next step's draw: a new frame
                assertArrayEquals(reference(rec, poses.get(0), c, aug, 78L), out, 0f);
                assertEquals(2, g.receptorGriddings());
            }
        }
    }

    @Test
    void withoutAugmentationTheReceptorChannelsAreCachedPerTargetAndCenter() {
        ReceptorRecord rec = receptor();
        List<PoseRecord> poses = poses(3);
        try (PoseGridder g = new PoseGridder(SPEC, C, R, new GridCenter.CompoundCentroid(), 1)) {
            float[] out = new float[g.gridLength()];
            for (int pass = 0; pass < 3; pass++) { // e.g. the validation pass of three epochs
                for (int i = 0; i < poses.size(); i++) {
                    g.grid(rec, poses, i, Augmentation.NONE, 0, out);
                    assertArrayEquals(reference(rec, poses.get(i), GridCenter.centroid(poses), Augmentation.NONE, 0),
                            out, 0f);
                }
            }
            assertEquals(1, g.receptorGriddings());
        }
    }

    @Test
    void perPoseAugmentationOrCentersGridTheReceptorForEveryPose() {
        ReceptorRecord rec = receptor();
        List<PoseRecord> poses = poses(4);
        Augmentation perPose = new Augmentation(true, 2.0, 0.0, true);
        try (PoseGridder g = new PoseGridder(SPEC, C, R, new GridCenter.CompoundCentroid(), 1)) {
            float[] out = new float[g.gridLength()];
            for (int i = 0; i < poses.size(); i++) {
                g.grid(rec, poses, i, perPose, 100L + i, out);
                assertArrayEquals(reference(rec, poses.get(i), GridCenter.centroid(poses), perPose, 100L + i), out,
                        0f);
            }
            assertEquals(4, g.receptorGriddings());
        }
        try (PoseGridder g = new PoseGridder(SPEC, C, R, new GridCenter.LigandCentroid(), 1)) {
            float[] out = new float[g.gridLength()];
            for (int i = 0; i < poses.size(); i++) {
                g.grid(rec, poses, i, Augmentation.NONE, 0, out);
                double[] own = GridCenter.centroid(List.of(poses.get(i)));
                assertArrayEquals(reference(rec, poses.get(i), own, Augmentation.NONE, 0), out, 0f);
            }
            assertEquals(4, g.receptorGriddings());
        }
    }

    @Test
    void ligandJitterDiffersBetweenPosesWhileTheReceptorFrameIsShared() {
        ReceptorRecord rec = receptor();
        List<PoseRecord> same = new ArrayList<>(List.of(poses(1).get(0), poses(1).get(0)));
        Augmentation jitter = new Augmentation(true, 1.0, 0.3, false);
        try (PoseGridder g = new PoseGridder(SPEC, C, R, new GridCenter.CompoundCentroid(), 1)) {
            float[] a = new float[g.gridLength()];
            float[] b = new float[g.gridLength()];
            g.grid(rec, same, 0, jitter, 5L, a);
            g.grid(rec, same, 1, jitter, 5L, b);
            int split = R * SPEC.pointsPerChannel();
            assertArrayEquals(java.util.Arrays.copyOf(a, split), java.util.Arrays.copyOf(b, split), 0f,
                    "one receptor frame");
            assertFalse(java.util.Arrays.equals(a, b), "two identical ligands get their own jitter");
            assertEquals(1, g.receptorGriddings());
        }
    }
}
