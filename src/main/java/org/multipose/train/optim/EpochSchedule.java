package org.multipose.train.optim;

import java.util.Map;
import java.util.TreeMap;
import org.multipose.base.InputException;

/** A schedule whose rate is a closed-form function of the epoch index; its only state is that index. */
abstract class EpochSchedule implements LrSchedule {

    private int epoch;

    /** The rate in epoch {@code e} (0-based). */
    abstract double rateAt(int e);

    /** Settings stored with the state and checked on restore. */
    abstract Map<String, Double> settings();

    @Override
    public final double learningRate() {
        return rateAt(epoch);
    }

    @Override
    public final void endEpoch(double monitored) {
        epoch++;
    }

    @Override
    public final int epoch() {
        return epoch;
    }

    @Override
    public final SavedState saveState() {
        Map<String, Double> v = new TreeMap<>(settings());
        v.put("epoch", (double) epoch);
        return new SavedState(kind(), v);
    }

    @Override
    public final void restoreState(SavedState state) {
        state.requireKind(kind());
        settings().forEach(state::requireSetting);
        int e = state.getInt("epoch");
        if (e < 0) {
            throw new InputException("checkpoint's " + kind() + " schedule has a negative epoch");
        }
        epoch = e;
    }

    static void requirePositive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and > 0, got " + v);
        }
    }
}
