package org.multipose.train;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a compound's losses compare against, on the readout scale.
 *
 * @param value     the label (e.g. pIC50)
 * @param qualifier =, &lt; or &gt; on that scale
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
        return new CompoundTarget(value, Qualifier.EQ, OptionalDouble.empty(), new double[0]);
    }

    @Override
    public double[] poseRmsd() {
        return poseRmsd.clone();
    }

    /** Whether pose RMSDs are known. */
    public boolean hasRmsd() {
        return poseRmsd.length > 0;
    }
}
