package org.multipose.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Cutting a network into its stages (what the trunk cache relies on): for default2018's family and gnina's Dense,
 * the heads' outputs computed from the activations after any stage k equal the whole forward pass (float64, 1e-12
 * relative); the stages own every parameter but the heads' exactly once; {@code frozenStages} counts the leading
 * stages whose parameters are all frozen; freezing refuses unknown names; and a frozen parameter is left out of the
 * trainable map.
 */
class NetworkStagesTest {

    static final ModelSpec SMALL = new ModelSpec(ModelSpec.SMALL, 4, 8, List.of(3, 2, 5, 4, 3), true);

    @Test
    void everyCutGivesTheWholeForward() {
        for (ModelSpec spec : List.of(SMALL, DenseNetBlockTest.TINY)) {
            try (PoseModel model = PoseModel.create(spec, 7, DataType.FLOAT64);
                    NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(3);
                long n = spec.gridPoints();
                NDArray x = m.randomUniform(0, 1, new Shape(3, spec.inputChannels(), n, n, n))
                        .toType(DataType.FLOAT64, false);
                NDList whole = model.forward(x);
                for (int k = 0; k <= model.stages(); k++) {
                    NDList cut = model.forwardFrom(model.trunk(x, k), k);
                    for (int o = 0; o < whole.size(); o++) {
                        double[] want = whole.get(o).toDoubleArray();
                        double[] got = cut.get(o).toDoubleArray();
                        for (int j = 0; j < want.length; j++) {
                            assertEquals(want[j], got[j], 1e-12 * Math.max(1, Math.abs(want[j])),
                                    spec.architecture() + " cut after " + k + ", output " + o + "[" + j + "]");
                        }
                    }
                }
            }
        }
    }

    @Test
    void stagesOwnEveryParameterButTheHeads() {
        for (ModelSpec spec : List.of(SMALL, DenseNetBlockTest.TINY)) {
            try (PoseModel model = PoseModel.create(spec, 1)) {
                PoseNetwork block = (PoseNetwork) model.block();
                List<String> owned = new ArrayList<>();
                for (int s = 1; s <= block.stages(); s++) {
                    owned.addAll(block.stageParameters(s));
                }
                List<String> expected = new ArrayList<>(model.parameters().keySet());
                expected.removeIf(name -> name.startsWith("affinity_output.") || name.startsWith("pose_output."));
                assertEquals(Set.copyOf(expected), Set.copyOf(owned), spec.architecture());
                assertEquals(expected.size(), owned.size(), spec.architecture() + ": each parameter once");
            }
        }
        try (PoseModel small = PoseModel.create(SMALL, 1); PoseModel dense = PoseModel.create(DenseNetBlockTest.TINY, 1)) {
            assertEquals(5, small.stages());
            assertEquals(3, dense.stages()); // the initial convolution + 2 dense blocks
        }
    }

    @Test
    void frozenStagesCountsTheFrozenPrefix() {
        try (PoseModel model = PoseModel.create(SMALL, 1)) {
            assertEquals(0, model.frozenStages());
            model.freeze(Set.of("unit2_conv.weight", "unit2_conv.bias"));
            assertEquals(0, model.frozenStages(), "stage 1 is trained");
            model.freeze(Set.of("unit1_conv.weight"));
            assertEquals(0, model.frozenStages(), "unit1_conv.bias is trained");
            model.freeze(Set.of("unit1_conv.bias"));
            assertEquals(2, model.frozenStages());
            assertTrue(!model.trainableParameters().containsKey("unit1_conv.bias"));
            assertEquals(model.parameters().size() - 4, model.trainableParameters().size());
            model.freeze(Set.of("unit3_conv.weight", "unit3_conv.bias", "unit4_conv.weight", "unit4_conv.bias",
                    "unit5_conv.weight", "unit5_conv.bias"));
            assertEquals(5, model.frozenStages());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.freeze(Set.of("unit6_conv.weight")));
            assertTrue(e.getMessage().startsWith("no parameter 'unit6_conv.weight' to freeze"), e.getMessage());
        }
    }

    @Test
    void layerPatternsSelectByNameLayerAndWildcard() {
        List<String> names = PoseModel.parameterNames(SMALL);
        assertEquals(List.of("unit1_conv.weight", "unit1_conv.bias"), List.copyOf(LayerPattern.select(
                List.of(new LayerPattern("unit1_conv")), names, "k", "m")));
        assertEquals(List.of("unit1_conv.weight", "unit1_conv.bias", "unit2_conv.weight", "unit2_conv.bias",
                "unit3_conv.weight", "unit3_conv.bias", "unit4_conv.weight", "unit4_conv.bias", "unit5_conv.weight",
                "unit5_conv.bias"), List.copyOf(LayerPattern.select(List.of(new LayerPattern("unit?_conv")), names,
                        "k", "m")));
        assertEquals(List.of("affinity_output.bias", "pose_output.bias"), List.copyOf(LayerPattern.select(
                List.of(new LayerPattern("*_output.bias")), names, "k", "m")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerPattern.select(
                List.of(new LayerPattern("unit1_conv"), new LayerPattern("unit9_conv")), names, "model.freeze",
                "small"));
        assertEquals("model.freeze[1]: 'unit9_conv' matches no parameter of small; its layers are unit1_conv,"
                + " unit2_conv, unit3_conv, unit4_conv, unit5_conv, affinity_output, pose_output", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerPattern("unit1 conv"));
    }
}
