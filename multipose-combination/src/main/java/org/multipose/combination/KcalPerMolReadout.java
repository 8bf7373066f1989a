package org.multipose.combination;

/**
 * ΔG in kcal/mol = R·T·ŷ, ŷ in kT, R = 1.987204e−3 kcal/(mol·K); dr/dŷ = R·T. (pK = −ΔG/(R·T·ln 10).)
 *
 * @param temperatureKelvin T in K, finite and &gt; 0 (default 298.15)
 */
public record KcalPerMolReadout(double temperatureKelvin) implements Readout {

    /** Gas constant in kcal/(mol·K). */
    public static final double GAS_CONSTANT = 1.987204e-3;
    /** Default temperature, K. */
    public static final double DEFAULT_TEMPERATURE = 298.15;

    /** Validates T. */
    public KcalPerMolReadout {
        if (!(temperatureKelvin > 0.0) || !Double.isFinite(temperatureKelvin)) {
            throw new IllegalArgumentException("kcal/mol readout: temperature = " + temperatureKelvin
                    + " K must be a finite number > 0 (default " + DEFAULT_TEMPERATURE + ")");
        }
    }

    /** T = 298.15 K. */
    public KcalPerMolReadout() {
        this(DEFAULT_TEMPERATURE);
    }

    /** R·T in kcal/mol: the size of one kT. */
    public double kcalPerKT() {
        return GAS_CONSTANT * temperatureKelvin;
    }

    @Override
    public double apply(double combinedKT) {
        return kcalPerKT() * combinedKT;
    }

    @Override
    public double derivative(double combinedKT) {
        return kcalPerKT();
    }

    @Override
    public double inverse(double value) {
        return value / kcalPerKT();
    }

    @Override
    public String unit() {
        return "kcal/mol";
    }
}
