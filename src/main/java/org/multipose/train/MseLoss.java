package org.multipose.train;

/**
 * Squared error on the readout value: L = (p − v)², p = slope·ŷ + offset, v the label (its qualifier is ignored:
 * use {@link CensoredMseLoss} for qualified labels). dL/dŷ = 2(p − v)·slope.
 */
public final class MseLoss implements CompoundLoss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public LossResult evaluate(LossInput in) {
        double r = in.prediction() - in.target().value();
        return LossResult.onCombined(r * r, 2 * r * in.readout().slope(), in.poseCount());
    }
}
