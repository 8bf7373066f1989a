package org.multipose.train.optim;

import java.util.Map;

/** The same learning rate every epoch. */
public final class ConstantLr extends EpochSchedule {

    private final double rate;

    /** @param rate learning rate, > 0 */
    public ConstantLr(double rate) {
        requirePositive("learning rate", rate);
        this.rate = rate;
    }

    @Override
    public String kind() {
        return "constant";
    }

    @Override
    double rateAt(int e) {
        return rate;
    }

    @Override
    Map<String, Double> settings() {
        return Map.of("lr", rate);
    }
}
