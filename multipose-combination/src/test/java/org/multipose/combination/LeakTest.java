package org.multipose.combination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 2100 compound steps (forward, combination, backward by each route and combination in turn, Adam update through
 * {@link GradientDictionary#applyTo}, a prediction every tenth step) keep the base manager's managed-array count
 * constant and the process RSS within 5 % of its value after a 300-step warm-up.
 *
 * <p>Sized so a leak would show: each step builds graphs for 3 poses with 8 filters × 6³ activations (≈ 7 kB per
 * activation, ≈ 25 kB of native memory per pose); leaking one step's graphs for 1800 steps would add ≈ 135 MB, and
 * the 5 % bound on a ≈ 250 MB process catches a leak of ≈ 7 kB per step.
 *
 * <p>A full GC runs every 100 steps: without it the Java heap's eden grows into untouched pages (≈ 100 kB of garbage
 * per step), and that alone moved RSS by 60 % in a trial run. DJL frees native memory only on close(), never on
 * garbage collection, so the GCs cannot hide a native leak.
 */
class LeakTest {

    @Test
    void twoThousandStepsLeakNeitherHandlesNorNativeMemory() throws IOException {
        try (NDManager base = NDManager.newBaseManager()) {
            TinyNet net = new TinyNet(base, DataType.FLOAT32, 9, 8, 8);
            List<NDList> poses = net.poses(base, 3, 10);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).build();
            Combination[] combinations = {new MaxCombination(), new BoltzmannCombination(), new MeanCombination()};
            GradientRoute[] routes = GradientRoute.values();
            double[] z = {0.1, -0.1, 0.2};

            int warmup = 300;
            int steps = 2100;
            int arrays = -1;
            long rss = -1;
            for (int s = 0; s < steps; s++) {
                if (s % 100 == 0) {
                    System.gc();
                }
                if (s == warmup) {
                    arrays = base.getManagedArrays().size();
                    rss = rssKb();
                }
                MultiPoseModel model = new MultiPoseModel(net.block, net.store, combinations[s % 3]);
                try (NDManager step = base.newSubManager()) {
                    CompoundLoss loss = AutogradOracle.javaLoss(0.5, 0.05, z);
                    CompoundGradient g = model.gradient(poses, loss, routes[(s / 3) % 3], step);
                    g.gradient().applyTo(adam, net.block.getParameters());
                    if (s % 10 == 0) {
                        model.predict(poses);
                    }
                }
            }
            System.gc();
            long end = rssKb();
            assertEquals(arrays, base.getManagedArrays().size(), "managed arrays after warm-up vs after 2100 steps");
            assertTrue(end <= rss * 1.05, "RSS grew from " + rss + " kB after warm-up to " + end + " kB");
            System.out.printf("LeakTest: %d managed arrays; RSS %d kB after warm-up, %d kB after %d steps%n", arrays,
                    rss, end, steps);
        }
    }

    /** VmRSS of this process, kB. */
    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
