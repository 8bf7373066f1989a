package org.multipose.combination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each combination's parameter gradient, by all three routes, equals DJL autograd through the equivalent NDArray
 * expression (and central finite differences) on a real Conv3d + Linear block with 6 poses, for a loss on ŷ alone
 * and for a loss on ŷ plus a loss on the per-pose predictions.
 *
 * <p>Tolerances, per parameter, relative to the largest |∂L/∂θ| of that parameter: float64 routes vs autograd and
 * dictionary vs batched ≤ 1e-10 (only summation order differs); float64 central differences (h = 1e-5, 1e-7 for
 * scale 1000) ≤ 1e-6 of max(|fd|, largest |∂L/∂θ| of the parameter); float32 routes vs float32 autograd ≤ 1e-5.
 */
class CombinationGradientTest {

    private static final int POSES = 6;
    private static final double LABEL = 0.5;
    private static final double[] Z = {0.2, -0.4, 0.1, 0.0, 0.3, -0.2};

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static Stream<Arguments> cases() {
        Combination[] combinations = {new MeanCombination(), new MaxCombination(true, 1.0), new MaxCombination(),
            new MaxCombination(false, 2.0), new BoltzmannCombination(), new BoltzmannCombination(0.6)};
        return Stream.of(combinations).flatMap(c -> Stream.of(Arguments.of(c, 0.0), Arguments.of(c, 0.05)));
    }

    @ParameterizedTest(name = "{0}, pose-loss weight {1}")
    @MethodSource("cases")
    void float64RoutesMatchAutogradAndFiniteDifferences(Combination combination, double lambda) {
        try (NDManager m = manager.newSubManager()) {
            TinyNet net = new TinyNet(m, DataType.FLOAT64, 11);
            List<NDList> poses = net.poses(m, POSES, 23);
            Map<String, double[]> oracle = autograd(net, poses, combination, lambda, m);

            MultiPoseModel model = new MultiPoseModel(net.block, net.store, combination);
            CompoundLoss loss = AutogradOracle.javaLoss(LABEL, lambda, Z);
            Map<String, double[]> dictionary = null;
            for (GradientRoute route : GradientRoute.values()) {
                try (CompoundGradient g = model.gradient(poses, loss, route, m)) {
                    assertClose(oracle, g.gradient(), 1e-10, combination + " " + route + " vs autograd");
                    if (route == GradientRoute.DICTIONARY) {
                        dictionary = Map.copyOf(read(g.gradient()));
                    } else {
                        assertClose(dictionary, g.gradient(), 1e-10, combination + " " + route + " vs dictionary");
                    }
                }
            }

            // Central differences of the whole compound loss in double, on entries of every parameter.
            // Steps: rounding ≈ 1e-16·|L|/h, truncation ≈ h²·t²/6 for an LSE of scale t.
            double h = combination instanceof MaxCombination mc && mc.scale() > 10 ? 1e-7 : 1e-5;
            for (var p : net.block.getParameters()) {
                NDArray w = p.getValue().getArray();
                double[] base = w.toDoubleArray();
                double[] g = oracle.get(p.getKey());
                double gmax = 0;
                for (double x : g) {
                    gmax = Math.max(gmax, Math.abs(x));
                }
                for (int j : new int[] {0, base.length / 2, base.length - 1}) {
                    double[] v = base.clone();
                    v[j] = base[j] + h;
                    TinyNet.set(w, v);
                    double up = loss.evaluate(model.predict(poses)).loss();
                    v[j] = base[j] - h;
                    TinyNet.set(w, v);
                    double down = loss.evaluate(model.predict(poses)).loss();
                    TinyNet.set(w, base);
                    double fd = (up - down) / (2 * h);
                    assertEquals(fd, dictionary.get(p.getKey())[j], 1e-6 * Math.max(Math.abs(fd), gmax),
                            combination + " " + p.getKey() + "[" + j + "]");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}, pose-loss weight {1}")
    @MethodSource("cases")
    void float32RoutesMatchFloat32Autograd(Combination combination, double lambda) {
        try (NDManager m = manager.newSubManager()) {
            TinyNet net = new TinyNet(m, DataType.FLOAT32, 11);
            List<NDList> poses = net.poses(m, POSES, 23);
            Map<String, double[]> oracle = autograd(net, poses, combination, lambda, m);
            MultiPoseModel model = new MultiPoseModel(net.block, net.store, combination);
            for (GradientRoute route : GradientRoute.values()) {
                try (CompoundGradient g = model.gradient(poses, AutogradOracle.javaLoss(LABEL, lambda, Z), route, m)) {
                    assertClose(oracle, g.gradient(), 1e-5, combination + " " + route + " float32");
                }
            }
        }
    }

    /** ∂L/∂θ by PyTorch autograd through the NDArray expression of the combination and the loss. */
    static Map<String, double[]> autograd(TinyNet net, List<NDList> poses, Combination c, double lambda,
            NDManager m) {
        for (var p : net.block.getParameters()) {
            try (NDArray g = p.getValue().getArray().getGradient()) {
                TinyNet.set(g, new double[(int) g.size()]);
            }
        }
        try (NDManager step = m.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray batch = TinyNet.batch(poses, step);
            NDArray y = net.block.forward(net.store, new NDList(batch), true).head().reshape(poses.size());
            collector.backward(AutogradOracle.loss(c, y, LABEL, lambda, Z));
        }
        return net.bufferGradients();
    }

    static Map<String, double[]> read(GradientDictionary d) {
        java.util.LinkedHashMap<String, double[]> out = new java.util.LinkedHashMap<>();
        for (String name : d.names()) {
            out.put(name, d.toDoubleArray(name));
        }
        return out;
    }

    static void assertClose(Map<String, double[]> expected, GradientDictionary actual, double relTol, String what) {
        assertEquals(expected.keySet(), new java.util.LinkedHashSet<>(actual.names()), what + ": names");
        for (String name : actual.names()) {
            double[] e = expected.get(name);
            double[] a = actual.toDoubleArray(name);
            assertEquals(e.length, a.length, what + " " + name);
            double scale = 0;
            for (double v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 0, what + " " + name + ": the oracle gradient is all zero, the test would be empty");
            for (int j = 0; j < e.length; j++) {
                assertEquals(e[j], a[j], relTol * scale, what + " " + name + "[" + j + "]");
            }
        }
    }
}
