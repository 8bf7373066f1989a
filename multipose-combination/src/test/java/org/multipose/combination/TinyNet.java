package org.multipose.combination;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real, small DJL block for gradient tests: Conv3d (3³ kernel) on a 1×s³ grid → tanh → flatten → Linear(1); by
 * default 2 filters on 5³ (111 parameters). tanh rather than ReLU so central differences do not straddle kinks.
 */
final class TinyNet {

    final Shape poseShape;
    final SequentialBlock block;
    final ParameterStore store;
    final DataType dataType;

    TinyNet(NDManager manager, DataType dataType, long seed) {
        this(manager, dataType, seed, 5, 2);
    }

    TinyNet(NDManager manager, DataType dataType, long seed, int side, int filters) {
        this.dataType = dataType;
        this.poseShape = new Shape(1, 1, side, side, side);
        Engine.getInstance().setRandomSeed((int) seed);
        block = new SequentialBlock()
                .add(Conv3d.builder().setKernelShape(new Shape(3, 3, 3)).setFilters(filters).build())
                .add(Activation::tanh)
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(1).build());
        block.initialize(manager, dataType, poseShape);
        store = new ParameterStore(manager, false);
        // Non-zero biases, so their gradients are exercised away from the zero initialisation.
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getKey().endsWith("bias")) {
                NDArray b = p.getValue().getArray();
                double[] v = new double[(int) b.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.1 * (i + 1);
                }
                set(b, v);
            }
        }
    }

    /** Pose inputs (1, 1, 5, 5, 5) from a seeded normal distribution, in {@code manager}. */
    List<NDList> poses(NDManager manager, int count, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        List<NDList> poses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            poses.add(new NDList(manager.randomNormal(poseShape).toType(dataType, false)));
        }
        return poses;
    }

    /** Overwrites an array's values in place (no autograd record, no new handles). */
    static void set(NDArray a, double[] values) {
        if (a.getDataType() == DataType.FLOAT64) {
            a.set(DoubleBuffer.wrap(values));
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            a.set(java.nio.FloatBuffer.wrap(f));
        }
    }

    static double[] toDoubles(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            return a.toDoubleArray();
        }
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** The model's current gradient buffers read directly (not through the code under test), by parameter name. */
    Map<String, double[]> bufferGradients() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            try (NDArray g = p.getValue().getArray().getGradient()) {
                out.put(p.getKey(), toDoubles(g));
            }
        }
        return out;
    }

    /** All poses' inputs concatenated along the batch axis, in {@code manager}. */
    static NDArray batch(List<NDList> poses, NDManager manager) {
        NDList all = new NDList();
        for (NDList p : poses) {
            all.add(p.head());
        }
        NDArray b = NDArrays.concat(all, 0);
        b.attach(manager);
        return b;
    }
}
