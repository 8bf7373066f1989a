package org.multipose.data;

import java.util.Locale;
import java.util.Optional;

/**
 * A molar energy unit for binding free energies, with the gas constant R in that unit per kelvin. kT means the
 * value is already ΔG/(RT).
 */
public enum EnergyUnit {
    KCAL_PER_MOL,
    KJ_PER_MOL,
    KT;

    /** R in kJ/(mol·K) (CODATA 2018, exact). */
    public static final double R_KJ = 8.314462618e-3;
    /** R in kcal/(mol·K): R_KJ / 4.184 (thermochemical calorie) = 1.987204259e-3. */
    public static final double R_KCAL = R_KJ / 4.184;

    /** RT in this unit at temperature {@code kelvin} (1 for {@link #KT}). */
    public double rt(double kelvin) {
        return switch (this) {
            case KCAL_PER_MOL -> R_KCAL * kelvin;
            case KJ_PER_MOL -> R_KJ * kelvin;
            case KT -> 1.0;
        };
    }

    /**
     * Parses kcal/mol (also "kcal mol-1", "kcal"), kJ/mol (also "kj mol-1", "kilojoules / mole", "kJ"), kT (also
     * "kbt"), case-insensitive.
     */
    public static Optional<EnergyUnit> parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace(" ", "").replace("·", "").replace("⁻¹", "-1");
        return switch (t) {
            case "kcal/mol", "kcalmol-1", "kcal/mole", "kcal", "kilocalories/mole", "kilocalories/mol" ->
                    Optional.of(KCAL_PER_MOL);
            case "kj/mol", "kjmol-1", "kj/mole", "kj", "kilojoules/mole", "kilojoules/mol" -> Optional.of(KJ_PER_MOL);
            case "kt", "kbt" -> Optional.of(KT);
            default -> Optional.empty();
        };
    }
}
