package org.multipose.train;

/**
 * Censored ("step") squared error for qualified labels, on the readout value p against the label v:
 * <pre>
 *   EQ:  (p − v)²
 *   LT:  (p − v)² if p &gt; v, else 0     (the truth is below v: only a prediction above it is wrong)
 *   GT:  (p − v)² if p &lt; v, else 0
 * </pre>
 * dL/dŷ = 2(p − v)·slope on the wrong side, else 0 (continuous at p = v).
 */
public final class CensoredMseLoss implements CompoundLoss {

    @Override
    public String name() {
        return "censored_mse";
    }

    @Override
    public LossResult evaluate(LossInput in) {
        double r = in.prediction() - in.target().value();
        boolean wrongSide = switch (in.target().qualifier()) {
            case EQ -> true;
            case LT -> r > 0;
            case GT -> r < 0;
        };
        return wrongSide ? LossResult.onCombined(r * r, 2 * r * in.readout().slope(), in.poseCount())
                : LossResult.onCombined(0, 0, in.poseCount());
    }
}
