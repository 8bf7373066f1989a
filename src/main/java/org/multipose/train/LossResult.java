package org.multipose.train;

import java.util.Objects;

/**
 * A loss value with its derivatives, which feed the combination's backward: parameter gradient
 * Σ_i (dL/dŷ · c_i + dL/dy_i) · g_i.
 *
 * @param value     L
 * @param dCombined dL/dŷ (per kT)
 * @param dPoses    dL/dy_i for a loss placed on the per-pose predictions directly (zeros otherwise)
 */
public record LossResult(double value, double dCombined, double[] dPoses) {

    public LossResult {
        Objects.requireNonNull(dPoses, "dPoses");
        dPoses = dPoses.clone();
    }

    @Override
    public double[] dPoses() {
        return dPoses.clone();
    }

    /** A loss on ŷ only: dL/dy_i = 0. */
    static LossResult onCombined(double value, double dCombined, int poses) {
        return new LossResult(value, dCombined, new double[poses]);
    }
}
