package org.multipose.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;
import org.multipose.train.optim.Adam;
import org.multipose.train.optim.GradientClipping;
import org.multipose.train.optim.Optimizer;

/**
 * The workload of {@link NativeMemoryTest}, run in a child JVM with a fixed, pre-touched heap so that VmRSS moves
 * only with native memory. Per step, the way the training step will work: for each of 2 poses zero the gradients,
 * forward, backward, copy the gradients into a dictionary; sum the dictionaries; one Adam step; all in a per-step
 * sub-manager. Grids are wrapped from one reused direct buffer (NDManager.create(float[]) would allocate a direct
 * buffer per call that only the Java GC frees).
 *
 * <p>Prints {@code block <k> rss <KiB> model <n> base <n> slots <n>} after a 400-step warm-up (k = 0; JIT
 * compilation adds a few MiB of native memory once, in the first ~150 steps on an idle machine; during a full
 * {@code mvn verify} it once still added 14 MiB, +3.1 %, over the next 150 steps after a 200-step warm-up, then
 * stopped) and after each of 4 further blocks of 50 steps. Argument "leak" plants a native leak (a 128 KiB array per step detached from its
 * manager, which then never frees it) to show the RSS check can fail.
 */
public final class NativeMemoryProbe {

    private NativeMemoryProbe() {
    }

    static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    public static void main(String[] args) throws IOException {
        boolean leak = args.length > 0 && args[0].equals("leak");
        ModelSpec spec = new ModelSpec(ModelSpec.SMALL, 4, 16, ModelSpec.SMALL_WIDTHS, false);
        Shape shape = new Shape(1, 4, 16, 16, 16);
        ByteBuffer grid = ByteBuffer.allocateDirect((int) shape.size() * Float.BYTES).order(ByteOrder.nativeOrder());
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < shape.size(); i++) {
            grid.putFloat(i * Float.BYTES, (float) random.nextDouble());
        }
        Engine.getInstance();
        try (PoseModel model = PoseModel.create(spec, 1);
                Optimizer opt = new Adam(Adam.Settings.adam(), GradientClipping.byNorm(10));
                NDManager base = NDManager.newBaseManager()) {
            NDManager modelManager = model.parameters().get("unit1_conv.weight").getManager();
            for (int block = 0; block <= 4; block++) {
                for (int i = 0; i < (block == 0 ? 400 : 50); i++) {
                    try (NDManager step = base.newSubManager()) {
                        Map<String, NDArray> sum = new LinkedHashMap<>();
                        for (int pose = 0; pose < 2; pose++) {
                            model.zeroGradients();
                            NDArray x = step.create(grid, shape, DataType.FLOAT32);
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                gc.backward(model.affinity(x).sum());
                            }
                            model.copyGradients(step).forEach((k, g) -> sum.merge(k, g, NDArray::add));
                        }
                        opt.step(model.parameters(), sum, 1e-4);
                        if (leak) {
                            step.zeros(new Shape(32 * 1024)).detach();
                        }
                    }
                }
                System.out.println("block " + block + " rss " + rssKiB() + " model "
                        + modelManager.getManagedArrays().size() + " base " + base.getManagedArrays().size()
                        + " slots " + opt.saveState().slots().size());
            }
        }
    }
}
