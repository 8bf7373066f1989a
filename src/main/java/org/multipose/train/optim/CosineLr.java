package org.multipose.train.optim;

import java.util.Map;

/**
 * Cosine annealing with an optional linear warm-up, per epoch e (0-based), W warm-up epochs, E total epochs:
 * <pre>
 *   e &lt; W:        lr = base · (e + 1) / (W + 1)
 *   W ≤ e &lt; E:    lr = min + (base − min) · (1 + cos(π · (e − W) / (E − W))) / 2
 *   e ≥ E:        lr = min
 * </pre>
 * The warm-up ramps towards base without reaching it, so the first cosine epoch (e = W) is the first at base.
 */
public final class CosineLr extends EpochSchedule {

    private final double base;
    private final double min;
    private final int total;
    private final int warmup;

    /**
     * @param base   peak learning rate, > 0
     * @param min    final learning rate, 0 ≤ min ≤ base
     * @param total  E, total epochs of the schedule, > warmup
     * @param warmup W ≥ 0
     */
    public CosineLr(double base, double min, int total, int warmup) {
        requirePositive("learning rate", base);
        if (!(min >= 0 && min <= base)) {
            throw new IllegalArgumentException("cosine schedule min lr must be in [0, lr], got " + min);
        }
        if (warmup < 0 || total <= warmup) {
            throw new IllegalArgumentException("cosine schedule needs 0 ≤ warmup epochs < total epochs, got warmup "
                    + warmup + ", total " + total);
        }
        this.base = base;
        this.min = min;
        this.total = total;
        this.warmup = warmup;
    }

    @Override
    public String kind() {
        return "cosine";
    }

    @Override
    double rateAt(int e) {
        if (e < warmup) {
            return base * (e + 1) / (warmup + 1);
        }
        if (e >= total) {
            return min;
        }
        return min + (base - min) * (1 + Math.cos(Math.PI * (e - warmup) / (total - warmup))) / 2;
    }

    @Override
    Map<String, Double> settings() {
        return Map.of("lr", base, "min_lr", min, "total_epochs", (double) total, "warmup_epochs", (double) warmup);
    }
}
