package org.multipose.train.loss;

import org.multipose.combination.LossGradient;

/**
 * Censored ("step") squared error for qualified labels, on the readout value p against the label v:
 * <pre>
 *   =:  (p − v)²
 *   &lt;:  (p − v)² if p &gt; v, else 0     (the truth is below v: only a prediction above it is wrong)
 *   &gt;:  (p − v)² if p &lt; v, else 0
 * </pre>
 * dL/dŷ = 2(p − v)·dr/dŷ on the wrong side, else 0 (continuous at p = v).
 */
public final class CensoredMseLoss implements LossTerm {

    @Override
    public String name() {
        return "censored_mse";
    }

    @Override
    public LossGradient evaluate(LossInput in) {
        double r = in.prediction() - in.target().value();
        boolean wrongSide = switch (in.target().qualifier()) {
            case EQUAL -> true;
            case LESS -> r > 0;
            case GREATER -> r < 0;
        };
        return wrongSide ? in.onCombined(r * r, 2 * r * in.slope()) : in.onCombined(0, 0);
    }
}
