package org.multipose.train;

/**
 * The affine map from a free energy in kT to the scale the labels are on, p = slope·y + offset (MATH.md §3), with
 * which losses turn derivatives on p into derivatives on y: dL/dy = slope · dL/dp.
 *
 * @param slope  dp/dy, non-zero: −1/ln 10 for pK and pIC50; R·T (kcal/mol) for ΔG
 * @param offset p at y = 0: −log10(1 + [S]/Km) for a Cheng–Prusoff pIC50, else 0
 */
public record LinearReadout(double slope, double offset) {

    /** Gas constant, kcal/(mol·K). */
    public static final double GAS_CONSTANT_KCAL = 1.987204e-3;

    public LinearReadout {
        if (slope == 0 || !Double.isFinite(slope) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("readout slope must be finite and non-zero, offset finite; got "
                    + slope + ", " + offset);
        }
    }

    /** pK (pKi, pKd) = −y / ln 10. */
    public static LinearReadout pK() {
        return new LinearReadout(-1 / Math.log(10), 0);
    }

    /**
     * pIC50 = −y / ln 10 − log10(1 + [S]/Km) (Cheng–Prusoff).
     *
     * @param substrate [S], same unit as km, ≥ 0
     * @param km        Km, > 0
     */
    public static LinearReadout pIC50(double substrate, double km) {
        if (!(substrate >= 0) || !(km > 0)) {
            throw new IllegalArgumentException("Cheng–Prusoff needs [S] ≥ 0 and Km > 0, got " + substrate + ", "
                    + km);
        }
        return new LinearReadout(-1 / Math.log(10), -Math.log10(1 + substrate / km));
    }

    /** ΔG in kcal/mol = R·T·y. */
    public static LinearReadout kcalPerMol(double temperatureKelvin) {
        return new LinearReadout(GAS_CONSTANT_KCAL * temperatureKelvin, 0);
    }

    /** The readout value of a free energy y (kT). */
    public double apply(double y) {
        return slope * y + offset;
    }
}
