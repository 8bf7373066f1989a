package org.multipose.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.multipose.config.GridSpec;
import org.multipose.grid.GridMaker;
import org.multipose.grid.ReceptorCrop;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;
import org.multipose.typing.TypedAtoms;

/**
 * Scores poses with an ensemble of per-pose networks, the way {@code gnina --score_only} does: each pose is gridded
 * with its receptor at its own center (receptor channels, then ligand channels; receptor atoms cropped to those that
 * can touch the grid), without rotation or translation; every member runs on the grid; the pose gets each member's y
 * (kT) and, with a pose head, its pose score softmax(logits)₁ ({@link PoseScore}). Poses go through the networks in
 * batches of up to {@code batchSize}: one direct buffer of [B, C, n, n, n] floats is filled by the gridder and read
 * in place, and every NDArray of a batch lives in a sub-manager closed after it. No gradients are recorded.
 *
 * <p>Not thread-safe; the gridder uses {@code threads} threads and PyTorch its own (set before the engine loads).
 */
public final class PoseBatchScorer implements AutoCloseable {

    private final List<PoseModel> members;
    private final GridSpec spec;
    private final GridMaker maker;
    private final int batchSize;
    private final int channels;
    private final int gridLength;
    private final ByteBuffer buffer;
    private final NDManager manager;
    private final float[] grid;
    private long gridNanos;
    private long networkNanos;

