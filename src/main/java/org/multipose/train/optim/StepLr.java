package org.multipose.train.optim;

import java.util.Map;

/** Step decay: lr(e) = base · γ^⌊e / k⌋ (torch.optim.lr_scheduler.StepLR stepped once per epoch). */
public final class StepLr extends EpochSchedule {

    private final double base;
    private final double gamma;
    private final int every;

    /**
     * @param base  learning rate of the first epochs, > 0
     * @param gamma factor γ ∈ (0, 1]
     * @param every k ≥ 1: epochs between decays
     */
    public StepLr(double base, double gamma, int every) {
        requirePositive("learning rate", base);
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("step schedule gamma must be in (0, 1], got " + gamma);
        }
        if (every < 1) {
            throw new IllegalArgumentException("step schedule step size must be ≥ 1 epoch, got " + every);
        }
        this.base = base;
        this.gamma = gamma;
        this.every = every;
    }

    @Override
    public String kind() {
        return "step";
    }

    @Override
    double rateAt(int e) {
        return base * Math.pow(gamma, e / every);
    }

    @Override
    Map<String, Double> settings() {
        return Map.of("lr", base, "gamma", gamma, "step_epochs", (double) every);
    }
}
