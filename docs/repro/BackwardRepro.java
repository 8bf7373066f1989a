import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.Arrays;

/**
 * Repeats one tiny backward pass (a log-sum-exp minus one element of 2·p + 1, a 4-vector) and counts passes whose
 * gradient differs from the first. See docs/reliability.md, "Rare corrupted gradients". Usage (after
 * mvn -q -DskipTests package, which fills target/lib):
 *   javac -cp 'target/lib/*' -d /tmp/repro docs/repro/BackwardRepro.java
 *   java -Dai.djl.offline=true -cp 'target/lib/*:/tmp/repro' BackwardRepro 100000 float64
 */
public final class BackwardRepro {
    public static void main(String[] args) {
        int iterations = Integer.parseInt(args[0]);
        DataType type = args.length > 1 && args[1].equals("float32") ? DataType.FLOAT32 : DataType.FLOAT64;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new double[] {0.3, -1.2, 0.7, 0.1}).toType(type, false);
            p.setRequiresGradient(true);
            double[] first = null;
            int bad = 0;
            for (int it = 0; it < iterations; it++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray z = p.mul(2.0).add(1.0).neg();
                    NDArray zMax = z.max();
                    gc.backward(z.sub(zMax).exp().sum().log().add(zMax).sub(z.get(2)));
                }
                double[] g = p.getGradient().toType(DataType.FLOAT64, true).toDoubleArray();
                if (first == null) {
                    first = g;
                } else if (!Arrays.equals(first, g)) {
                    bad++;
                    System.out.println("pass " + it + ": " + Arrays.toString(g) + " instead of " + Arrays.toString(first));
                }
                p.getGradient().subi(p.getGradient());
            }
            System.out.println(type + ": " + bad + " of " + iterations + " backward passes gave another gradient");
        }
    }
}
