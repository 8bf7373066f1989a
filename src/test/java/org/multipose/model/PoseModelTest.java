package org.multipose.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;

/** The per-pose network: architecture, names, counts, init, gradients, weights files. */
class PoseModelTest {

    /** 2 channels, 16³, widths 3,2,3,2,2, pose head: the network of src/test/python/posenet_reference.py. */
    static final ModelSpec TINY = new ModelSpec(ModelSpec.SMALL, 2, 16, List.of(3, 2, 3, 2, 2), true);

    @Test
    void parameterNamesAreStableAndOrdered() {
        try (PoseModel m = PoseModel.create(TINY, 1)) {
            assertEquals(List.of("unit1_conv.weight", "unit1_conv.bias", "unit2_conv.weight", "unit2_conv.bias",
                    "unit3_conv.weight", "unit3_conv.bias", "unit4_conv.weight", "unit4_conv.bias",
                    "unit5_conv.weight", "unit5_conv.bias", "affinity_output.weight", "affinity_output.bias",
                    "pose_output.weight", "pose_output.bias"), List.copyOf(m.parameters().keySet()));
            // DJL's own listing carries the same names (no generated prefixes: the block has no children).
            assertEquals(List.copyOf(m.parameters().keySet()), m.block().getParameters().keys());
            assertArrayEquals(new long[] {3, 2, 3, 3, 3}, m.parameters().get("unit1_conv.weight").getShape()
                    .getShape());
            assertArrayEquals(new long[] {2, 16}, m.parameters().get("pose_output.weight").getShape().getShape());
        }
    }

    @Test
    void parameterCountsMatchHandCounts() {
        // default2018, 28 channels, 48³: convs 24224 + 1056 + 55360 + 4160 + 221312 = 306112;
        // flatten 128·6³ = 27648; affinity 27649; pose 55298 → 389059 (333761 without the pose head).
        assertEquals(389059, ModelSpec.default2018(28).parameterCount());
        // small, 28 channels, 24³: 6056 + 72 + 3472 + 272 + 13856 = 23728; flatten 32·3³ = 864; affinity 865.
        assertEquals(24593, ModelSpec.small(28).parameterCount());
        try (PoseModel m = PoseModel.create(ModelSpec.default2018(28), 3)) {
            assertEquals(389059, m.parameterCount());
        }
        try (PoseModel m = PoseModel.create(new ModelSpec(ModelSpec.DEFAULT2018, 28, 48,
                ModelSpec.DEFAULT2018_WIDTHS, false), 3)) {
            assertEquals(333761, m.parameterCount());
        }
        try (PoseModel m = PoseModel.create(ModelSpec.small(28), 3)) {
            assertEquals(24593, m.parameterCount());
        }
        try (PoseModel m = PoseModel.create(TINY, 3)) {
            assertEquals(507, m.parameterCount()); // also printed by posenet_reference.py
        }
    }

