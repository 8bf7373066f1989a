package org.multipose.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Xavier (Glorot) uniform initialisation as in {@code torch.nn.init.xavier_uniform_} and gnina's PyTorch models:
 * values uniform in [−a, a) with a = √(6 / (fan_in + fan_out)); for a weight of shape [out, in, k...] fan_in =
 * in·∏k and fan_out = out·∏k.
 *
 * <p>Values come from a Java {@link SplittableRandom} seeded by (model seed, parameter name), not from the engine's
 * RNG: a parameter's initial values depend only on the seed and its own name and shape, never on thread count,
 * construction order or which other layers exist. Values are drawn as float32 and widened for a float64 model, so
 * both precisions start from the same numbers.
 */
public final class XavierUniform implements Initializer {

    private final long seed;
    private final String name;

    /**
     * @param seed model seed (derive it from the run seed)
     * @param name the parameter's stable name, mixed into the seed
     */
    public XavierUniform(long seed, String name) {
        this.seed = seed;
        this.name = name;
    }

    /** The bound a = √(6 / (fan_in + fan_out)) for a weight shape [out, in, k...]. */
    public static double bound(long[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("Xavier initialisation needs a weight of rank ≥ 2");
        }
        long receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        double fanIn = (double) shape[1] * receptive;
        double fanOut = (double) shape[0] * receptive;
        return Math.sqrt(6.0 / (fanIn + fanOut));
    }

    /** The values this initialiser gives a parameter of that shape, row-major. */
    public float[] values(long[] shape) {
        double a = bound(shape);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        SplittableRandom random = new SplittableRandom(seed ^ fnv1a64(name));
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((2.0 * random.nextDouble() - 1.0) * a);
        }
        return v;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        float[] v = values(shape.getShape());
        if (dataType == DataType.FLOAT32) {
            return manager.create(v, shape);
        }
        if (dataType == DataType.FLOAT64) {
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            return manager.create(d, shape);
        }
        throw new IllegalArgumentException("Xavier initialisation supports float32 and float64, not " + dataType);
    }

    /** FNV-1a, 64 bit, over the UTF-8 bytes: a fixed, documented string hash (String.hashCode is only 32 bit). */
    static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
