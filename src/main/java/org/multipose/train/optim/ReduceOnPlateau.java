package org.multipose.train.optim;

import java.util.Map;
import java.util.TreeMap;

/**
 * Lowers the learning rate when the monitored loss stops improving, with the semantics of
 * torch.optim.lr_scheduler.ReduceLROnPlateau in mode "min". After each epoch with loss L:
 * <pre>
 *   better = L &lt; best·(1 − threshold)   (relative)   or   L &lt; best − threshold   (absolute)
 *   if better: best ← L, bad ← 0  else bad ← bad + 1
 *   if cooldown left: cooldown ← cooldown − 1, bad ← 0
 *   if bad &gt; patience: lr' = max(lr·factor, minLr); if lr − lr' &gt; 1e-8: lr ← lr'; cooldown ← cooldownEpochs; bad ← 0
 * </pre>
 * best starts at +∞; a NaN loss is never better.
 */
public final class ReduceOnPlateau implements LrSchedule {

    /** How "better" is measured. */
    public enum ThresholdMode { RELATIVE, ABSOLUTE }

    private static final double EPS = 1e-8;

    private final double base;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode mode;
    private final int cooldownEpochs;
    private final double minLr;

    private double lr;
    private double best = Double.POSITIVE_INFINITY;
    private int bad;
    private int cooldown;
    private int epoch;

    /**
     * @param base      starting learning rate, > 0
     * @param factor    multiplier on a reduction, in (0, 1) (PyTorch default 0.1)
     * @param patience  bad epochs tolerated before a reduction, ≥ 0 (default 10)
     * @param threshold minimum improvement, ≥ 0 (default 1e-4, relative)
     * @param mode      relative or absolute threshold
     * @param cooldown  epochs after a reduction during which bad epochs are not counted, ≥ 0
     * @param minLr     lower bound on the learning rate, ≥ 0
     */
    public ReduceOnPlateau(double base, double factor, int patience, double threshold, ThresholdMode mode,
            int cooldown, double minLr) {
        EpochSchedule.requirePositive("learning rate", base);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("reduce-on-plateau factor must be in (0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("reduce-on-plateau patience and cooldown must be ≥ 0");
        }
        if (!(threshold >= 0) || !(minLr >= 0)) {
            throw new IllegalArgumentException("reduce-on-plateau threshold and min lr must be ≥ 0");
        }
        this.base = base;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.mode = mode;
        this.cooldownEpochs = cooldown;
        this.minLr = minLr;
        this.lr = base;
    }

    @Override
    public String kind() {
        return "reduce-on-plateau";
    }

    @Override
    public boolean needsValidationLoss() {
        return true;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void endEpoch(double loss) {
        epoch++;
        if (better(loss)) {
            best = loss;
            bad = 0;
        } else {
            bad++;
        }
        if (cooldown > 0) {
            cooldown--;
            bad = 0;
        }
        if (bad > patience) {
            double reduced = Math.max(lr * factor, minLr);
            if (lr - reduced > EPS) {
                lr = reduced;
            }
            cooldown = cooldownEpochs;
            bad = 0;
        }
    }

    private boolean better(double loss) {
        return mode == ThresholdMode.RELATIVE ? loss < best * (1 - threshold) : loss < best - threshold;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    /** Best loss seen so far (+∞ before the first epoch). */
    public double best() {
        return best;
    }

    private Map<String, Double> settings() {
        return Map.of("lr", base, "factor", factor, "patience", (double) patience, "threshold", threshold,
                "threshold_relative", mode == ThresholdMode.RELATIVE ? 1.0 : 0.0, "cooldown",
                (double) cooldownEpochs, "min_lr", minLr);
    }

    @Override
    public SavedState saveState() {
        Map<String, Double> v = new TreeMap<>(settings());
        v.put("epoch", (double) epoch);
        v.put("current_lr", lr);
        v.put("best", best);
        v.put("bad_epochs", (double) bad);
        v.put("cooldown_left", (double) cooldown);
        return new SavedState(kind(), v);
    }

    @Override
    public void restoreState(SavedState s) {
        s.requireKind(kind());
        settings().forEach(s::requireSetting);
        epoch = s.getInt("epoch");
        lr = s.get("current_lr");
        best = s.get("best");
        bad = s.getInt("bad_epochs");
        cooldown = s.getInt("cooldown_left");
    }
}
