package org.multipose.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.multipose.config.GridSpec;
import org.multipose.data.PoseRecord;
import org.multipose.data.ReceptorRecord;
import org.multipose.grid.GridMaker;
import org.multipose.grid.ReceptorCrop;
import org.multipose.grid.Transform;

/**
 * Grids a compound's poses for the per-pose network: the target's receptor atoms (typed once per target by prepare,
 * cropped to the atoms that can touch the grid) and a pose's ligand atoms, into one density grid of the dataset's
 * channels (receptor channels first, then ligand channels: type indices are already offsets into the dataset's
 * channel list), {@code float[C·n³]} laid out {@code [channel][x][y][z]}.
 *
 * <p><b>Shared receptor density.</b> When the center rule gives all poses of a compound one center
 * ({@link GridCenter#sharedByPoses}) and augmentation is per compound (the default), all poses share one frame: one
 * {@link Transform#random} about the center and one receptor jitter, drawn from the compound's seed. The receptor's
 * channels are then gridded once per (target, center, seed) and copied into each pose's grid; only the ligand atoms
 * are gridded per pose, with the same transform (and their own jitter stream, from the seed and the pose's position).
 * Because receptor atoms only write receptor channels and ligand atoms only ligand channels, and every voxel sums its
 * atoms in atom order either way, the result is bit-identical to gridding receptor and ligand atoms in one call with
 * that transform. Without augmentation (evaluation, prediction) the receptor channels are cached per (target,
 * center), the most recent ones up to {@link #CACHE_BYTES} bytes. Otherwise (per-pose centers or per-pose
 * augmentation) each pose grids everything in one {@link GridMaker#forward} call, as before.
 *
 * <p>Per pose, always: augmentation draws come from the pose's seed (per-pose mode) or the compound's seed (shared
 * mode; all poses must then be given the same seed): the transform, then Gaussian jitter on the receptor atoms (in
 * stored order), then — per-pose mode — on the ligand atoms; in shared mode the ligand jitter of pose i comes from
 * {@code Seeds.derive(seed, "ligand-jitter", i)}.
 *
 * <p>Receptors are kept per target (coordinates, int types, radii), the most recent {@value #CACHED_TARGETS}. Not
 * thread-safe (the grid maker itself uses {@code threads} workers).
 */
public final class PoseGridder implements AutoCloseable {

    static final int CACHED_TARGETS = 16;
    /** Memory bound of the cached receptor channels (e.g. 41 grids of 14×48³ floats). */
    public static final long CACHE_BYTES = 256L << 20;

