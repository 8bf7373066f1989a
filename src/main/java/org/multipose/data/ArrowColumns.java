package org.multipose.data;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Reading and writing the list, map and string columns of the dataset tables directly through the child vectors
 * (plain loops over primitive arrays, no writers that box values). Writes use the {@code setSafe} methods, which
 * grow buffers as needed; {@code VectorSchemaRoot.setRowCount} then fixes the value counts.
 */
final class ArrowColumns {

    private ArrowColumns() {}

    static void setString(VarCharVector v, int row, String s) {
        v.setSafe(row, s.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #setString}, encoding each distinct string once per {@code cache} (targets, files, score names). */
    static void setString(VarCharVector v, int row, String s, Map<String, byte[]> cache) {
        v.setSafe(row, cache.computeIfAbsent(s, k -> k.getBytes(StandardCharsets.UTF_8)));
    }

    static String getString(VarCharVector v, int row) {
        return new String(v.get(row), StandardCharsets.UTF_8);
    }

    static void setFloats(ListVector v, int row, float[] values) {
        Float4Vector data = (Float4Vector) v.getDataVector();
        int start = v.startNewValue(row);
        // Grow once for the whole row, then plain sets: per-value setSafe re-checks the capacity every time.
        while (data.getValueCapacity() < start + values.length) {
            data.reAlloc();
        }
        for (int i = 0; i < values.length; i++) {
            data.set(start + i, values[i]);
        }
        v.endValue(row, values.length);
    }

    static float[] getFloats(ListVector v, int row) {
        Float4Vector data = (Float4Vector) v.getDataVector();
        int start = v.getElementStartIndex(row);
        float[] out = new float[v.getElementEndIndex(row) - start];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.get(start + i);
        }
        return out;
    }

    static void setShorts(ListVector v, int row, short[] values) {
        SmallIntVector data = (SmallIntVector) v.getDataVector();
        int start = v.startNewValue(row);
        while (data.getValueCapacity() < start + values.length) {
            data.reAlloc();
        }
        for (int i = 0; i < values.length; i++) {
            data.set(start + i, values[i]);
        }
        v.endValue(row, values.length);
    }

    static short[] getShorts(ListVector v, int row) {
        SmallIntVector data = (SmallIntVector) v.getDataVector();
        int start = v.getElementStartIndex(row);
        short[] out = new short[v.getElementEndIndex(row) - start];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.get(start + i);
        }
        return out;
    }

    /** Writes a map row; entries in the map's iteration order (the callers pass sorted maps, for determinism). */
    static void setScores(MapVector v, int row, Map<String, Double> scores) {
        setScores(v, row, scores, new java.util.HashMap<>());
    }

    /** As {@link #setScores(MapVector, int, Map)}, with score names encoded once per {@code names}. */
    static void setScores(MapVector v, int row, Map<String, Double> scores, Map<String, byte[]> names) {
        StructVector entries = (StructVector) v.getDataVector();
        VarCharVector keys = (VarCharVector) entries.getChild("key");
        Float8Vector values = (Float8Vector) entries.getChild("value");
        int start = v.startNewValue(row);
        int i = start;
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            entries.setIndexDefined(i);
            setString(keys, i, e.getKey(), names);
            values.setSafe(i, e.getValue());
            i++;
        }
        v.endValue(row, scores.size());
    }

    static Map<String, Double> getScores(MapVector v, int row) {
        StructVector entries = (StructVector) v.getDataVector();
        VarCharVector keys = (VarCharVector) entries.getChild("key");
        Float8Vector values = (Float8Vector) entries.getChild("value");
        Map<String, Double> out = new TreeMap<>();
        for (int i = v.getElementStartIndex(row); i < v.getElementEndIndex(row); i++) {
            out.put(getString(keys, i), values.get(i));
        }
        return out;
    }
}
