package org.multipose.train.loss;

import org.multipose.combination.LossGradient;

/**
 * Squared error on the readout value: L = (p − v)², p = r(ŷ), v the label (its qualifier is ignored: use
 * {@link CensoredMseLoss} for qualified labels). dL/dŷ = 2(p − v)·dr/dŷ.
 */
public final class MseLoss implements LossTerm {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public LossGradient evaluate(LossInput in) {
        double r = in.prediction() - in.target().value();
        return in.onCombined(r * r, 2 * r * in.slope());
    }
}