    private final GridMaker maker;
    private final int channels;
    private final int receptorChannels;
    private final GridCenter center;
    private final Map<String, ReceptorAtoms> receptors = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ReceptorAtoms> eldest) {
            return size() > CACHED_TARGETS;
        }
    };
    private final Map<FrameKey, ReceptorFrame> frames = new LinkedHashMap<>(16, 0.75f, true);
    private long frameBytes;
    private long receptorGriddings;

    /** A receptor ready for cropping: coordinates N×3, channel indices, radii; its largest channel index. */
    private record ReceptorAtoms(float[] coords, int[] types, float[] radii, int maxType) {}

    /** What a shared receptor density depends on (seed 0 and augmented false without augmentation). */
    private record FrameKey(String target, double x, double y, double z, boolean augmented, long seed) {}

    /** A compound's frame: its transform (null without augmentation) and the receptor channels gridded in it. */
    private record ReceptorFrame(Transform transform, float[] receptorGrid) {}

    /**
     * @param spec             the grid
     * @param channels         C, the dataset's channel count
     * @param receptorChannels R, how many of them (the first) are receptor channels; 0 when unknown (then nothing
     *                         is shared)
     * @param center           the center rule
     * @param threads          gridding threads (results do not depend on it)
     */
    public PoseGridder(GridSpec spec, int channels, int receptorChannels, GridCenter center, int threads) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be ≥ 1, got " + channels);
        }
        if (receptorChannels < 0 || receptorChannels >= channels) {
            throw new IllegalArgumentException("receptor channels must be in [0, " + channels + "), got "
                    + receptorChannels);
        }
        this.maker = new GridMaker(spec, threads);
        this.channels = channels;
        this.receptorChannels = receptorChannels;
        this.center = center;
    }

    public GridSpec spec() {
        return maker.spec();
    }

    /** Gridding threads (the grid maker's workers). */
    public int threads() {
        return maker.threads();
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

    /** How many times receptor atoms were gridded so far (for tests and benchmarks: reuse shows as fewer). */
    public long receptorGriddings() {
        return receptorGriddings;
    }

    /**
     * Grids pose {@code i} of a compound's {@code poses} with {@code receptor} into {@code out} (length
     * {@link #gridLength()}; overwritten).
     *
     * @param augmentation what to randomise ({@link Augmentation#NONE} for the poses as docked)
     * @param seed         the augmentation stream: the compound's (shared mode: the same for every pose) or the
     *                     pose's (per-pose mode); unused without augmentation
     */
    public void grid(ReceptorRecord receptor, List<PoseRecord> poses, int i, Augmentation augmentation, long seed,
            float[] out) {
        if (out.length != gridLength()) {
            throw new IllegalArgumentException("grid array has " + out.length + " values, expected C·n³ = "
                    + gridLength());
        }
        PoseRecord pose = poses.get(i);
        double[] c = center.of(poses, i);
        int checkFrom = 0;
        if (shares(augmentation) && separable(receptor, pose)) {
            gridShared(receptor, pose, i, c, augmentation, seed, out);
            checkFrom = receptorChannels; // the shared receptor channels were checked once, when gridded
        } else {
            gridWhole(receptor, pose, c, augmentation, seed, out);
        }
        int bad = GridMaker.firstNonFiniteChannel(out, channels, checkFrom);
        if (bad >= 0) {
            throw new ArithmeticException("the grid of " + pose.key() + " pose " + pose.poseIndex() + " ("
                    + pose.sourceFile() + " record " + pose.sourceRecord() + ") has a non-finite value in channel "
                    + bad + " although its atoms are finite: a fault in the gridding kernel; rerun with"
                    + " MULTIPOSE_VECTOR=0 and report it");
        }
    }

    private boolean shares(Augmentation augmentation) {
        return receptorChannels > 0 && center.sharedByPoses() && (augmentation.isNone() || !augmentation.perPose());
    }

    /** Receptor atoms only in receptor channels, ligand atoms only in ligand channels (true for the typers here). */
    private boolean separable(ReceptorRecord receptor, PoseRecord pose) {
        if (receptor(receptor).maxType >= receptorChannels) {
            return false;
        }
        for (short t : pose.types()) {
            if (t < receptorChannels) {
                return false;
            }
        }
        return true;
    }

    private void gridShared(ReceptorRecord receptor, PoseRecord pose, int i, double[] c, Augmentation augmentation,
            long seed, float[] out) {
        ReceptorFrame frame = frame(receptor, c, augmentation, seed);
        int split = maker.gridLength(receptorChannels);
        System.arraycopy(frame.receptorGrid, 0, out, 0, split);
        Arrays.fill(out, split, out.length, 0f);
        float[] xyz = pose.coords().clone();
        if (frame.transform != null) {
            frame.transform.apply(xyz, xyz);
            double sigma = augmentation.jitter();
            if (sigma > 0) {
                SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "ligand-jitter", i));
                for (int k = 0; k < xyz.length; k++) {
                    xyz[k] = (float) (xyz[k] + sigma * rng.nextGaussian());
                }
            }
        }
        short[] lt = pose.types();
        int[] types = new int[lt.length];
        for (int k = 0; k < lt.length; k++) {
            types[k] = lt[k];
        }
        maker.forwardAccumulate(xyz, types, pose.radii(), c, out);
    }

    /** The compound's frame: reused when its key was seen last (training) or is cached (no augmentation). */
    private ReceptorFrame frame(ReceptorRecord receptor, double[] c, Augmentation augmentation, long seed) {
        boolean augmented = !augmentation.isNone();
        FrameKey key = new FrameKey(receptor.target(), c[0], c[1], c[2], augmented, augmented ? seed : 0);
        ReceptorFrame f = frames.get(key);
        if (f != null) {
            return f;
        }
        ReceptorAtoms rec = receptor(receptor);
        int[] kept = ReceptorCrop.keep(rec.coords, rec.radii, c, maker.spec(), augmentation.reach());
        float[] xyz = new float[3 * kept.length];
        int[] types = new int[kept.length];
        float[] radii = new float[kept.length];
        gather(rec, kept, xyz, types, radii);
        Transform tf = null;
        if (augmented) {
            SplittableRandom rng = new SplittableRandom(seed);
            tf = Transform.random(rng, c, augmentation.translate(), augmentation.rotate());
            tf.apply(xyz, xyz);
            jitter(xyz, augmentation.jitter(), rng);
        }
        float[] grid = new float[maker.gridLength(receptorChannels)];
        maker.forward(xyz, types, radii, c, grid);
        receptorGriddings++;
        int bad = GridMaker.firstNonFiniteChannel(grid, receptorChannels);
        if (bad >= 0) {
            throw new ArithmeticException("the receptor grid of target " + receptor.target() + " has a non-finite"
                    + " value in channel " + bad + " although its atoms are finite: a fault in the gridding kernel;"
                    + " rerun with MULTIPOSE_VECTOR=0 and report it");
        }
        f = new ReceptorFrame(tf, grid);
        remember(key, f, augmented);
        return f;
    }

    /** Keeps a frame: all of them without augmentation (up to the byte bound), only the latest one with it. */
    private void remember(FrameKey key, ReceptorFrame f, boolean augmented) {
        if (augmented) {
            frames.entrySet().removeIf(e -> {
                boolean drop = e.getKey().augmented();
                if (drop) {
                    frameBytes -= 4L * e.getValue().receptorGrid.length;
                }
                return drop;
            });
        }
        frames.put(key, f);
        frameBytes += 4L * f.receptorGrid.length;
        var it = frames.entrySet().iterator();
        while (frameBytes > CACHE_BYTES && frames.size() > 1 && it.hasNext()) {
            var e = it.next();
            frameBytes -= 4L * e.getValue().receptorGrid.length;
            it.remove();
        }
    }

    /** Everything in one call: receptor atoms first (stored order), then the ligand's; one transform per seed. */
    private void gridWhole(ReceptorRecord receptor, PoseRecord pose, double[] c, Augmentation augmentation,
            long seed, float[] out) {
        ReceptorAtoms rec = receptor(receptor);
        int[] kept = ReceptorCrop.keep(rec.coords, rec.radii, c, maker.spec(), augmentation.reach());
        int nr = kept.length;
        int nl = pose.atomCount();
        int n = nr + nl;
        float[] xyz = new float[3 * n];
        int[] types = new int[n];
        float[] radii = new float[n];
        gather(rec, kept, xyz, types, radii);
        System.arraycopy(pose.coords(), 0, xyz, 3 * nr, 3 * nl);
        short[] lt = pose.types();
        for (int k = 0; k < nl; k++) {
            types[nr + k] = lt[k];
        }
        System.arraycopy(pose.radii(), 0, radii, nr, nl);
        if (!augmentation.isNone()) {
            SplittableRandom rng = new SplittableRandom(seed);
            Transform tf = Transform.random(rng, c, augmentation.translate(), augmentation.rotate());
            tf.apply(xyz, xyz);
            jitter(xyz, augmentation.jitter(), rng);
        }
        maker.forward(xyz, types, radii, c, out);
        receptorGriddings++;
    }

    private static void gather(ReceptorAtoms rec, int[] kept, float[] xyz, int[] types, float[] radii) {
        for (int k = 0; k < kept.length; k++) {
            int a = kept[k];
            System.arraycopy(rec.coords, 3 * a, xyz, 3 * k, 3);
            types[k] = rec.types[a];
            radii[k] = rec.radii[a];
        }
    }

    private static void jitter(float[] xyz, double sigma, SplittableRandom rng) {
        if (sigma > 0) {
            for (int k = 0; k < xyz.length; k++) {
                xyz[k] = (float) (xyz[k] + sigma * rng.nextGaussian());
            }
        }
    }

    private ReceptorAtoms receptor(ReceptorRecord r) {
        ReceptorAtoms a = receptors.get(r.target());
        if (a == null) {
            short[] t = r.types();
            int[] it = new int[t.length];
            int max = -1;
            for (int k = 0; k < t.length; k++) {
                it[k] = t[k];
                max = Math.max(max, t[k]);
            }
            a = new ReceptorAtoms(r.coords(), it, r.radii(), max);
            receptors.put(r.target(), a);
        }
        return a;
    }

    @Override
    public void close() {
        maker.close();
    }
}
