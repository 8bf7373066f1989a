package org.multipose.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gnina's Dense network: topology against an independent numpy forward, names, counts, buffers, weights files. */
class DenseNetBlockTest {

    /** 5 channels, 8³, initial width 4, growth 3, 2 convolutions per block, 2 blocks: dense_reference.py's network. */
    static final ModelSpec TINY = new ModelSpec(ModelSpec.DENSE, 5, 8, List.of(4, 3, 2, 2), true, AffinityHead.PK);

    @Test
    void namesFollowGninaLayersAndBuffersStayApart() {
        try (PoseModel m = PoseModel.create(TINY, 1)) {
            assertEquals(List.of("data_enc_init_conv.weight", "data_enc_init_conv.bias",
                    "data_enc_level0_batchnorm_conv0.weight", "data_enc_level0_batchnorm_conv0.bias",
                    "data_enc_level0_conv0.weight", "data_enc_level0_conv0.bias",
                    "data_enc_level0_batchnorm_conv1.weight", "data_enc_level0_batchnorm_conv1.bias",
                    "data_enc_level0_conv1.weight", "data_enc_level0_conv1.bias",
                    "data_enc_level0_bottleneck.weight", "data_enc_level0_bottleneck.bias",
                    "data_enc_level1_batchnorm_conv0.weight", "data_enc_level1_batchnorm_conv0.bias",
                    "data_enc_level1_conv0.weight", "data_enc_level1_conv0.bias",
                    "data_enc_level1_batchnorm_conv1.weight", "data_enc_level1_batchnorm_conv1.bias",
                    "data_enc_level1_conv1.weight", "data_enc_level1_conv1.bias",
                    "affinity_output.weight", "affinity_output.bias", "pose_output.weight", "pose_output.bias"),
                    List.copyOf(m.parameters().keySet()));
            assertEquals(List.copyOf(m.parameters().keySet()), m.block().getParameters().keys());
            assertEquals(List.of("data_enc_level0_batchnorm_conv0.running_mean",
                    "data_enc_level0_batchnorm_conv0.running_var", "data_enc_level0_batchnorm_conv1.running_mean",
                    "data_enc_level0_batchnorm_conv1.running_var", "data_enc_level1_batchnorm_conv0.running_mean",
                    "data_enc_level1_batchnorm_conv0.running_var", "data_enc_level1_batchnorm_conv1.running_mean",
                    "data_enc_level1_batchnorm_conv1.running_var"), List.copyOf(m.buffers().keySet()));
            // channels seen by the BatchNorms: 4, 4 + 3; after the bottleneck 10, 10 + 3; features 16
            assertArrayEquals(new long[] {7}, m.buffers().get("data_enc_level0_batchnorm_conv1.running_var")
                    .getShape().getShape());
            assertArrayEquals(new long[] {13}, m.buffers().get("data_enc_level1_batchnorm_conv1.running_mean")
                    .getShape().getShape());
            assertArrayEquals(new long[] {1, 16}, m.parameters().get("affinity_output.weight").getShape().getShape());
            assertEquals(3539, m.parameterCount()); // also printed by dense_reference.py
            assertEquals(3539, TINY.parameterCount());
            assertEquals(16, TINY.flattenedSize());
        }
        // gnina's Dense, 28 channels: 685123 trainable values (the float tensors of dense.pt without the 2880
        // running statistics, counted from the file with Python's pickle and math.prod)
        assertEquals(685123, ModelSpec.gninaDense(28).parameterCount());
        assertEquals(224, ModelSpec.gninaDense(28).flattenedSize());
    }

