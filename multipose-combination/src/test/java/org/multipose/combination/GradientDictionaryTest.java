package org.multipose.combination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gradient dictionaries on a DJL Linear block, y = w·x + b, whose gradients are known by hand: ∂y/∂w = x, ∂y/∂b = 1.
 * Capture copies then zeroes (no leak from one pose into the next, NaN included), arithmetic against hand values,
 * layout checks naming pose and parameter, and the optimizer hand-off.
 */
class GradientDictionaryTest {

    private static final double[] XA = {1.0, -2.0, 0.5};
    private static final double[] XB = {3.0, 0.25, -1.0};

    private NDManager manager;
    private Linear block;
    private ParameterStore store;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(5);
        block = Linear.builder().setUnits(1).build();
        block.initialize(manager, DataType.FLOAT64, new Shape(1, 3));
        store = new ParameterStore(manager, false);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private void backward(double[] x) {
        try (NDManager step = manager.newSubManager();
                GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray in = step.create(x, new Shape(1, 3));
            c.backward(block.forward(store, new NDList(in), true).head());
        }
    }

    private double[] buffer(String name) {
        try (NDArray g = block.getParameters().get(name).getArray().getGradient()) {
            return g.toDoubleArray();
        }
    }

    @Test
    void captureCopiesTheGradientThenZeroesTheBuffers() {
        backward(XA);
        try (GradientDictionary d = GradientDictionary.capture(block, manager)) {
            assertEquals(List.of("weight", "bias"), d.names());
            assertArrayEquals(XA, d.toDoubleArray("weight"), 0.0);
            assertArrayEquals(new double[] {1.0}, d.toDoubleArray("bias"), 0.0);
            assertArrayEquals(new double[3], buffer("weight"), 0.0);
            assertArrayEquals(new double[1], buffer("bias"), 0.0);
        }
    }

    @Test
    void withoutZeroingDjlAccumulatesAcrossBackwards() {
        // The hazard capture() exists for: two backwards leave x_A + x_B in the buffer.
        backward(XA);
        backward(XB);
        assertArrayEquals(new double[] {4.0, -1.75, -0.5}, buffer("weight"), 0.0);
    }

    @Test
    void gradientsDoNotLeakFromOnePoseIntoTheNext() {
        backward(XA);
        GradientDictionary a = GradientDictionary.capture(block, manager);
        backward(XB);
        GradientDictionary b = GradientDictionary.capture(block, manager);
        assertArrayEquals(XB, b.toDoubleArray("weight"), 0.0);
        assertArrayEquals(new double[] {1.0}, b.toDoubleArray("bias"), 0.0);
        assertArrayEquals(XA, a.toDoubleArray("weight"), 0.0); // copies survive the zeroing
    }

    @Test
    void zeroingIsNanSafe() {
        backward(new double[] {Double.NaN, 1.0, 2.0});
        assertTrue(Double.isNaN(buffer("weight")[0]));
        GradientDictionary.zeroGradients(block);
        assertArrayEquals(new double[3], buffer("weight"), 0.0);
        backward(XB);
        assertArrayEquals(XB, GradientDictionary.capture(block, manager).toDoubleArray("weight"), 0.0);
    }

    @Test
    void frozenParametersAreLeftOut() {
        block.getParameters().get("bias").freeze(true);
        backward(XA);
        GradientDictionary d = GradientDictionary.capture(block, manager);
        assertEquals(List.of("weight"), d.names());
        assertFalse(d.contains("bias"));
    }

    @Test
    void arithmeticMatchesHandValues() {
        GradientDictionary d = dict(new double[] {1, 2, 3}, new double[] {4});
        GradientDictionary e = dict(new double[] {-1, 0.5, 2}, new double[] {-2});
        d.scaleInPlace(2.0);
        assertArrayEquals(new double[] {2, 4, 6}, d.toDoubleArray("weight"), 0.0);
        d.axpyInPlace(-0.5, e);
        assertArrayEquals(new double[] {2.5, 3.75, 5}, d.toDoubleArray("weight"), 0.0);
        assertArrayEquals(new double[] {9}, d.toDoubleArray("bias"), 0.0);
        d.addInPlace(e);
        assertArrayEquals(new double[] {1.5, 4.25, 7}, d.toDoubleArray("weight"), 0.0);
        assertEquals(Math.sqrt(1.5 * 1.5 + 4.25 * 4.25 + 49 + 49), d.l2Norm(), 1e-14);

        GradientDictionary sum = GradientDictionary.linearCombination(new double[] {0.5, -3.0},
                List.of(dict(new double[] {2, 4, 6}, new double[] {8}), e), manager);
        assertArrayEquals(new double[] {4, 0.5, -3}, sum.toDoubleArray("weight"), 0.0);
        assertArrayEquals(new double[] {10}, sum.toDoubleArray("bias"), 0.0);

        GradientDictionary z = GradientDictionary.zerosLike(e, manager);
        assertArrayEquals(new double[3], z.toDoubleArray("weight"), 0.0);
        assertEquals(new Shape(1, 3), z.get("weight").getShape());
        GradientDictionary c = e.copy(manager);
        e.scaleInPlace(0.0);
        assertArrayEquals(new double[] {-1, 0.5, 2}, c.toDoubleArray("weight"), 0.0);
    }

