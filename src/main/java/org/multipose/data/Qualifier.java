package org.multipose.data;

import java.util.Optional;

/**
 * The censoring of a measurement: exact, or a bound. On a stored label the qualifier always refers to pK: {@code >}
 * means the true pK is above the stored value (binding at least that tight). Concentrations and free energies
 * flip direction on the way to pK (IC50 &gt; X ⇒ pIC50 &lt; −log10 X; ΔG &lt; X ⇒ pK &gt; −X/(RT ln 10)), and the
 * label's ΔG in kT ({@code dg_kt}) carries the opposite direction of its pK.
 */
public enum Qualifier {
    EQUAL("="),
    LESS("<"),
    GREATER(">");

    private final String symbol;

    Qualifier(String symbol) {
        this.symbol = symbol;
    }

    /** "=", "&lt;" or "&gt;". */
    public String symbol() {
        return symbol;
    }

    /** The direction after a decreasing transform (concentration → pK, ΔG → pK). */
    public Qualifier flipped() {
        return switch (this) {
            case EQUAL -> EQUAL;
            case LESS -> GREATER;
            case GREATER -> LESS;
        };
    }

    public boolean isCensored() {
        return this != EQUAL;
    }

    /**
     * Parses a qualifier as found in assay tables: "", "=", "==", "~" (approximately; treated as exact), "&lt;",
     * "&lt;=", "≤", "&gt;", "&gt;=", "≥" (an inclusive bound is treated as the bound itself). Nothing else: "&gt;&gt;"
     * ("much greater") has no bound to train on and is refused.
     */
    public static Optional<Qualifier> parse(String s) {
        return switch (s.trim()) {
            case "", "=", "==", "~" -> Optional.of(EQUAL);
            case "<", "<=", "≤" -> Optional.of(LESS);
            case ">", ">=", "≥" -> Optional.of(GREATER);
            default -> Optional.empty();
        };
    }

    /** Parses a symbol written by {@link #symbol()}. */
    public static Optional<Qualifier> fromSymbol(String s) {
        for (Qualifier q : values()) {
            if (q.symbol.equals(s)) {
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }
}
