package org.multipose.combination;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batch of B = 3 compounds (2, 5 and 3 poses) accumulated in a separate dictionary while the model's buffers are
 * zeroed before every pose: the batch gradient is the mean of the three single-compound gradients (computed alone, in
 * reverse order, by another route) to 1e-12 relative, and equals autograd of the mean loss over one graph holding all
 * ten poses to 1e-10 relative (float64). This is the peer bug where per-pose zeroing wiped the earlier compounds.
 */
class BatchAccumulationTest {

    private static final int[] POSES = {2, 5, 3};
    private static final double[] LABELS = {0.2, 0.9, -0.3};
    private static final double LAMBDA = 0.05;

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static Stream<Combination> combinations() {
        return Stream.of(new BoltzmannCombination(0.8), new MaxCombination(true, 1.0), new MeanCombination());
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void batchGradientIsTheMeanOfSingleCompoundGradients(Combination combination) {
        try (NDManager m = manager.newSubManager()) {
            TinyNet net = new TinyNet(m, DataType.FLOAT64, 3);
            List<List<NDList>> compounds = new ArrayList<>();
            List<double[]> targets = new ArrayList<>();
            for (int b = 0; b < POSES.length; b++) {
                compounds.add(net.poses(m, POSES[b], 100 + b));
                double[] z = new double[POSES[b]];
                for (int i = 0; i < z.length; i++) {
                    z[i] = 0.1 * (i - b);
                }
                targets.add(z);
            }
            MultiPoseModel model = new MultiPoseModel(net.block, net.store, combination);
            int batchSize = POSES.length;

            // The training-loop pattern: a batch accumulator apart from the model's (per-pose zeroed) buffers.
            GradientDictionary batch = null;
            for (int b = 0; b < batchSize; b++) {
                CompoundLoss loss = AutogradOracle.javaLoss(LABELS[b], LAMBDA, targets.get(b));
                try (CompoundGradient g = model.gradient(compounds.get(b), loss, GradientRoute.DICTIONARY, m)) {
                    if (batch == null) {
                        batch = GradientDictionary.zerosLike(g.gradient(), m);
                    }
                    batch.axpyInPlace(1.0 / batchSize, g.gradient());
                }
            }

            // Each compound alone, in reverse order, by the batched route; the mean taken in Java doubles.
            Map<String, double[]> mean = new LinkedHashMap<>();
            for (int b = batchSize - 1; b >= 0; b--) {
                CompoundLoss loss = AutogradOracle.javaLoss(LABELS[b], LAMBDA, targets.get(b));
                try (CompoundGradient g = model.gradient(compounds.get(b), loss, GradientRoute.BATCHED, m)) {
                    for (String name : g.gradient().names()) {
                        double[] v = g.gradient().toDoubleArray(name);
                        double[] acc = mean.computeIfAbsent(name, k -> new double[v.length]);
                        for (int j = 0; j < v.length; j++) {
                            acc[j] += v[j] / batchSize;
                        }
                    }
                }
            }
            CombinationGradientTest.assertClose(mean, batch, 1e-12, combination + " batch vs mean of singles");

            // Autograd of the batch's mean loss through one graph over all ten poses.
            GradientDictionary.zeroGradients(net.block);
            try (NDManager step = m.newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray total = null;
                for (int b = 0; b < batchSize; b++) {
                    NDArray in = TinyNet.batch(compounds.get(b), step);
                    NDArray y = net.block.forward(net.store, new NDList(in), true).head().reshape(POSES[b]);
                    NDArray l = AutogradOracle.loss(combination, y, LABELS[b], LAMBDA, targets.get(b));
                    total = total == null ? l : total.add(l);
                }
                collector.backward(total.div(batchSize));
            }
            CombinationGradientTest.assertClose(net.bufferGradients(), batch, 1e-10,
                    combination + " batch vs autograd");
        }
    }
}