    /** Sets dense_reference.py's closed-form parameters and buffers; returns the matching input batch. */
    static float[] loadPatternWeights(PoseModel m) {
        Map<String, FloatTensor> w = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, NDArray> e : m.parameters().entrySet()) {
            float[] v = new float[Math.toIntExact(e.getValue().size())];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (0.35 * Math.sin(1.7 * j + 0.9 * k + 0.1));
            }
            w.put(e.getKey(), new FloatTensor(e.getValue().getShape().getShape(), v));
            k++;
        }
        int b = 0;
        for (Map.Entry<String, NDArray> e : m.buffers().entrySet()) {
            float[] v = new float[Math.toIntExact(e.getValue().size())];
            for (int j = 0; j < v.length; j++) {
                v[j] = e.getKey().endsWith("running_mean") ? (float) (0.2 * Math.cos(0.9 * j + 0.4 * b))
                        : (float) (0.5 + 0.3 * Math.pow(Math.sin(0.7 * j + b), 2));
            }
            w.put(e.getKey(), new FloatTensor(e.getValue().getShape().getShape(), v));
            b++;
        }
        m.loadWeights(new NamedTensors(w), "test pattern");
        float[] x = new float[2 * 5 * 8 * 8 * 8];
        for (int j = 0; j < x.length; j++) {
            x[j] = (float) (Math.cos(0.37 * j) + 0.25);
        }
        return x;
    }

    @Test
    void forwardMatchesIndependentNumpyNetwork() {
        // Literals from src/test/python/dense_reference.py (float64 numpy from the float32-rounded values).
        double[] y = {1.5042447547478859, 1.4235353437162679};
        double[] pose = {0.22203094102933338, 0.5369156786008098, 0.15526422740739418, 0.5507665937994546};
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            double tol = type == DataType.FLOAT32 ? 1e-5 : 1e-12;
            try (PoseModel m = PoseModel.create(TINY, 5, type); NDManager step = NDManager.newBaseManager()) {
                float[] x = loadPatternWeights(m);
                NDList out = m.forward(step.create(x, new Shape(2, 5, 8, 8, 8)).toType(type, false));
                assertArrayEquals(new long[] {2}, out.get(0).getShape().getShape());
                assertArrayEquals(new long[] {2, 2}, out.get(1).getShape().getShape());
                assertArrayEquals(y, out.get(0).toType(DataType.FLOAT64, false).toDoubleArray(), tol, type.name());
                assertArrayEquals(pose, out.get(1).toType(DataType.FLOAT64, false).toDoubleArray(), tol, type.name());
            }
        }
    }

    @Test
    void buffersTakeNoGradientAndRoundTripThroughWeightsFiles(@TempDir Path dir) {
        try (PoseModel m = PoseModel.create(TINY, 5); NDManager step = NDManager.newBaseManager()) {
            float[] x = loadPatternWeights(m);
            float[] before = m.buffers().get("data_enc_level1_batchnorm_conv0.running_var").toFloatArray();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(m.affinity(step.create(x, new Shape(2, 5, 8, 8, 8))).sum());
            }
            for (Map.Entry<String, NDArray> p : m.parameters().entrySet()) {
                float[] g = p.getValue().getGradient().toFloatArray();
                boolean nonZero = false;
                for (float v : g) {
                    nonZero |= v != 0;
                }
                assertTrue(nonZero || p.getKey().startsWith("pose_output"), "no gradient reaches " + p.getKey());
            }
            // eval-mode BatchNorm: running statistics unchanged by a forward and backward
            assertArrayEquals(before, m.buffers().get("data_enc_level1_batchnorm_conv0.running_var").toFloatArray(),
                    0f);
            m.zeroGradients();
            Path file = dir.resolve("w.bin");
            m.saveWeights(file);
            try (PoseModel back = PoseModel.load(file)) {
                assertEquals(TINY, back.spec());
                assertEquals(m.weights(), back.weights());
            }
        }
    }

    @Test
    void specEncodesTheDenseFamilyAndThePkHead() {
        String text = TINY.encode();
        assertEquals("architecture=dense;inputChannels=5;gridPoints=8;widths=4,3,2,2;poseHead=true;affinityHead=pK",
                text);
        assertEquals(TINY, ModelSpec.decode(text, "test"));
        // a spec written before heads had units reads back as kT
        assertEquals(AffinityHead.KT, ModelSpec.decode("architecture=small;inputChannels=2;gridPoints=16;"
                + "widths=3,2,3,2,2;poseHead=true", "old").affinityHead());
    }
}
