package org.multipose.train.optim;

import java.util.Map;
import java.util.TreeMap;

/**
 * No stop before {@code burnIn} epochs are complete: the inner rule sees every epoch (so its best and window are
 * up to date) but its stop is ignored until then.
 */
public final class BurnIn implements StoppingRule {

    private static final String PREFIX = "inner.";

    private final int burnIn;
    private final StoppingRule inner;

    /**
     * @param burnIn epochs before which training never stops, ≥ 0
     * @param inner  the rule that decides after that
     */
    public BurnIn(int burnIn, StoppingRule inner) {
        if (burnIn < 0) {
            throw new IllegalArgumentException("burn-in must be ≥ 0 epochs, got " + burnIn);
        }
        this.burnIn = burnIn;
        this.inner = inner;
    }

    @Override
    public String kind() {
        return "burn-in(" + inner.kind() + ")";
    }

    @Override
    public boolean update(double loss) {
        boolean stop = inner.update(loss);
        return stop && inner.epochs() >= burnIn;
    }

    @Override
    public int epochs() {
        return inner.epochs();
    }

    /** The wrapped rule (e.g. to read its best epoch). */
    public StoppingRule inner() {
        return inner;
    }

    @Override
    public SavedState saveState() {
        Map<String, Double> v = new TreeMap<>();
        v.put("burn_in", (double) burnIn);
        inner.saveState().values().forEach((k, x) -> v.put(PREFIX + k, x));
        return new SavedState(kind(), v);
    }

    @Override
    public void restoreState(SavedState s) {
        s.requireKind(kind());
        s.requireSetting("burn_in", burnIn);
        Map<String, Double> innerValues = new TreeMap<>();
        s.values().forEach((k, x) -> {
            if (k.startsWith(PREFIX)) {
                innerValues.put(k.substring(PREFIX.length()), x);
            }
        });
        inner.restoreState(new SavedState(inner.kind(), innerValues));
    }
}
