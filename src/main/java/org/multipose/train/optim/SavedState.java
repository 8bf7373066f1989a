package org.multipose.train.optim;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.multipose.base.InputException;

/**
 * The evolving state of a schedule, stopping rule or optimizer as plain named numbers, so a checkpoint can store it
 * (e.g. as JSON: doubles print and parse back exactly) and a resumed run continue exactly. Integers (counters, epochs)
 * are stored as doubles, exact up to 2⁵³.
 *
 * @param kind   what wrote it, e.g. "reduce-on-plateau"; restoring into another kind is an error
 * @param values named numbers, sorted by name
 */
public record SavedState(String kind, Map<String, Double> values) {

    public SavedState {
        Objects.requireNonNull(kind, "kind");
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * The value named {@code key}.
     *
     * @throws InputException when absent (a checkpoint from another version or another kind of object)
     */
    public double get(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw new InputException("saved " + kind + " state lacks '" + key
                    + "'; the checkpoint was written by another version or for another setting");
        }
        return v;
    }

    /** {@link #get} as an int (exact). */
    public int getInt(String key) {
        return Math.toIntExact((long) get(key));
    }

    /** {@link #get} as a long (exact up to 2⁵³). */
    public long getLong(String key) {
        return (long) get(key);
    }

    /**
     * @throws InputException when this state was written by another kind of object
     */
    public SavedState requireKind(String expected) {
        if (!kind.equals(expected)) {
            throw new InputException("checkpoint holds " + kind + " state but the config asks for " + expected
                    + "; resume with the settings the run was started with");
        }
        return this;
    }

    /**
     * Checks a hyperparameter stored in the state against the current setting.
     *
     * @throws InputException when they differ, naming both values
     */
    public void requireSetting(String key, double current) {
        double saved = get(key);
        if (Double.doubleToLongBits(saved) != Double.doubleToLongBits(current)) {
            throw new InputException("checkpoint's " + kind + " was run with " + key + " = " + saved
                    + " but the config now says " + current + "; resume with the original setting");
        }
    }
}
