package org.multipose.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Benchmark, not a test: forward and forward+backward time per pose of the per-pose networks. Run after
 * {@code mvn -B -q package -DskipTests} (which fills target/lib) with
 * <pre>
 *   java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 \
 *        -cp "target/test-classes:target/classes:target/lib/*" org.multipose.model.ModelTiming
 * </pre>
 * Prints, per configuration, the median and minimum over timed runs (after warm-up) of: forward without gradient
 * recording; forward + backward of Σ y (inside a GradientCollector) + zeroing the gradients; and the cost of
 * copying all gradients into a per-pose dictionary. Times are per pose (batch time / batch size).
 */
public final class ModelTiming {

    private ModelTiming() {
    }

    private record Config(String label, ModelSpec spec, int batch, int runs) {
    }

    public static void main(String[] args) throws Exception {
        Engine.getInstance();
        System.out.println("intra-op threads " + System.getProperty("ai.djl.pytorch.num_threads", "(default)")
                + ", load average " + Files.readString(Path.of("/proc/loadavg")).trim());
        Config[] configs = {
            new Config("small 28x16^3 (test grid)", new ModelSpec(ModelSpec.SMALL, 28, 16,
                    ModelSpec.SMALL_WIDTHS, false), 1, 30),
            new Config("small 28x24^3", ModelSpec.small(28), 1, 30),
            new Config("small 28x24^3", ModelSpec.small(28), 8, 15),
            new Config("default2018 28x48^3", ModelSpec.default2018(28), 1, 7),
            new Config("default2018 28x48^3", ModelSpec.default2018(28), 8, 3),
        };
        System.out.printf("%-28s %5s %9s %22s %22s %18s%n", "model", "batch", "params", "forward ms/pose",
                "fwd+bwd ms/pose", "grad copy ms");
        for (Config c : configs) {
            run(c);
        }
    }

    private static void run(Config c) throws Exception {
        int n = c.spec.gridPoints();
        Shape shape = new Shape(c.batch, c.spec.inputChannels(), n, n, n);
        ByteBuffer grid = ByteBuffer.allocateDirect((int) shape.size() * Float.BYTES).order(ByteOrder.nativeOrder());
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < shape.size(); i++) {
            // sparse-ish density like a real grid: most voxels 0
            grid.putFloat(i * Float.BYTES, random.nextDouble() < 0.1 ? (float) random.nextDouble() : 0f);
        }
        try (PoseModel model = PoseModel.create(c.spec, 7); NDManager base = NDManager.newBaseManager()) {
            int warmup = 2;
            long[] fwd = new long[c.runs];
            long[] both = new long[c.runs];
            long[] copy = new long[c.runs];
            for (int r = -warmup; r < c.runs; r++) {
                try (NDManager step = base.newSubManager()) {
                    NDArray x = step.create(grid, shape, DataType.FLOAT32);
                    long t0 = System.nanoTime();
                    model.affinity(x).sum().getFloat();
                    long t1 = System.nanoTime();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(model.affinity(x).sum());
                    }
                    model.zeroGradients();
                    long t2 = System.nanoTime();
                    model.copyGradients(step).values().iterator().next().getFloat(0, 0, 0, 0, 0);
                    long t3 = System.nanoTime();
                    if (r >= 0) {
                        fwd[r] = t1 - t0;
                        both[r] = t2 - t1;
                        copy[r] = t3 - t2;
                    }
                }
            }
            System.out.printf("%-28s %5d %9d %22s %22s %18s%n", c.label, c.batch, model.parameterCount(),
                    stats(fwd, c.batch), stats(both, c.batch), stats(copy, 1));
        }
    }

    private static String stats(long[] nanos, int perBatch) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
        return String.format("%.2f (min %.2f)", median / 1e6 / perBatch, s[0] / 1e6 / perBatch);
    }
}
