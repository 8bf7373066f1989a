package org.multipose.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered map from a stable name to a {@link FloatTensor}: model weights ("unit1_conv.weight" → [32, 28, 3, 3, 3])
 * or optimizer state ("exp_avg/unit1_conv.weight" → ...). Insertion order is kept, so files written from it list
 * entries in the model's order.
 *
 * @param entries unmodifiable, in insertion order
 */
public record NamedTensors(Map<String, FloatTensor> entries) {

    public NamedTensors {
        Objects.requireNonNull(entries, "entries");
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** No entries. */
    public static NamedTensors empty() {
        return new NamedTensors(Map.of());
    }

    /** Copies each array's values to the heap (float64 arrays are rounded to float32), keeping the map's order. */
    public static NamedTensors copyOf(Map<String, NDArray> arrays) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            out.put(e.getKey(), toTensor(e.getValue()));
        }
        return new NamedTensors(out);
    }

    /** One array's values on the heap as float32. */
    public static FloatTensor toTensor(NDArray a) {
        float[] data;
        if (a.getDataType() == DataType.FLOAT32) {
            data = a.toFloatArray();
        } else if (a.getDataType() == DataType.FLOAT64) {
            double[] d = a.toDoubleArray();
            data = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                data[i] = (float) d[i];
            }
        } else {
            throw new IllegalArgumentException("only float32 and float64 arrays can be saved, got "
                    + a.getDataType());
        }
        return new FloatTensor(a.getShape().getShape(), data);
    }

    /** A new float32 array in {@code manager} holding {@code t}. */
    public static NDArray toArray(FloatTensor t, NDManager manager) {
        return manager.create(t.data(), new Shape(t.shape()));
    }

    /** The entry or an exception naming the missing key. */
    public FloatTensor get(String name) {
        FloatTensor t = entries.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named '" + name + "'; present: " + entries.keySet());
        }
        return t;
    }

    /** Number of entries. */
    public int size() {
        return entries.size();
    }

    /** Total number of float values over all entries. */
    public long valueCount() {
        long n = 0;
        for (FloatTensor t : entries.values()) {
            n += t.data().length;
        }
        return n;
    }
}
