package org.multipose.data;

import java.util.Locale;
import java.util.Optional;

/** A molar concentration unit with its factor to mol/L. */
public enum ConcentrationUnit {
    M(1.0),
    MM(1e-3),
    UM(1e-6),
    NM(1e-9),
    PM(1e-12),
    FM(1e-15);

    private final double toMolar;

    ConcentrationUnit(double toMolar) {
        this.toMolar = toMolar;
    }

    /** Multiply a value in this unit by this factor to get mol/L. */
    public double toMolar() {
        return toMolar;
    }

    /**
     * Parses M, mM, uM / µM (micro sign) / μM (Greek mu), nM, pM, fM, also spelt "nmol/L", "nanomolar" etc. The
     * single letter "M" is case-sensitive (molar); the prefixed forms are not ("nm" = nM).
     */
    public static Optional<ConcentrationUnit> parse(String s) {
        String t = s.trim();
        if (t.equals("M") || t.equalsIgnoreCase("mol/L") || t.equalsIgnoreCase("molar")) {
            return Optional.of(M);
        }
        t = t.replace('µ', 'u').replace('μ', 'u').toLowerCase(Locale.ROOT);
        if (t.endsWith("mol/l")) {
            t = t.substring(0, t.length() - "mol/l".length()) + "m";
        } else if (t.endsWith("molar")) {
            t = switch (t) {
                case "millimolar" -> "mm";
                case "micromolar" -> "um";
                case "nanomolar" -> "nm";
                case "picomolar" -> "pm";
                case "femtomolar" -> "fm";
                default -> t;
            };
        }
        return switch (t) {
            case "mm" -> Optional.of(MM);
            case "um" -> Optional.of(UM);
            case "nm" -> Optional.of(NM);
            case "pm" -> Optional.of(PM);
            case "fm" -> Optional.of(FM);
            default -> Optional.empty();
        };
    }
}
