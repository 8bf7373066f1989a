package org.multipose.model;

/**
 * The unit the affinity head's linear layer computes in. A {@link PoseModel} always outputs the per-pose free
 * energy y in kT (lower = tighter); a head in pK is scaled on the way out.
 *
 * <p>gnina's pretrained heads predict pK (larger = tighter). With K the dissociation constant in M,
 * ΔG = RT·ln K, so y = ΔG/RT = ln K = −ln(10)·pK, and pK = −y/ln 10 (MATH.md §3, the pK readout). The conversion is
 * one multiplication by −ln 10 after the head: exact in real arithmetic, one float32 rounding (≤ 6e-8 relative) in
 * practice; reading the value back as pK divides by ln 10 in double.
 */
public enum AffinityHead {
    /** The head computes y in kT (multipose's own networks). */
    KT("kT", 1.0),
    /** The head computes pK (gnina's pretrained networks); y = −ln(10)·pK. */
    PK("pK", -Math.log(10.0));

    private final String unit;
    private final double toKt;

    AffinityHead(String unit, double toKt) {
        this.unit = unit;
        this.toKt = toKt;
    }

    /** "kT" or "pK", as written in encoded model specs. */
    public String unit() {
        return unit;
    }

    /** The factor from the head's unit to kT: 1 for kT, −ln 10 for pK. */
    public double toKt() {
        return toKt;
    }

    /** The head with unit text {@code unit} ("kT", "pK"). */
    static AffinityHead ofUnit(String unit) {
        for (AffinityHead h : values()) {
            if (h.unit.equals(unit)) {
                return h;
            }
        }
        throw new IllegalArgumentException("affinity head unit must be kT or pK, got '" + unit + "'");
    }
}
