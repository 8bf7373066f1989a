package org.multipose.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Pose grids in one reused direct buffer, handed to DJL as {@code [B, C, n, n, n]} arrays. PyTorch wraps a direct
 * buffer in place (no copy; measured), and creating arrays from Java arrays instead would allocate a fresh direct
 * buffer per call that only the garbage collector frees (docs/guide/models-and-losses.md, "Per-pose networks").
 * Because arrays alias the buffer, a slot must not be refilled while an array over it is still needed (the dictionary
 * route finishes a pose's forward and backward before gridding the next one).
 */
final class GridBatch {

    private final int gridLength;
    private final DataType dataType;
    private final Shape poseShape;
    private ByteBuffer buffer;
    private int capacity;

    /**
     * @param channels C
     * @param points   n
     * @param dataType float32 or float64 (the model's)
     */
    GridBatch(int channels, int points, DataType dataType) {
        this.poseShape = new Shape(channels, points, points, points);
        this.gridLength = Math.toIntExact(poseShape.size());
        this.dataType = dataType;
        ensure(1);
    }

    /** Room for {@code poses} grids (grows the buffer, never shrinks it). */
    void ensure(int poses) {
        if (poses > capacity) {
            long bytes = (long) poses * gridLength * dataType.getNumOfBytes();
            if (bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(poses + " grids of " + poseShape + " exceed 2 GB; use fewer poses"
                        + " per compound or a smaller grid");
            }
            buffer = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
            capacity = poses;
        }
    }

    /** Copies one pose grid (length C·n³) into slot {@code slot}. */
    void put(int slot, float[] grid) {
        if (slot >= capacity) {
            throw new IllegalArgumentException("slot " + slot + " beyond capacity " + capacity);
        }
        if (dataType == DataType.FLOAT32) {
            buffer.clear();
            buffer.position(slot * gridLength * Float.BYTES);
            buffer.asFloatBuffer().put(grid);
        } else {
            buffer.clear();
            buffer.position(slot * gridLength * Double.BYTES);
            java.nio.DoubleBuffer d = buffer.asDoubleBuffer();
            for (float v : grid) {
                d.put(v);
            }
        }
    }

    /** The first {@code poses} slots as one array {@code [poses, C, n, n, n]} in {@code manager} (no copy). */
    NDArray wrap(NDManager manager, int poses) {
        buffer.clear();
        buffer.limit(poses * gridLength * dataType.getNumOfBytes());
        Shape shape = new Shape(poses).addAll(poseShape);
        return manager.create(buffer, shape, dataType);
    }
}
