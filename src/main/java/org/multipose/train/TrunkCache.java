package org.multipose.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.multipose.data.CompoundKey;
import org.multipose.data.CompoundPoses;
import org.multipose.data.PoseRecord;
import org.multipose.data.ReceptorRecord;
import org.multipose.model.PoseModel;

/**
 * The output of a network's frozen leading stages, computed once per pose and kept: when the first k stages have
 * only frozen parameters and poses are gridded as docked (no augmentation), their output for a pose never changes,
 * so training runs only stages k + 1… and the heads on it ({@link PoseModel#forwardFrom}). The function and its
 * gradient with respect to the trainable parameters are exactly those of the whole network
 * ({@code TrunkCacheTest}: equal to 1e-12 in float64); the trunk's convolutions are run once per pose instead of
 * once per pose and epoch, and never differentiated.
 *
 * <p>Each compound's poses are gridded and run through the trunk together the first time the compound is asked for
 * (no gradient is recorded), and the activations are kept as heap bytes in the model's data type; a request copies
 * the poses it needs into one reused direct buffer that DJL wraps in place (as {@link GridBatch} does for grids), so
 * nothing is allocated natively per step. Not thread-safe.
 */
final class TrunkCache {

    private final PoseModel model;
    private final int stages;
    private final PoseGridder gridder;
    private final GridBatch grids;
    private final float[] grid;
    private final Map<CompoundKey, byte[][]> activations = new HashMap<>();
    private Shape poseShape;
    private long bytes;
    private long poses;
    private long nanos;
    private ByteBuffer buffer;

    /**
     * @param model   the network (its first {@code stages} stages must be frozen)
     * @param stages  k ≥ 1, how many leading stages to cache
     * @param gridder grids poses as the training step does
     */
    TrunkCache(PoseModel model, int stages, PoseGridder gridder) {
        if (stages < 1 || stages > model.frozenStages()) {
            throw new IllegalArgumentException("can cache 1.." + model.frozenStages() + " frozen stages, asked for "
                    + stages);
        }
        this.model = model;
        this.stages = stages;
        this.gridder = gridder;
        this.grids = new GridBatch(gridder.channels(), gridder.pointsPerSide(), model.dataType());
        this.grid = new float[gridder.gridLength()];
    }

    /** k, the number of cached stages. */
    int stages() {
        return stages;
    }

    /** Bytes of activations kept so far. */
    long bytes() {
        return bytes;
    }

    /** Poses whose activations are kept. */
    long poses() {
        return poses;
    }

    /** Seconds spent computing activations (gridding included). */
    double seconds() {
        return nanos / 1e9;
    }

    /**
     * The trunk's activations of poses {@code from} … {@code from + count − 1} of the compound, as one array
     * [count, …] in {@code manager} over a buffer this cache reuses (valid until the next call).
     */
    NDArray activations(CompoundPoses compound, ReceptorRecord receptor, int from, int count, NDManager manager) {
        byte[][] kept = activations.get(compound.key());
        if (kept == null) {
            kept = compute(compound, receptor, manager);
            activations.put(compound.key(), kept);
        }
        int each = kept[0].length;
        long total = (long) each * count;
        if (buffer == null || buffer.capacity() < total) {
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(count + " poses' activations exceed 2 GB");
            }
            buffer = ByteBuffer.allocateDirect((int) total).order(ByteOrder.nativeOrder());
        }
        buffer.clear();
        for (int i = from; i < from + count; i++) {
            buffer.put(kept[i]);
        }
        buffer.flip();
        return manager.create(buffer, new Shape(count).addAll(poseShape), model.dataType());
    }

    private byte[][] compute(CompoundPoses compound, ReceptorRecord receptor, NDManager manager) {
        long t0 = System.nanoTime();
        List<PoseRecord> list = compound.poses();
        int n = list.size();
        grids.ensure(n);
        for (int i = 0; i < n; i++) {
            gridder.grid(receptor, list, i, Augmentation.NONE, 0L, grid);
            grids.put(i, grid);
        }
        byte[][] out = new byte[n][];
        try (NDManager scratch = manager.newSubManager()) {
            NDArray a = model.trunk(grids.wrap(scratch, n), stages);
            if (poseShape == null) {
                poseShape = a.getShape().slice(1);
            }
            byte[] all = a.toByteArray();
            int each = all.length / n;
            for (int i = 0; i < n; i++) {
                out[i] = java.util.Arrays.copyOfRange(all, i * each, (i + 1) * each);
            }
            bytes += all.length;
        }
        poses += n;
        nanos += System.nanoTime() - t0;
        return out;
    }

    /** Bytes one pose's activations take (after the first compound was computed; 0 before). */
    long bytesPerPose() {
        return poseShape == null ? 0 : poseShape.size() * (model.dataType() == DataType.FLOAT64 ? 8 : 4);
    }
}
