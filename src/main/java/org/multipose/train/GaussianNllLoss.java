package org.multipose.train;

/**
 * Gaussian negative log-likelihood of the label under a normal distribution around the readout value, with the
 * label's own σ (readout units, e.g. pK):
 * <pre>
 *   L = ½ · ((p − v)² / σ² + ln σ² + ln 2π),    dL/dŷ = (p − v)/σ² · slope
 * </pre>
 * (torch.nn.GaussianNLLLoss with full = true and var = σ²). Labels without σ use the fallback σ; with no fallback
 * they are an error, so the loop must give every label a σ or configure one. The qualifier is ignored. Labels whose
 * σ exceeds a configured limit should be excluded when labels are read (and counted in the report).
 */
public final class GaussianNllLoss implements CompoundLoss {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final double fallbackSigma;

    /** @param fallbackSigma σ for labels without one, > 0; or 0 to require σ on every label */
    public GaussianNllLoss(double fallbackSigma) {
        if (!(fallbackSigma >= 0) || Double.isInfinite(fallbackSigma)) {
            throw new IllegalArgumentException("fallback σ must be finite and ≥ 0 (0 = none), got " + fallbackSigma);
        }
        this.fallbackSigma = fallbackSigma;
    }

    @Override
    public String name() {
        return "gaussian_nll";
    }

    @Override
    public LossResult evaluate(LossInput in) {
        double sigma = in.target().sigma().orElse(fallbackSigma);
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("Gaussian NLL needs a finite σ > 0 for every label, got " + sigma
                    + (in.target().sigma().isPresent() ? "" : " (the label has none and no fallback σ is set)"));
        }
        double var = sigma * sigma;
        double r = in.prediction() - in.target().value();
        double value = 0.5 * (r * r / var + Math.log(var) + LOG_2PI);
        return LossResult.onCombined(value, r / var * in.readout().slope(), in.poseCount());
    }

    /**
     * σ on the p scale from a 95 % confidence interval [low, high] on a concentration (any one unit, both > 0):
     * the bounds become pK_high = −log10 low and pK_low = −log10 high, and σ = (pK_high − pK_low) / 3.92.
     */
    public static double sigmaFromConfidenceInterval95(double lowConcentration, double highConcentration) {
        if (!(lowConcentration > 0) || !(highConcentration >= lowConcentration)) {
            throw new IllegalArgumentException("a confidence interval needs 0 < low ≤ high, got [" + lowConcentration
                    + ", " + highConcentration + "]");
        }
        return (Math.log10(highConcentration) - Math.log10(lowConcentration)) / 3.92;
    }

    /** σ on the p scale from a standard error e on a concentration X (same unit): σ ≈ e / (X · ln 10). */
    public static double sigmaFromStandardError(double error, double concentration) {
        if (!(error >= 0) || !(concentration > 0)) {
            throw new IllegalArgumentException("a standard error needs e ≥ 0 and X > 0, got " + error + ", "
                    + concentration);
        }
        return error / (concentration * Math.log(10));
    }
}
