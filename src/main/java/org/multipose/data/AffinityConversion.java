package org.multipose.data;

/**
 * Conversions of assay values to pK and of their uncertainties to σ in pK units (MATH.md §3–4). pK = −log10 K with
 * K in mol/L; ΔG in kT = ΔG/(RT) = −pK·ln 10. T is a parameter (298.15 K by default in
 * {@link AffinityTableOptions}); it matters only for free energies given in kcal/mol or kJ/mol.
 */
public final class AffinityConversion {

    /** Width of a 95 % normal interval in σ: 2 × 1.96. */
    public static final double CI95_WIDTH_IN_SIGMA = 3.92;

    static final double LN10 = Math.log(10.0);

    /**
     * The plausible range of a measured affinity in pK: 0 (1 M) to 15 (1 fM). Measured binding constants fall well
     * inside it; a value outside is a unit or typing mistake (a Kd of 1e-300 M is pK 300), and training on it would
     * dominate any loss, so the row is rejected.
     */
    public static final double PLAUSIBLE_PK_MIN = 0.0;
    /** Upper end of {@link #PLAUSIBLE_PK_MIN}'s range. */
    public static final double PLAUSIBLE_PK_MAX = 15.0;

    private AffinityConversion() {}

    /** pK of a concentration {@code value} (&gt; 0) in {@code unit}. */
    public static double pkFromConcentration(double value, ConcentrationUnit unit) {
        return -Math.log10(value * unit.toMolar());
    }

    /** pK of a binding free energy (negative = binds): −ΔG/(RT ln 10). */
    public static double pkFromFreeEnergy(double dg, EnergyUnit unit, double kelvin) {
        return -dg / (unit.rt(kelvin) * LN10);
    }

    /** ΔG/(RT) of a pK: −pK·ln 10 (independent of T). */
    public static double dgKtFromPk(double pk) {
        return -pk * LN10;
    }

    /** σ in pK of an error {@code error} on a concentration {@code value} (same unit): e/(X ln 10), first order. */
    public static double sigmaFromConcentrationError(double value, double error) {
        return error / (value * LN10);
    }

    /** σ in pK of an error on a free energy: e/(RT ln 10). */
    public static double sigmaFromFreeEnergyError(double error, EnergyUnit unit, double kelvin) {
        return error / (unit.rt(kelvin) * LN10);
    }

    /**
     * σ in pK of a 95 % CI [lower, upper] on a concentration (both &gt; 0, same unit): the bounds are log-transformed
     * and swap (pK_hi = −log10 lower, pK_lo = −log10 upper), σ = (pK_hi − pK_lo)/3.92. The unit cancels.
     */
    public static double sigmaFromConcentrationCi(double lower, double upper) {
        double pkHi = -Math.log10(lower);
        double pkLo = -Math.log10(upper);
        return (pkHi - pkLo) / CI95_WIDTH_IN_SIGMA;
    }

    /** σ of a 95 % CI on a p-value: (upper − lower)/3.92. */
    public static double sigmaFromPValueCi(double lower, double upper) {
        return (upper - lower) / CI95_WIDTH_IN_SIGMA;
    }

    /** σ in pK of a 95 % CI on a free energy: (upper − lower)/(3.92 RT ln 10). */
    public static double sigmaFromFreeEnergyCi(double lower, double upper, EnergyUnit unit, double kelvin) {
        return (upper - lower) / (CI95_WIDTH_IN_SIGMA * unit.rt(kelvin) * LN10);
    }
}
