package org.multipose.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.multipose.data.PoseRecord;
import org.multipose.data.ReceptorRecord;
import org.multipose.grid.GridMaker;
import org.multipose.grid.GridSpec;
import org.multipose.grid.ReceptorCrop;
import org.multipose.grid.Transform;

/**
 * Grids one pose for the per-pose network: the target's receptor atoms (typed once per target by prepare, cropped
 * per pose to the atoms that can touch the grid) and the pose's ligand atoms, into one density grid of the dataset's
 * channels (receptor channels then ligand channels: type indices are already offsets into the dataset's channel
 * list), {@code float[C·n³]} laid out {@code [channel][x][y][z]}.
 *
 * <p>Per pose: center c ({@link GridCenter}); crop the receptor to {@link ReceptorCrop#keep} around c with the
 * augmentation's reach; with augmentation, a {@link Transform#random} about c (rotation, translation) applied to
 * receptor and ligand atoms alike, then Gaussian jitter on every coordinate, all drawn from the pose's own seeded
 * stream (receptor atoms first, in stored order, then ligand atoms); grid everything at c in one
 * {@link GridMaker#forward} call, so each voxel sums its atoms in one fixed order.
 *
 * <p>Receptors are kept per target (coordinates, int types, radii), the most recent {@value #CACHED_TARGETS}. Not
 * thread-safe (the grid maker itself uses {@code threads} workers).
 */
public final class PoseGridder implements AutoCloseable {

    static final int CACHED_TARGETS = 16;

    private final GridMaker maker;
    private final int channels;
    private final GridCenter center;
    private final Map<String, ReceptorAtoms> receptors = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ReceptorAtoms> eldest) {
            return size() > CACHED_TARGETS;
        }
    };

    /** A receptor ready for cropping: coordinates N×3, channel indices, radii. */
    private record ReceptorAtoms(float[] coords, int[] types, float[] radii) {}

    /**
     * @param spec     the grid
     * @param channels C, the dataset's channel count
     * @param center   the center rule
     * @param threads  gridding threads (results do not depend on it)
     */
    public PoseGridder(GridSpec spec, int channels, GridCenter center, int threads) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be ≥ 1, got " + channels);
        }
        this.maker = new GridMaker(spec, threads);
        this.channels = channels;
        this.center = center;
    }

    public GridSpec spec() {
        return maker.spec();
    }

    /** C. */
    public int channels() {
        return channels;
    }

    /** n, points per side. */
    public int pointsPerSide() {
        return maker.spec().pointsPerSide();
    }

    /** C·n³, the length of one pose's grid. */
    public int gridLength() {
        return maker.gridLength(channels);
    }

    /**
     * Grids {@code pose} with {@code receptor} into {@code out} (length {@link #gridLength()}; overwritten).
     *
     * @param augmentation what to randomise ({@link Augmentation#NONE} for the pose as docked)
     * @param seed         the pose's augmentation stream (e.g. {@code Seeds.derive(seed, "augment", epoch, compound,
     *                     pose)}); unused without augmentation
     */
    public void grid(ReceptorRecord receptor, PoseRecord pose, Augmentation augmentation, long seed, float[] out) {
        if (out.length != gridLength()) {
            throw new IllegalArgumentException("grid array has " + out.length + " values, expected C·n³ = "
                    + gridLength());
        }
        ReceptorAtoms rec = receptor(receptor);
        double[] c = center.of(pose);
        int[] kept = ReceptorCrop.keep(rec.coords, rec.radii, c, maker.spec(), augmentation.reach());
        int nr = kept.length;
        int nl = pose.atomCount();
        int n = nr + nl;
        float[] xyz = new float[3 * n];
        int[] types = new int[n];
        float[] radii = new float[n];
        for (int k = 0; k < nr; k++) {
            int a = kept[k];
            System.arraycopy(rec.coords, 3 * a, xyz, 3 * k, 3);
            types[k] = rec.types[a];
            radii[k] = rec.radii[a];
        }
        System.arraycopy(pose.coords(), 0, xyz, 3 * nr, 3 * nl);
        short[] lt = pose.types();
        for (int i = 0; i < nl; i++) {
            types[nr + i] = lt[i];
        }
        System.arraycopy(pose.radii(), 0, radii, nr, nl);
        if (!augmentation.isNone()) {
            SplittableRandom rng = new SplittableRandom(seed);
            Transform tf = Transform.random(rng, c, augmentation.translate(), augmentation.rotate());
            tf.apply(xyz, xyz);
            double sigma = augmentation.jitter();
            if (sigma > 0) {
                for (int i = 0; i < xyz.length; i++) {
                    xyz[i] = (float) (xyz[i] + sigma * rng.nextGaussian());
                }
            }
        }
        maker.forward(xyz, types, radii, c, out);
        int bad = GridMaker.firstNonFiniteChannel(out, channels);
        if (bad >= 0) {
            throw new ArithmeticException("the grid of " + pose.key() + " pose " + pose.poseIndex() + " ("
                    + pose.sourceFile() + " record " + pose.sourceRecord() + ") has a non-finite value in channel "
                    + bad + " although its atoms are finite: a fault in the gridding kernel; rerun with"
                    + " MULTIPOSE_VECTOR=0 and report it");
        }
    }

    private ReceptorAtoms receptor(ReceptorRecord r) {
        ReceptorAtoms a = receptors.get(r.target());
        if (a == null) {
            short[] t = r.types();
            int[] it = new int[t.length];
            for (int i = 0; i < t.length; i++) {
                it[i] = t[i];
            }
            a = new ReceptorAtoms(r.coords(), it, r.radii());
            receptors.put(r.target(), a);
        }
        return a;
    }

    @Override
    public void close() {
        maker.close();
    }
}
