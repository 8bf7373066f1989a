package org.multipose.combination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArrays;
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

/**
 * MultiPoseModel's edges: inference without gradients, bad model outputs, non-deterministic models, no poses; and the
 * routes fed by a {@link MultiPoseModel.PoseForward} (poses made on demand, as the training step grids them) giving
 * the gradient the list form gives, with the hooks seeing every pose and a failing check leaving the buffers zero.
 */
class MultiPoseModelTest {

    @Test
    void posesOnDemandGiveTheSameGradientAsAListOfInputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            TinyNet net = new TinyNet(m, DataType.FLOAT64, 4);
            List<NDList> poses = net.poses(m, 3, 9);
            CompoundLoss loss = r -> LossGradient.onCombined(r.combined() * r.combined(), 2 * r.combined());
            MultiPoseModel list = new MultiPoseModel(net.block, net.store, new BoltzmannCombination());
            List<String> seen = new java.util.ArrayList<>();
            MultiPoseModel.Hooks hooks = new MultiPoseModel.Hooks() {
                @Override
                public void outputs(double[] y, double[] d, int from, int count) {
                    seen.add(from + "+" + count);
                }
            };
            MultiPoseModel onDemand = new MultiPoseModel(net.block.getParameters(), new BoltzmannCombination(),
                    PoseLogits.NONE, hooks);
            MultiPoseModel.PoseForward forward = (from, count, training, manager) -> {
                NDList in = new NDList(NDArrays.concat(new NDList(poses.subList(from, from + count).stream()
                        .map(NDList::head).toArray(ai.djl.ndarray.NDArray[]::new)), 0));
                in.attach(manager);
                return new MultiPoseModel.PoseOutputs(net.block.forward(net.store, in, training).head(),
                        java.util.Optional.empty());
            };
            for (GradientRoute route : GradientRoute.values()) {
                seen.clear();
                CompoundGradient a = list.gradient(poses, loss, route, m);
                CompoundGradient b = onDemand.gradient(3, forward, loss, route, m);
                assertEquals(a.combination(), b.combination(), route.toString());
                for (String name : a.gradient().names()) {
                    assertEquals(0.0, a.gradient().get(name).sub(b.gradient().get(name)).abs().max().getDouble(),
                            1e-12, route + " " + name);
                }
                assertEquals(route == GradientRoute.BATCHED ? List.of("0+3") : List.of("0+1", "1+1", "2+1"), seen,
                        route.toString());
            }
        }
    }

    @Test
    void aFailingCheckLeavesTheGradientBuffersZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            TinyNet net = new TinyNet(m, DataType.FLOAT64, 4);
            List<NDList> poses = net.poses(m, 2, 3);
            MultiPoseModel model = new MultiPoseModel(net.block.getParameters(), new MeanCombination(),
                    PoseLogits.NONE, new MultiPoseModel.Hooks() {
                        @Override
                        public void outputs(double[] y, double[] d, int from, int count) {
                            if (from == 1) {
                                throw new ArithmeticException("pose 1 refused");
                            }
                        }
                    });
            MultiPoseModel.PoseForward forward = (from, count, training, manager) -> {
                NDList in = poses.get(from);
                manager.tempAttachAll(in);
                return new MultiPoseModel.PoseOutputs(net.block.forward(net.store, in, training).head(),
                        java.util.Optional.empty());
            };
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> model.gradient(2, forward,
                    r -> LossGradient.onCombined(r.combined(), 1), GradientRoute.DICTIONARY, m));
            assertEquals("pose 1 refused", e.getMessage());
            for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : net.block.getParameters()) {
                assertEquals(0.0, p.getValue().getArray().getGradient().abs().max().getDouble(), 0.0, p.getKey());
            }
        }
    }

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
