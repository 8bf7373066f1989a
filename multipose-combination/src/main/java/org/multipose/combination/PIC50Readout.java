package org.multipose.combination;

import java.util.OptionalDouble;

/**
 * pIC50 = −ŷ/ln 10 − log10(1 + [S]/Km) (Cheng–Prusoff, ŷ in kT, written in the linear form that cannot overflow),
 * or −ŷ/ln 10 without Cheng–Prusoff (IC50 ≈ Ki). dr/dŷ = −1/ln 10 either way.
 *
 * <p>[S] and Km are given both or neither, in the same concentration unit (only their ratio enters).
 */
public final class PIC50Readout implements Readout {

    private final double substrate;
    private final double km;
    private final double shift;

    private PIC50Readout(double substrate, double km) {
        this.substrate = substrate;
        this.km = km;
        this.shift = Double.isNaN(substrate) ? 0.0 : Math.log10(1.0 + substrate / km);
    }

    /** Without Cheng–Prusoff: pIC50 = pK. */
    public static PIC50Readout withoutChengPrusoff() {
        return new PIC50Readout(Double.NaN, Double.NaN);
    }

    /**
     * With Cheng–Prusoff.
     *
     * @param substrateConcentration [S], finite and ≥ 0
     * @param michaelisConstant      Km, finite and &gt; 0, in the unit of [S]
     */
    public static PIC50Readout chengPrusoff(double substrateConcentration, double michaelisConstant) {
        if (!(substrateConcentration >= 0.0) || !Double.isFinite(substrateConcentration)) {
            throw new IllegalArgumentException("Cheng–Prusoff: substrate concentration [S] = " + substrateConcentration
                    + " must be a finite number ≥ 0");
        }
        if (!(michaelisConstant > 0.0) || !Double.isFinite(michaelisConstant)) {
            throw new IllegalArgumentException("Cheng–Prusoff: Km = " + michaelisConstant
                    + " must be a finite number > 0 in the unit of [S]");
        }
        return new PIC50Readout(substrateConcentration, michaelisConstant);
    }

    /**
     * From optional config values: both present → Cheng–Prusoff, both absent → without.
     *
     * @throws IllegalArgumentException if only one is present
     */
    public static PIC50Readout of(OptionalDouble substrateConcentration, OptionalDouble michaelisConstant) {
        if (substrateConcentration.isPresent() != michaelisConstant.isPresent()) {
            throw new IllegalArgumentException("Cheng–Prusoff needs both the substrate concentration [S] and Km"
                    + " (same unit), or neither; got only " + (substrateConcentration.isPresent() ? "[S]" : "Km"));
        }
        return substrateConcentration.isPresent()
                ? chengPrusoff(substrateConcentration.getAsDouble(), michaelisConstant.getAsDouble())
                : withoutChengPrusoff();
    }

    /** [S], if Cheng–Prusoff applies. */
    public OptionalDouble substrateConcentration() {
        return Double.isNaN(substrate) ? OptionalDouble.empty() : OptionalDouble.of(substrate);
    }

    /** Km, if Cheng–Prusoff applies. */
    public OptionalDouble michaelisConstant() {
        return Double.isNaN(km) ? OptionalDouble.empty() : OptionalDouble.of(km);
    }

    /** log10(1 + [S]/Km), 0 without Cheng–Prusoff. */
    public double chengPrusoffShift() {
        return shift;
    }

    @Override
    public double apply(double combinedKT) {
        return -combinedKT / PKReadout.LN10 - shift;
    }

    @Override
    public double derivative(double combinedKT) {
        return -1.0 / PKReadout.LN10;
    }

    @Override
    public double inverse(double value) {
        return -(value + shift) * PKReadout.LN10;
    }

    @Override
    public String unit() {
        return "pIC50";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PIC50Readout r && Double.compare(substrate, r.substrate) == 0
                && Double.compare(km, r.km) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(substrate) + Double.hashCode(km);
    }

    @Override
    public String toString() {
        return Double.isNaN(substrate) ? "PIC50Readout[no Cheng–Prusoff]"
                : "PIC50Readout[[S]=" + substrate + ", Km=" + km + "]";
    }
}