    /** Sets the closed-form weights of posenet_reference.py and returns the matching input batch. */
    static float[] loadPatternWeights(PoseModel m) {
        Map<String, FloatTensor> w = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, NDArray> e : m.parameters().entrySet()) {
            long[] shape = e.getValue().getShape().getShape();
            float[] v = new float[Math.toIntExact(e.getValue().size())];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (0.35 * Math.sin(1.7 * j + 0.9 * k + 0.1));
            }
            w.put(e.getKey(), new FloatTensor(shape, v));
            k++;
        }
        m.loadWeights(new NamedTensors(w), "test pattern");
        float[] x = new float[2 * 2 * 16 * 16 * 16];
        for (int j = 0; j < x.length; j++) {
            x[j] = (float) (Math.cos(0.37 * j) + 0.25);
        }
        return x;
    }

    @Test
    void forwardMatchesIndependentNumpyNetwork() {
        // Literals from src/test/python/posenet_reference.py (float64 numpy from the float32-rounded values).
        double[] affinity = {-0.12483926731637926, -0.1207107963804439};
        double[] pose = {-0.2537926632190853, 0.2296601576868797, -0.28089195801814293, 0.2443995856166789};
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            // float32 accumulates rounding over ~500 products per output: 2e-6 absolute; float64: 1e-12.
            double tol = type == DataType.FLOAT32 ? 2e-6 : 1e-12;
            try (PoseModel m = PoseModel.create(TINY, 5, type); NDManager step = NDManager.newBaseManager()) {
                float[] x = loadPatternWeights(m);
                NDList out = m.forward(step.create(x, new Shape(2, 2, 16, 16, 16)).toType(type, false));
                assertArrayEquals(new long[] {2}, out.get(0).getShape().getShape());
                assertArrayEquals(new long[] {2, 2}, out.get(1).getShape().getShape());
                assertArrayEquals(affinity, out.get(0).toType(DataType.FLOAT64, false).toDoubleArray(), tol);
                assertArrayEquals(pose, out.get(1).toType(DataType.FLOAT64, false).toDoubleArray(), tol);
            }
        }
    }

    @Test
    void xavierInitIsSeededPerNameAndBounded() {
        ModelSpec withPose = ModelSpec.default2018(28);
        ModelSpec noPose = new ModelSpec(ModelSpec.DEFAULT2018, 28, 48, ModelSpec.DEFAULT2018_WIDTHS, false);
        try (PoseModel a = PoseModel.create(withPose, 42); PoseModel b = PoseModel.create(noPose, 42);
                PoseModel c = PoseModel.create(withPose, 43)) {
            float[] wa = a.parameters().get("unit1_conv.weight").toFloatArray();
            // Same seed and name → same values even though the other model lacks the pose head.
            assertArrayEquals(wa, b.parameters().get("unit1_conv.weight").toFloatArray(), 0f);
            assertArrayEquals(a.parameters().get("affinity_output.weight").toFloatArray(),
                    b.parameters().get("affinity_output.weight").toFloatArray(), 0f);
            assertFalse(java.util.Arrays.equals(wa, c.parameters().get("unit1_conv.weight").toFloatArray()));
            // fan_in = 28·27 = 756, fan_out = 32·27 = 864: a = √(6/1620) = 0.06085806194501846.
            double bound = 0.06085806194501846;
            double sumSq = 0;
            for (float v : wa) {
                assertTrue(Math.abs(v) <= bound, "value " + v + " outside ±" + bound);
                sumSq += v * v;
            }
            // Uniform on [−a, a] has variance a²/3; 24192 samples give a relative s.e. of ~0.6 %: allow 3 %.
            assertEquals(bound * bound / 3, sumSq / wa.length, 0.03 * bound * bound / 3);
            for (float v : a.parameters().get("unit1_conv.bias").toFloatArray()) {
                assertEquals(0f, v, 0f);
            }
        }
    }

    /** J = y₀ + 0.5·y₁ + 0.3·pose[0,1] − 0.2·pose[1,0]: touches both heads and both batch items. */
    private static double objective(NDList out) {
        double[] y = out.get(0).toDoubleArray();
        double[] p = out.get(1).toDoubleArray();
        return y[0] + 0.5 * y[1] + 0.3 * p[1] - 0.2 * p[2];
    }

    private static NDArray objectiveArray(NDList out, NDManager m) {
        NDArray w0 = m.create(new double[] {1.0, 0.5});
        NDArray w1 = m.create(new double[] {0, 0.3, -0.2, 0}, new Shape(2, 2));
        return out.get(0).mul(w0).sum().add(out.get(1).mul(w1).sum());
    }

    @Test
    void float64GradientsMatchCentralFiniteDifferences() {
        try (PoseModel m = PoseModel.create(TINY, 11, DataType.FLOAT64); NDManager base = NDManager.newBaseManager()) {
            float[] xf = loadPatternWeights(m);
            double[] x = new double[xf.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = xf[i];
            }
            Shape shape = new Shape(2, 2, 16, 16, 16);
            Map<String, double[]> analytic = new LinkedHashMap<>();
            double[] gridGrad;
            try (NDManager step = base.newSubManager()) {
                NDArray grid = step.create(x, shape);
                grid.setRequiresGradient(true);
                m.zeroGradients();
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(objectiveArray(m.forward(grid), step));
                }
                for (Map.Entry<String, NDArray> e : m.copyGradients(step).entrySet()) {
                    analytic.put(e.getKey(), e.getValue().toDoubleArray());
                }
                gridGrad = grid.getGradient().toDoubleArray();
            }
            double h = 1e-6;
            // Central differences in float64 have error ~h² f''' + eps/h ≈ 1e-10; ReLU kinks are not crossed at
            // these points (checked: all differences agree), so 1e-7 absolute + 1e-6 relative is tight.
            for (String name : List.of("unit1_conv.weight", "unit2_conv.bias", "unit3_conv.weight",
                    "unit5_conv.weight", "affinity_output.weight", "pose_output.bias")) {
                NDArray p = m.parameters().get(name);
                double[] v0 = p.toDoubleArray();
                for (int j : new int[] {0, v0.length / 2, v0.length - 1}) {
                    double[] v = v0.clone();
                    v[j] = v0[j] + h;
                    p.set(v);
                    double up = eval(m, base, x, shape);
                    v[j] = v0[j] - h;
                    p.set(v);
                    double down = eval(m, base, x, shape);
                    p.set(v0);
                    double fd = (up - down) / (2 * h);
                    double an = analytic.get(name)[j];
                    assertEquals(fd, an, 1e-7 + 1e-6 * Math.abs(fd), name + "[" + j + "]");
                }
            }
            for (int j : new int[] {0, 777, 4096 + 1234, x.length - 1}) {
                double[] xp = x.clone();
                xp[j] = x[j] + h;
                double up = eval(m, base, xp, shape);
                xp[j] = x[j] - h;
                double down = eval(m, base, xp, shape);
                double fd = (up - down) / (2 * h);
                assertEquals(fd, gridGrad[j], 1e-7 + 1e-6 * Math.abs(fd), "grid[" + j + "]");
            }
        }
    }

    private static double eval(PoseModel m, NDManager base, double[] x, Shape shape) {
        try (NDManager step = base.newSubManager()) {
            return objective(m.forward(step.create(x, shape)));
        }
    }

    @Test
    void zeroGradientsClearsNanAndLeaksNothing() {
        try (PoseModel m = PoseModel.create(TINY, 2); NDManager base = NDManager.newBaseManager()) {
            int managed = m.parameters().get("unit1_conv.weight").getManager().getManagedArrays().size();
            try (NDManager step = base.newSubManager()) {
                NDArray grid = step.full(new Shape(1, 2, 16, 16, 16), Float.NaN);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(m.affinity(grid).sum());
                }
                Map<String, NDArray> before = m.copyGradients(step);
                assertTrue(Float.isNaN(before.get("unit1_conv.weight").toFloatArray()[0]));
                m.zeroGradients();
                for (NDArray g : m.copyGradients(step).values()) {
                    for (float v : g.toFloatArray()) {
                        assertEquals(0f, v, 0f);
                    }
                }
                // the copies taken before zeroing are independent of the buffers
                assertTrue(Float.isNaN(before.get("unit1_conv.weight").toFloatArray()[0]));
            }
            try (NDManager step = base.newSubManager()) {
                NDArray grid = step.ones(new Shape(1, 2, 16, 16, 16));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(m.affinity(grid).sum());
                }
                // affinity bias gradient is exactly 1 per pose after one backward from zero
                assertEquals(1f, m.copyGradients(step).get("affinity_output.bias").toFloatArray()[0], 0f);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(m.affinity(grid).sum());
                }
                assertEquals(2f, m.copyGradients(step).get("affinity_output.bias").toFloatArray()[0], 0f,
                        "gradients accumulate until zeroed");
            }
            assertEquals(managed, m.parameters().get("unit1_conv.weight").getManager().getManagedArrays().size());
        }
    }

    @Test
    void weightsRoundTripThroughFileBitExactly(@TempDir Path dir) {
        Path file = dir.resolve("w.mpt");
        try (PoseModel a = PoseModel.create(TINY, 9); NDManager step = NDManager.newBaseManager()) {
            a.setAffinityBias(-13.5);
            a.saveWeights(file);
            NDArray grid = step.randomUniform(0, 1, new Shape(2, 2, 16, 16, 16));
            float[] ya = a.affinity(grid).toFloatArray();
            try (PoseModel b = PoseModel.load(file)) {
                assertEquals(TINY, b.spec());
                assertEquals(a.weights(), b.weights());
                assertArrayEquals(ya, b.affinity(grid).toFloatArray(), 0f);
                assertEquals(-13.5f, b.parameters().get("affinity_output.bias").toFloatArray()[0], 0f);
            }
            try (PoseModel c = PoseModel.create(TINY, 77)) {
                assertNotEquals(a.weights(), c.weights());
                c.loadWeights(file);
                assertEquals(a.weights(), c.weights());
            }
        }
    }

    @Test
    void mismatchedSpecNamesAndShapesAreClearErrors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("w.mpt");
        try (PoseModel a = PoseModel.create(TINY, 9)) {
            a.saveWeights(file);
            ModelSpec other = new ModelSpec(ModelSpec.SMALL, 3, 16, List.of(3, 2, 3, 2, 2), true);
            try (PoseModel b = PoseModel.create(other, 9)) {
                InputException e = assertThrows(InputException.class, () -> b.loadWeights(file));
                assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
                assertTrue(e.getMessage().contains("inputChannels is 2 there but 3 here"), e.getMessage());

                Map<String, FloatTensor> w = new LinkedHashMap<>(a.weights().entries());
                w.remove("unit2_conv.bias");
                w.put("extra.weight", new FloatTensor(new long[] {1}, new float[] {1f}));
                InputException e2 = assertThrows(InputException.class,
                        () -> b.loadWeights(new NamedTensors(w), "ckpt.mpt"));
                String msg = e2.getMessage();
                assertTrue(msg.startsWith("ckpt.mpt: "), msg);
                assertTrue(msg.contains("parameter 'unit1_conv.weight' has shape [3, 2, 3, 3, 3] but the model "
                        + "expects [3, 3, 3, 3, 3]"), msg);
                assertTrue(msg.contains("parameter 'unit2_conv.bias' is missing"), msg);
                assertTrue(msg.contains("parameter 'extra.weight' is not part of this model"), msg);
            }
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x10;
            Path corrupt = dir.resolve("corrupt.mpt");
            Files.write(corrupt, bytes);
            InputException e3 = assertThrows(InputException.class, () -> PoseModel.load(corrupt));
            assertTrue(e3.getMessage().contains("checksum mismatch"), e3.getMessage());
            Path truncated = dir.resolve("truncated.mpt");
            Files.write(truncated, java.util.Arrays.copyOf(bytes, 100));
            InputException e4 = assertThrows(InputException.class, () -> PoseModel.load(truncated));
            assertTrue(e4.getMessage().contains("truncated"), e4.getMessage());
            InputException e5 = assertThrows(InputException.class, () -> PoseModel.load(dir.resolve("none.mpt")));
            assertTrue(e5.getMessage().contains("file not found"), e5.getMessage());
            Path optimizerFile = dir.resolve("state.mpt");
            TensorFile.write(optimizerFile, "multipose-optimizer", "", NamedTensors.empty());
            InputException e6 = assertThrows(InputException.class, () -> PoseModel.load(optimizerFile));
            assertTrue(e6.getMessage().contains("holds 'multipose-optimizer' but 'multipose-weights' was expected"),
                    e6.getMessage());
        }
    }

    @Test
    void specEncodesDecodesAndValidates() {
        ModelSpec s = ModelSpec.small(28);
        assertEquals("architecture=small;inputChannels=28;gridPoints=24;widths=8,8,16,16,32;poseHead=false",
                s.encode());
        assertEquals(s, ModelSpec.decode(s.encode(), "x"));
        assertEquals(ModelSpec.default2018(14), ModelSpec.decode(ModelSpec.default2018(14).encode(), "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec("resnet", 28, 24, ModelSpec.SMALL_WIDTHS, false));
        assertEquals("unknown model architecture 'resnet'; allowed: default2018, small, dense", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(ModelSpec.SMALL, 28, 7,
                ModelSpec.SMALL_WIDTHS, false));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(ModelSpec.SMALL, 28, 24,
                List.of(8, 8, 16), false));
        InputException d = assertThrows(InputException.class, () -> ModelSpec.decode("architecture=small", "c.mpt"));
        assertTrue(d.getMessage().startsWith("c.mpt: "), d.getMessage());
    }

    @Test
    void wrongGridShapeIsNamed() {
        try (PoseModel m = PoseModel.create(TINY, 1); NDManager step = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.forward(step.zeros(new Shape(1, 2, 12, 12, 12))));
            assertTrue(e.getMessage().contains("expects grids of shape [B, 2, 16, 16, 16]"), e.getMessage());
        }
    }
}
