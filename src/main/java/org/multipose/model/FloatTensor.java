package org.multipose.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 array with its shape, held on the Java heap: the plain form in which weights and optimizer state are
 * saved and restored. Row-major (last dimension fastest), as DJL and PyTorch lay out contiguous tensors.
 *
 * @param shape dimensions, each ≥ 0; an empty shape is a scalar
 * @param data  values, {@code data.length} = product of {@code shape}
 */
public record FloatTensor(long[] shape, float[] data) {

    public FloatTensor {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " values but data has " + data.length);
        }
        shape = shape.clone();
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The shape as text, e.g. {@code [32, 28, 3, 3, 3]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    /** Whether {@code other} has the same shape. */
    public boolean sameShape(long[] other) {
        return Arrays.equals(shape, other);
    }

    /** Equal shapes and bit-identical values (NaNs compare by bits). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FloatTensor t)) {
            return false;
        }
        if (!Arrays.equals(shape, t.shape) || data.length != t.data.length) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            if (Float.floatToRawIntBits(data[i]) != Float.floatToRawIntBits(t.data[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + shapeText();
    }
}
