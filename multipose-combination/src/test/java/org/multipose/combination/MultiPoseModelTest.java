package org.multipose.combination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MultiPoseModel's edges: inference without gradients, bad model outputs, non-deterministic models, no poses. */
class MultiPoseModelTest {

    @Test
    void predictCombinesThePosePredictionsWithoutAGradientCollector() {
        try (NDManager m = NDManager.newBaseManager()) {
            TinyNet net = new TinyNet(m, DataType.FLOAT64, 4);
            List<NDList> poses = net.poses(m, 5, 6);
            double[] y = new double[5];
            for (int i = 0; i < 5; i++) {
                y[i] = net.block.forward(net.store, poses.get(i), false).head().toDoubleArray()[0];
            }
            CombinationResult r = new MultiPoseModel(net.block, net.store, new BoltzmannCombination()).predict(poses);
            assertEquals(new BoltzmannCombination().forward(y), r);
        }
    }

    @Test
    void aModelWithMoreThanOneValuePerPoseIsRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear two = Linear.builder().setUnits(2).build();
            two.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            MultiPoseModel model = new MultiPoseModel(two, new ParameterStore(m, false), new MeanCombination());
            List<NDList> poses = List.of(new NDList(m.ones(new Shape(1, 3))), new NDList(m.ones(new Shape(1, 3))));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predict(poses));
            assertEquals("pose 0: the model's prediction has shape (1, 2); a multi-pose model needs exactly one value"
                    + " per pose", e.getMessage());
            IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> model.gradient(poses,
                    r -> LossGradient.onCombined(0, 1), GradientRoute.BATCHED, m));
            assertTrue(b.getMessage().startsWith("2 poses batched: the model's prediction has shape (2, 2)"),
                    b.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.predict(List.of()));
        }
    }

    @Test
    void poseByPoseRefusesANonDeterministicModel() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(8);
            SequentialBlock block = new SequentialBlock()
                    .add(Dropout.builder().optRate(0.5f).build())
                    .add(Linear.builder().setUnits(1).build());
            block.initialize(m, DataType.FLOAT32, new Shape(1, 64));
            MultiPoseModel model = new MultiPoseModel(block, new ParameterStore(m, false), new MeanCombination());
            List<NDList> poses = List.of(new NDList(m.ones(new Shape(1, 64))));
            CompoundLoss loss = r -> LossGradient.onCombined(0, 1);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> model.gradient(poses, loss, GradientRoute.POSE_BY_POSE, m));
            assertTrue(e.getMessage().startsWith("pose 0: the model gave "), e.getMessage());
            assertTrue(e.getMessage().contains("use DICTIONARY or BATCHED"), e.getMessage());
            model.gradient(poses, loss, GradientRoute.DICTIONARY, m).close(); // one pass: fine with dropout
        }
    }
}
