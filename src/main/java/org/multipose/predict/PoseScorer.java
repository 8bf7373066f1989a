package org.multipose.predict;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.List;
import org.multipose.config.GridSpec;
import org.multipose.grid.GridMaker;
import org.multipose.grid.ReceptorCrop;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;
import org.multipose.refine.PoseObjective;
import org.multipose.typing.TypedAtoms;

/**
 * A trained model's predicted free energy of one ligand in one receptor as a function of the ligand's atom
 * coordinates, with its exact gradient (gnina's CNN-gradient pose optimisation):
 * <ol>
 *   <li>grid the receptor atoms (cropped once to those that can touch the grid) and the ligand atoms at a fixed
 *       center, as training did without augmentation (receptor channels, then ligand channels);</li>
 *   <li>run each member's network on the grid marked as requiring a gradient; y = the members' mean (kT);</li>
 *   <li>backward of each member's y gives Γ = ∂y/∂grid (accumulated on the grid and divided by the member
 *       count);</li>
 *   <li>{@link GridMaker#backward} over the ligand atom range only turns Γ into ∂y/∂(ligand coordinates).</li>
 * </ol>
 * The center stays where the caller put it (for refinement: the original pose's centroid), so the grid does not
 * follow the ligand as it moves. The receptor is fixed. Not thread-safe.
 *
 * <p>Memory: one grid, one grid gradient and one reused direct buffer the network reads in place; every NDArray of
 * an evaluation lives in a sub-manager closed at its end. The members' parameter gradients, which the backward
 * fills as a side effect, are zeroed after each evaluation.
 */
public final class PoseScorer implements PoseObjective, AutoCloseable {

    private final List<PoseModel> members;
    private final GridMaker maker;
    private final DataType dataType;
    private final Shape shape;
    private final double[] center;
    private final float[] coords;
    private final int[] types;
    private final float[] radii;
    private final int ligandFrom;
    private final int ligandAtoms;
    private final int receptorAtoms;
    private final float[] grid;
    private final int receptorSplit;
    private final float[] receptorGrid;
    private final int[] ligandTypes;
    private final float[] ligandRadii;
    private final float[] gamma;
    private final float[] atomGradient;
    private final ByteBuffer buffer;
    private final NDManager manager;

