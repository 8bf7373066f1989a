import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.GradientCollector;
import java.util.Random;

/**
 * The upstream convolution fault of docs/reliability.md: a 3-D convolution of finite inputs, forward and backward
 * (weights and input), repeated with NaN-filled tensors freed before each call; counts calls with a non-finite
 * output, weight gradient or input gradient. Usage (after mvn -q -DskipTests package, which fills target/lib):
 *   javac -cp 'target/lib/*' -d /tmp/repro docs/repro/ConvNanRepro.java
 *   java -Dai.djl.offline=true --add-opens=java.base/java.nio=ALL-UNNAMED -cp 'target/lib/*:/tmp/repro' \
 *       ConvNanRepro IC OC KERNEL SIDE ITERATIONS
 * e.g. 28 8 3 12 500 (the small network's first convolution): on an AVX-512 machine with DJL 0.35.1 / PyTorch
 * 2.7.1 / oneDNN 3.7.1 nearly every call is non-finite; 32 16 3 12 500: none.
 */
public final class ConvNanRepro {
    public static void main(String[] args) {
        int ic = Integer.parseInt(args[0]);
        int oc = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int n = Integer.parseInt(args[3]);
        int iterations = Integer.parseInt(args[4]);
        Random r = new Random(1);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] xs = new float[4 * ic * n * n * n];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = r.nextFloat();
            }
            float[] ws = new float[oc * ic * k * k * k];
            for (int i = 0; i < ws.length; i++) {
                ws[i] = (float) r.nextGaussian() * 0.1f;
            }
            NDArray x = m.create(xs, new Shape(4, ic, n, n, n));
            NDArray w = m.create(ws, new Shape(oc, ic, k, k, k));
            NDArray b = m.zeros(new Shape(oc));
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            int badY = 0;
            int badW = 0;
            int badX = 0;
            Shape pad = k == 3 ? new Shape(1, 1, 1) : new Shape(0, 0, 0);
            for (int it = 0; it < iterations; it++) {
                try (NDManager step = m.newSubManager()) {
                    step.full(new Shape(4, 32, n, n, n), Float.NaN).close();
                    step.full(new Shape(200_000), Float.NaN).close();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = Conv3d.conv3d(x, w, b, new Shape(1, 1, 1), pad, new Shape(1, 1, 1), 1)
                                .singletonOrThrow();
                        badY += finite(y) ? 0 : 1;
                        gc.backward(y.mul(y).sum());
                    }
                    badW += finite(w.getGradient()) ? 0 : 1;
                    badX += finite(x.getGradient()) ? 0 : 1;
                }
            }
            System.out.printf("ic %d oc %d kernel %d side %d: non-finite output %d, weight gradient %d, input gradient"
                    + " %d of %d calls%n", ic, oc, k, n, badY, badW, badX, iterations);
        }
    }

    private static boolean finite(NDArray a) {
        for (float f : a.toFloatArray()) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }
}
