package org.multipose.train.optim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import org.multipose.base.InputException;

/**
 * Stops when the loss has converged: once {@code window} losses are recorded, stop when the last {@code window}
 * losses span less than {@code tolerance} relative to their mean, (max − min) &lt; tolerance · |mean|. Any NaN in
 * the window prevents stopping (the loop stops on NaN itself).
 */
public final class Converged implements StoppingRule {

    private final int window;
    private final double tolerance;
    private final Deque<Double> last = new ArrayDeque<>();
    private int epochs;

    /**
     * @param window    number of recent epochs compared, ≥ 2
     * @param tolerance relative spread below which the loss counts as converged, > 0
     */
    public Converged(int window, double tolerance) {
        if (window < 2) {
            throw new IllegalArgumentException("convergence window must be ≥ 2 epochs, got " + window);
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("convergence tolerance must be finite and > 0, got " + tolerance);
        }
        this.window = window;
        this.tolerance = tolerance;
    }

    @Override
    public String kind() {
        return "converged";
    }

    @Override
    public boolean update(double loss) {
        epochs++;
        last.addLast(loss);
        if (last.size() > window) {
            last.removeFirst();
        }
        if (last.size() < window) {
            return false;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double l : last) {
            if (Double.isNaN(l)) {
                return false;
            }
            min = Math.min(min, l);
            max = Math.max(max, l);
            sum += l;
        }
        return max - min < tolerance * Math.abs(sum / window);
    }

    @Override
    public int epochs() {
        return epochs;
    }

    @Override
    public SavedState saveState() {
        Map<String, Double> v = new TreeMap<>();
        v.put("window", (double) window);
        v.put("tolerance", tolerance);
        v.put("epochs", (double) epochs);
        v.put("recent_count", (double) last.size());
        int i = 0;
        for (double l : last) {
            v.put("recent." + i++, l);
        }
        return new SavedState(kind(), v);
    }

    @Override
    public void restoreState(SavedState s) {
        s.requireKind(kind());
        s.requireSetting("window", window);
        s.requireSetting("tolerance", tolerance);
        int n = s.getInt("recent_count");
        if (n < 0 || n > window) {
            throw new InputException("checkpoint's converged state holds " + n + " recent losses for a window of "
                    + window);
        }
        last.clear();
        for (int i = 0; i < n; i++) {
            last.addLast(s.get("recent." + i));
        }
        epochs = s.getInt("epochs");
    }
}
