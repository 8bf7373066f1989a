package org.multipose.train.loss;

import java.util.Objects;
import java.util.OptionalDouble;
import org.multipose.data.Qualifier;

/**
 * What a compound's losses compare against, on its readout's scale (pK, pIC50 or kcal/mol).
 *
 * @param value     the label on the readout's scale
 * @param qualifier {@code =}, {@code <} or {@code >} on that scale: {@code <} means the true value is below
 *                  {@code value} (a kcal/mol readout flips a pK label's direction; {@link LabelReadouts} does that)
 * @param sigma     the label's standard deviation on that scale, when known (Gaussian NLL)
 * @param poseRmsd  RMSD (Å) of each pose to the reference pose, in pose order; empty when the data has no RMSD tag
 */
public record CompoundTarget(double value, Qualifier qualifier, OptionalDouble sigma, double[] poseRmsd) {

    public CompoundTarget {
        Objects.requireNonNull(qualifier, "qualifier");
        Objects.requireNonNull(sigma, "sigma");
        Objects.requireNonNull(poseRmsd, "poseRmsd");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("label value must be finite, got " + value);
        }
        poseRmsd = poseRmsd.clone();
    }

    /** An exact label without σ or RMSDs. */
    public static CompoundTarget exact(double value) {
        return new CompoundTarget(value, Qualifier.EQUAL, OptionalDouble.empty(), new double[0]);
    }

    @Override
    public double[] poseRmsd() {
        return poseRmsd.clone();
    }

    /** Whether pose RMSDs are known. */
    public boolean hasRmsd() {
        return poseRmsd.length > 0;
    }

    /** Whether the label is a bound (censored) rather than a value. */
    public boolean isCensored() {
        return qualifier.isCensored();
    }
}
