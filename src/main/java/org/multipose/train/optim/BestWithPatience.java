package org.multipose.train.optim;

import java.util.Map;
import java.util.TreeMap;

/**
 * Stops after {@code patience} consecutive epochs without a new best (strictly lower) loss, as asapdiscovery's
 * "best" early stopping; remembers the best epoch so the loop can keep that epoch's weights. A NaN loss is never a
 * new best.
 */
public final class BestWithPatience implements StoppingRule {

    private final int patience;
    private double best = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int sinceBest;
    private int epochs;

    /** @param patience epochs without improvement before stopping, ≥ 1 */
    public BestWithPatience(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("early-stopping patience must be ≥ 1 epoch, got " + patience);
        }
        this.patience = patience;
    }

    @Override
    public String kind() {
        return "best";
    }

    @Override
    public boolean update(double loss) {
        epochs++;
        if (loss < best) {
            best = loss;
            bestEpoch = epochs;
            sinceBest = 0;
        } else {
            sinceBest++;
        }
        return sinceBest >= patience;
    }

    @Override
    public int epochs() {
        return epochs;
    }

    /** Best loss so far (+∞ before any epoch). */
    public double best() {
        return best;
    }

    /** 1-based epoch of the best loss; 0 before any finite loss. */
    public int bestEpoch() {
        return bestEpoch;
    }

    @Override
    public SavedState saveState() {
        Map<String, Double> v = new TreeMap<>();
        v.put("patience", (double) patience);
        v.put("best", best);
        v.put("best_epoch", (double) bestEpoch);
        v.put("since_best", (double) sinceBest);
        v.put("epochs", (double) epochs);
        return new SavedState(kind(), v);
    }

    @Override
    public void restoreState(SavedState s) {
        s.requireKind(kind());
        s.requireSetting("patience", patience);
        best = s.get("best");
        bestEpoch = s.getInt("best_epoch");
        sinceBest = s.getInt("since_best");
        epochs = s.getInt("epochs");
    }
}