    @Test
    void layoutMismatchesNameThePoseAndTheParameter() {
        GradientDictionary ok = dict(new double[] {1, 2, 3}, new double[] {4});
        GradientDictionary wide = GradientDictionary.of(List.of("weight", "bias"),
                List.of(manager.create(new double[] {1, 2, 3, 4}, new Shape(1, 4)), manager.create(new double[] {0})),
                manager);
        GradientDictionary noBias = GradientDictionary.of(List.of("weight"),
                List.of(manager.create(new double[] {1, 2, 3}, new Shape(1, 3))), manager);
        GradientDictionary extra = GradientDictionary.of(List.of("weight", "bias", "gamma"),
                List.of(manager.create(new double[] {1, 2, 3}, new Shape(1, 3)), manager.create(new double[] {0}),
                        manager.create(new double[] {0})), manager);
        double[] k = {1, 1, 1};
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> GradientDictionary.linearCombination(k, List.of(ok, ok, wide), manager));
        assertEquals("pose 2: parameter 'weight' has shape (1, 4) float64 but pose 0 has (1, 3) float64",
                shape.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> GradientDictionary.linearCombination(k, List.of(ok, noBias, ok), manager));
        assertEquals("pose 1: gradient dictionary lacks parameter 'bias' that pose 0 has", missing.getMessage());
        IllegalArgumentException more = assertThrows(IllegalArgumentException.class,
                () -> GradientDictionary.linearCombination(k, List.of(ok, ok, extra), manager));
        assertEquals("pose 2: gradient dictionary has parameter 'gamma' that pose 0 lacks", more.getMessage());

        CombinationResult r = new MeanCombination().forward(new double[] {1, 2, 3});
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new MeanCombination().backward(r, 1.0, new double[0], List.of(ok, ok), manager));
        assertTrue(count.getMessage().startsWith("2 pose gradient dictionaries for 3 pose predictions"),
                count.getMessage());
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> GradientDictionary.of(List.of("w", "w"), List.of(manager.create(1.0), manager.create(2.0)),
                        manager));
        assertTrue(dup.getMessage().contains("'w' occurs twice"), dup.getMessage());
    }

    @Test
    void optimizerStepAppliesTheDictionary() {
        NDArray w = block.getParameters().get("weight").getArray();
        double[] before = w.toDoubleArray();
        double bias = block.getParameters().get("bias").getArray().toDoubleArray()[0];
        backward(XA); // leaves a gradient in the buffers, which the update must not use
        GradientDictionary g = dict(new double[] {1, -1, 2}, new double[] {0.5});
        float lr = 0.1f;
        g.applyTo(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(lr)).build(), block.getParameters());
        double[] after = w.toDoubleArray();
        double[] grad = {1, -1, 2};
        for (int j = 0; j < 3; j++) {
            assertEquals(before[j] - lr * grad[j], after[j], 1e-15);
        }
        assertEquals(bias - lr * 0.5, block.getParameters().get("bias").getArray().toDoubleArray()[0], 1e-15);
        // DJL's update zeroes the buffers as a side effect (documented on applyTo)
        assertArrayEquals(new double[3], buffer("weight"), 0.0);
    }

    @Test
    void optimizerHandOffChecksNamesAndShapesBeforeUpdating() {
        NDArray w = block.getParameters().get("weight").getArray();
        double[] before = w.toDoubleArray();
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build();
        GradientDictionary noBias = GradientDictionary.of(List.of("weight"),
                List.of(manager.create(new double[] {1, 2, 3}, new Shape(1, 3))), manager);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> noBias.applyTo(sgd, block.getParameters()));
        assertTrue(e.getMessage().startsWith("trainable parameter 'bias' has no gradient"), e.getMessage());
        ParameterList renamed = new ParameterList();
        renamed.add("w", block.getParameters().get("weight"));
        renamed.add("bias", block.getParameters().get("bias"));
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> dict(new double[] {1, 2, 3}, new double[] {4}).applyTo(sgd, renamed));
        assertTrue(r.getMessage().startsWith("trainable parameter 'w' has no gradient"), r.getMessage());
        assertArrayEquals(before, w.toDoubleArray(), 0.0);
    }

    @Test
    void captureAndCloseCreateNoLastingHandles() {
        backward(XA);
        GradientDictionary.capture(block, manager).close();
        int baseline = manager.getManagedArrays().size();
        for (int i = 0; i < 200; i++) {
            backward(XA);
            try (GradientDictionary d = GradientDictionary.capture(block, manager)) {
                d.scaleInPlace(0.5).l2Norm();
            }
            GradientDictionary.zeroGradients(block);
        }
        assertEquals(baseline, manager.getManagedArrays().size());
    }

    private GradientDictionary dict(double[] weight, double[] bias) {
        return GradientDictionary.of(List.of("weight", "bias"),
                List.of(manager.create(weight, new Shape(1, 3)), manager.create(bias, new Shape(1))), manager);
    }
}
