package org.multipose.train.loss;

import org.multipose.combination.LossGradient;

/**
 * Gaussian negative log-likelihood of the label under a normal distribution around the readout value, with the
 * label's own σ (readout units, e.g. pK):
 * <pre>
 *   L = ½ · ((p − v)² / σ² + ln σ² + ln 2π),    dL/dŷ = (p − v)/σ² · dr/dŷ
 * </pre>
 * (torch.nn.GaussianNLLLoss with full = true and var = σ²). σ is floored at a minimum given in pK units and
 * converted to the readout's scale by |dr/dŷ|·ln 10 (1 for pK and pIC50, R·T·ln 10 for kcal/mol), so a tiny reported
 * error cannot dominate the loss. Labels without σ use the fallback σ; with no fallback they are an error, so the
 * loop checks at start that every training label has a σ. The qualifier is ignored. Labels whose σ exceeds a limit
 * are excluded when the dataset is prepared (and counted there).
 */
public final class GaussianNllLoss implements LossTerm {

    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double LN10 = Math.log(10);

    private final double fallbackSigma;
    private final double sigmaFloorPk;

    /** @param fallbackSigma σ for labels without one, > 0; or 0 to require σ on every label (no floor) */
    public GaussianNllLoss(double fallbackSigma) {
        this(fallbackSigma, 0);
    }

    /**
     * @param fallbackSigma σ for labels without one (readout units), > 0; or 0 to require σ on every label
     * @param sigmaFloorPk  smallest σ used, in pK units, ≥ 0 (0 = no floor)
     */
    public GaussianNllLoss(double fallbackSigma, double sigmaFloorPk) {
        if (!(fallbackSigma >= 0) || Double.isInfinite(fallbackSigma)) {
            throw new IllegalArgumentException("fallback σ must be finite and ≥ 0 (0 = none), got " + fallbackSigma);
        }
        if (!(sigmaFloorPk >= 0) || Double.isInfinite(sigmaFloorPk)) {
            throw new IllegalArgumentException("σ floor must be finite and ≥ 0 pK (0 = none), got " + sigmaFloorPk);
        }
        this.fallbackSigma = fallbackSigma;
        this.sigmaFloorPk = sigmaFloorPk;
    }

    /** Needs each label's σ. */
    @Override
    public LossNeeds needs() {
        return new LossNeeds(true, false);
    }

    @Override
    public String name() {
        return "gaussian_nll";
    }

    @Override
    public LossGradient evaluate(LossInput in) {
        double slope = in.slope();
        double sigma = Math.max(in.target().sigma().orElse(fallbackSigma), sigmaFloorPk * Math.abs(slope) * LN10);
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("Gaussian NLL needs a finite σ > 0 for every label, got " + sigma
                    + (in.target().sigma().isPresent() ? "" : " (the label has none and no fallback σ is set)"));
        }
        double var = sigma * sigma;
        double r = in.prediction() - in.target().value();
        double value = 0.5 * (r * r / var + Math.log(var) + LOG_2PI);
        return in.onCombined(value, r / var * slope);
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