    /**
     * @param members   the networks (same spec, float32; not closed by this scorer)
     * @param spec      the grid the networks take
     * @param threads   gridding threads (results do not depend on it)
     * @param batchSize poses per forward pass, ≥ 1
     * @throws IllegalArgumentException when the members differ or do not take float32 grids of {@code spec}'s size
     */
    public PoseBatchScorer(List<PoseModel> members, GridSpec spec, int threads, int batchSize) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no model");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
        }
        ModelSpec ms = members.get(0).spec();
        for (PoseModel m : members) {
            if (m.spec().inputChannels() != ms.inputChannels() || m.spec().gridPoints() != ms.gridPoints()
                    || m.spec().poseHead() != ms.poseHead() || m.dataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("ensemble members take different inputs: " + m.spec().encode()
                        + " vs " + ms.encode());
            }
        }
        if (spec.pointsPerSide() != ms.gridPoints()) {
            throw new IllegalArgumentException("the grid has " + spec.pointsPerSide() + " points per side, the"
                    + " network takes " + ms.gridPoints());
        }
        this.members = List.copyOf(members);
        this.spec = spec;
        this.batchSize = batchSize;
        this.channels = ms.inputChannels();
        this.maker = new GridMaker(spec, threads);
        this.gridLength = maker.gridLength(channels);
        this.grid = new float[gridLength];
        this.buffer = ByteBuffer.allocateDirect(batchSize * gridLength * Float.BYTES).order(ByteOrder.nativeOrder());
        this.manager = NDManager.newBaseManager();
    }

    /** The members' pose head: true when scores carry CNNscore. */
    public boolean poseHead() {
        return members.get(0).spec().poseHead();
    }

    /** Number of networks. */
    public int members() {
        return members.size();
    }

    /** Poses per forward pass. */
    public int batchSize() {
        return batchSize;
    }

    /**
     * gnina's grid center for a pose: the mean of the typed (channel-holding) ligand atoms, summed and divided in
     * float32 as libmolgrid's {@code CoordinateSet::center} does (gnina 1.0 centres on the ligand atoms that have a
     * type, i.e. its heavy atoms under the default maps).
     *
     * @throws IllegalArgumentException when the ligand has no typed atom
     */
    public static double[] ligandCenter(TypedAtoms ligand) {
        int n = ligand.size();
        if (n == 0) {
            throw new IllegalArgumentException("the ligand has no typed atom");
        }
        float[] c = ligand.coords();
        float x = 0;
        float y = 0;
        float z = 0;
        for (int a = 0; a < n; a++) {
            x += c[3 * a];
            y += c[3 * a + 1];
            z += c[3 * a + 2];
        }
        return new double[] {x / n, y / n, z / n};
    }

    /**
     * Scores poses of ligands in one receptor.
     *
     * @param receptor the receptor's typed atoms (receptor channels)
     * @param ligands  each pose's typed atoms (ligand channels), at least one atom each
     * @param centers  each pose's grid center, Å (3 values)
     * @return one score per pose, in order
     * @throws IllegalArgumentException when the channels do not add up to the networks' input
     */
    public List<PoseScore> score(TypedAtoms receptor, List<TypedAtoms> ligands, List<double[]> centers) {
        if (ligands.size() != centers.size()) {
            throw new IllegalArgumentException(ligands.size() + " ligands but " + centers.size() + " centers");
        }
        List<PoseScore> out = new ArrayList<>(ligands.size());
        for (int from = 0; from < ligands.size(); from += batchSize) {
            int to = Math.min(ligands.size(), from + batchSize);
            long t0 = System.nanoTime();
            FloatBuffer fb = buffer.asFloatBuffer();
            for (int i = from; i < to; i++) {
                fill(receptor, ligands.get(i), centers.get(i));
                fb.put(grid);
            }
            long t1 = System.nanoTime();
            out.addAll(forward(to - from));
            gridNanos += t1 - t0;
            networkNanos += System.nanoTime() - t1;
        }
        return out;
    }

    /** Time spent so far gridding poses (receptor crop included), s. */
    public double gridSeconds() {
        return gridNanos / 1e9;
    }

    /** Time spent so far in the networks (forward of every member, reading the outputs), s. */
    public double networkSeconds() {
        return networkNanos / 1e9;
    }

    /** Grids one pose into {@link #grid}. */
    private void fill(TypedAtoms receptor, TypedAtoms ligand, double[] center) {
        int total = receptor.channelCount() + ligand.channelCount();
        if (total != channels) {
            throw new IllegalArgumentException(receptor.channelCount() + " receptor + " + ligand.channelCount()
                    + " ligand channels, but the network takes " + channels);
        }
        int[] kept = ReceptorCrop.keep(receptor.coords(), receptor.radii(), center, spec, 0.0);
        int n = kept.length + ligand.size();
        float[] xyz = new float[3 * n];
        int[] types = new int[n];
        float[] radii = new float[n];
        float[] rc = receptor.coords();
        for (int k = 0; k < kept.length; k++) {
            System.arraycopy(rc, 3 * kept[k], xyz, 3 * k, 3);
            types[k] = receptor.channels()[kept[k]];
            radii[k] = receptor.radii()[kept[k]];
        }
        System.arraycopy(ligand.coords(), 0, xyz, 3 * kept.length, 3 * ligand.size());
        int offset = receptor.channelCount();
        for (int i = 0; i < ligand.size(); i++) {
            types[kept.length + i] = ligand.channels()[i] + offset;
            radii[kept.length + i] = ligand.radii()[i];
        }
        maker.forward(xyz, types, radii, center, grid);
    }

    /** Runs every member on the first {@code count} grids of the buffer. */
    private List<PoseScore> forward(int count) {
        int p = spec.pointsPerSide();
        double[][] y = new double[count][members.size()];
        double[][] s = new double[count][poseHead() ? members.size() : 0];
        try (NDManager step = manager.newSubManager()) {
            buffer.clear();
            buffer.limit(count * gridLength * Float.BYTES);
            NDArray x = step.create(buffer, new Shape(count, channels, p, p, p), DataType.FLOAT32);
            for (int m = 0; m < members.size(); m++) {
                NDList outputs = members.get(m).forward(x);
                float[] aff = outputs.get(0).toFloatArray();
                float[] good = poseHead() ? outputs.get(1).softmax(1).toFloatArray() : new float[0];
                for (int i = 0; i < count; i++) {
                    y[i][m] = aff[i];
                    if (poseHead()) {
                        s[i][m] = good[2 * i + 1];
                    }
                }
            }
        } finally {
            buffer.clear();
        }
        List<PoseScore> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new PoseScore(y[i], s[i]));
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
        maker.close();
    }
}