    /**
     * @param members  the trained network(s), same spec and data type (not closed by this scorer)
     * @param spec     the grid the networks were trained on
     * @param receptor the receptor's typed atoms (receptor channels 0..R−1)
     * @param ligand   the ligand's typed atoms (ligand channels 0..L−1, gridded as R..R+L−1); its coordinates are
     *                 replaced by each evaluation's
     * @param center   the grid center (Å, 3 values), held fixed
     * @param threads  gridding threads (results do not depend on it)
     * @throws IllegalArgumentException when the channels or grid points do not fit the networks
     */
    public PoseScorer(List<PoseModel> members, GridSpec spec, TypedAtoms receptor, TypedAtoms ligand,
            double[] center, int threads) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no model");
        }
        if (center.length != 3) {
            throw new IllegalArgumentException("center needs 3 values, got " + center.length);
        }
        if (ligand.size() == 0) {
            throw new IllegalArgumentException("the ligand has no typed atom");
        }
        ModelSpec ms = members.get(0).spec();
        this.dataType = members.get(0).dataType();
        for (PoseModel m : members) {
            if (!m.spec().equals(ms) || m.dataType() != dataType) {
                throw new IllegalArgumentException("ensemble members differ: " + m.spec().encode() + " "
                        + m.dataType() + " vs " + ms.encode() + " " + dataType);
            }
        }
        int channels = receptor.channelCount() + ligand.channelCount();
        if (channels != ms.inputChannels()) {
            throw new IllegalArgumentException(receptor.channelCount() + " receptor + " + ligand.channelCount()
                    + " ligand channels, but the network takes " + ms.inputChannels());
        }
        if (spec.pointsPerSide() != ms.gridPoints()) {
            throw new IllegalArgumentException("the grid has " + spec.pointsPerSide() + " points per side, the"
                    + " network takes " + ms.gridPoints());
        }
        this.members = List.copyOf(members);
        this.center = center.clone();
        int[] kept = ReceptorCrop.keep(receptor.coords(), receptor.radii(), center, spec, 0.0);
        this.receptorAtoms = kept.length;
        this.ligandFrom = kept.length;
        this.ligandAtoms = ligand.size();
        int n = ligandFrom + ligandAtoms;
        this.coords = new float[3 * n];
        this.types = new int[n];
        this.radii = new float[n];
        float[] rc = receptor.coords();
        for (int k = 0; k < kept.length; k++) {
            int a = kept[k];
            System.arraycopy(rc, 3 * a, coords, 3 * k, 3);
            types[k] = receptor.channels()[a];
            radii[k] = receptor.radii()[a];
        }
        int offset = receptor.channelCount();
        for (int i = 0; i < ligandAtoms; i++) {
            types[ligandFrom + i] = ligand.channels()[i] + offset;
            radii[ligandFrom + i] = ligand.radii()[i];
        }
        System.arraycopy(ligand.coords(), 0, coords, 3 * ligandFrom, 3 * ligandAtoms);
        int p = spec.pointsPerSide();
        this.shape = new Shape(1, channels, p, p, p);
        this.maker = new GridMaker(spec, threads);
        this.grid = new float[maker.gridLength(channels)];
        this.gamma = new float[grid.length];
        this.atomGradient = new float[3 * n];
        this.buffer = ByteBuffer.allocateDirect(grid.length * dataType.getNumOfBytes()).order(ByteOrder.nativeOrder());
        this.manager = NDManager.newBaseManager();
        // The receptor never moves: its channels are gridded once; each evaluation adds only the ligand (receptor
        // atoms write only receptor channels, so the sum per voxel is the same as gridding everything at once).
        this.receptorSplit = maker.gridLength(offset);
        this.receptorGrid = new float[receptorSplit];
        maker.forward(Arrays.copyOf(coords, 3 * ligandFrom), Arrays.copyOf(types, ligandFrom),
                Arrays.copyOf(radii, ligandFrom), center, receptorGrid);
        this.ligandTypes = Arrays.copyOfRange(types, ligandFrom, n);
        this.ligandRadii = Arrays.copyOfRange(radii, ligandFrom, n);
    }

    @Override
    public int atomCount() {
        return ligandAtoms;
    }

    /** The receptor atoms within reach of the grid (gridded once, at construction). */
    public int receptorAtoms() {
        return receptorAtoms;
    }

    /** The grid center, Å. */
    public double[] center() {
        return center.clone();
    }

    /** The number of networks averaged. */
    public int members() {
        return members.size();
    }

    @Override
    public double value(float[] ligandCoords) {
        fill(ligandCoords);
        double sum = 0;
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(rewound(), shape, dataType);
            for (PoseModel m : members) {
                sum += scalar(m.affinity(x));
            }
        }
        return sum / members.size();
    }

    @Override
    public double valueAndGradient(float[] ligandCoords, double[] gradient) {
        if (gradient.length != 3 * ligandAtoms) {
            throw new IllegalArgumentException("gradient needs " + 3 * ligandAtoms + " values, got "
                    + gradient.length);
        }
        fill(ligandCoords);
        double sum = 0;
        int k = members.size();
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(rewound(), shape, dataType);
            x.setRequiresGradient(true);
            try {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    for (PoseModel m : members) {
                        // One graph at a time; the grid's gradient accumulates Σ_m ∂y_m/∂grid over the backwards.
                        NDArray y = m.affinity(x);
                        sum += scalar(y);
                        collector.backward(y);
                    }
                }
                NDArray g = x.getGradient();
                g.attach(step);
                readGamma(g, 1.0 / k);
            } finally {
                for (PoseModel m : members) {
                    m.zeroGradients();
                }
            }
        }
        maker.backward(coords, types, radii, center, gamma, ligandFrom, ligandFrom + ligandAtoms, atomGradient);
        for (int i = 0; i < 3 * ligandAtoms; i++) {
            gradient[i] = atomGradient[3 * ligandFrom + i];
        }
        return sum / k;
    }

    /** Grids the receptor with the ligand at {@code ligandCoords} into the direct buffer, in the networks' type. */
    private void fill(float[] ligandCoords) {
        if (ligandCoords.length != 3 * ligandAtoms) {
            throw new IllegalArgumentException("ligand coordinates need " + 3 * ligandAtoms + " values, got "
                    + ligandCoords.length);
        }
        System.arraycopy(ligandCoords, 0, coords, 3 * ligandFrom, 3 * ligandAtoms);
        System.arraycopy(receptorGrid, 0, grid, 0, receptorSplit);
        Arrays.fill(grid, receptorSplit, grid.length, 0f);
        maker.forwardAccumulate(ligandCoords, ligandTypes, ligandRadii, center, grid);
        buffer.clear();
        if (dataType == DataType.FLOAT32) {
            buffer.asFloatBuffer().put(grid);
        } else {
            DoubleBuffer d = buffer.asDoubleBuffer();
            for (float v : grid) {
                d.put(v);
            }
        }
    }

    private ByteBuffer rewound() {
        buffer.clear();
        return buffer;
    }

    /** Γ = scale · the grid's gradient, as floats for {@link GridMaker#backward}. */
    private void readGamma(NDArray g, double scale) {
        if (g.getDataType() == DataType.FLOAT64) {
            double[] d = g.toDoubleArray();
            for (int i = 0; i < gamma.length; i++) {
                gamma[i] = (float) (d[i] * scale);
            }
        } else {
            float[] f = g.toFloatArray();
            for (int i = 0; i < gamma.length; i++) {
                gamma[i] = (float) (f[i] * scale);
            }
        }
    }

    private static double scalar(NDArray y) {
        return y.getDataType() == DataType.FLOAT64 ? y.toDoubleArray()[0] : y.toFloatArray()[0];
    }

    @Override
    public void close() {
        manager.close();
        maker.close();
    }
}
