package org.multipose.train;

/**
 * How a label bounds the true value, stated on the readout scale (pK, pIC50, kcal/mol). A measured "IC50 &gt; X"
 * becomes pIC50 {@link #LT} −log10 X: the flip happens when the label is converted, not here.
 */
public enum Qualifier {
    /** The true value equals the label. */
    EQ,
    /** The true value is below the label (a censored upper bound). */
    LT,
    /** The true value is above the label (a censored lower bound). */
    GT
}
