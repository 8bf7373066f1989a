package org.multipose.train.loss;

import org.multipose.combination.LossGradient;

/**
 * Keeps the readout value inside [lower, upper] (e.g. plausible pK values):
 * <pre>
 *   L = (p − upper)² if p &gt; upper;  (lower − p)² if p &lt; lower;  else 0
 * </pre>
 * dL/dŷ = 2(p − bound)·dr/dŷ outside, 0 inside.
 */
public final class RangePenalty implements LossTerm {

    private final double lower;
    private final double upper;

    /** @param lower lower bound on p; @param upper upper bound on p, ≥ lower */
    public RangePenalty(double lower, double upper) {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("range penalty needs lower ≤ upper, got " + lower + ", " + upper);
        }
        this.lower = lower;
        this.upper = upper;
    }

    @Override
    public String name() {
        return "range";
    }

    @Override
    public LossGradient evaluate(LossInput in) {
        double p = in.prediction();
        double bound = p > upper ? upper : p < lower ? lower : p;
        double r = p - bound;
        return in.onCombined(r * r, 2 * r * in.slope());
    }
}
