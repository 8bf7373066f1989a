package org.multipose.data;

import java.util.Locale;
import java.util.Optional;

/**
 * What one row of an affinity table reports: the assay {@link Measure} and the form of the number (a p-value, a
 * concentration, or a binding free energy). pIC50 and IC50 both map to {@link Measure#IC50}.
 */
public enum ReportedQuantity {
    PIC50(Measure.IC50, Form.P_VALUE),
    PKI(Measure.KI, Form.P_VALUE),
    PKD(Measure.KD, Form.P_VALUE),
    IC50(Measure.IC50, Form.CONCENTRATION),
    KI(Measure.KI, Form.CONCENTRATION),
    KD(Measure.KD, Form.CONCENTRATION),
    DG(Measure.DG, Form.FREE_ENERGY);

    /** How the number is expressed, which decides the unit and the direction of the pK transform. */
    public enum Form {
        /** −log10 of a molar concentration; no unit; increasing in pK. */
        P_VALUE,
        /** A concentration with a {@link ConcentrationUnit}; decreasing in pK. */
        CONCENTRATION,
        /** A binding free energy with an {@link EnergyUnit} (negative = binds); decreasing in pK. */
        FREE_ENERGY
    }

    private final Measure measure;
    private final Form form;

    ReportedQuantity(Measure measure, Form form) {
        this.measure = measure;
        this.form = form;
    }

    public Measure measure() {
        return measure;
    }

    public Form form() {
        return form;
    }

    /** The name as a table would write it: pIC50, pKi, pKd, IC50, Ki, Kd, dG. */
    public String label() {
        return form == Form.P_VALUE ? "p" + measure.label() : measure.label();
    }

    /** True when a larger number means weaker binding, so a qualifier flips on the way to pK. */
    public boolean decreasingInPk() {
        return form != Form.P_VALUE;
    }

    /**
     * Parses a measure name as found in assay tables, case-insensitive: pIC50, pKi, pKd, IC50, Ki, Kd, and for the
     * free energy dG, ΔG, deltaG, delta_g.
     */
    public static Optional<ReportedQuantity> parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        return switch (t) {
            case "pic50" -> Optional.of(PIC50);
            case "pki" -> Optional.of(PKI);
            case "pkd" -> Optional.of(PKD);
            case "ic50" -> Optional.of(IC50);
            case "ki" -> Optional.of(KI);
            case "kd" -> Optional.of(KD);
            case "dg", "δg", "∆g", "deltag", "delta_g", "dg_bind" -> Optional.of(DG);
            default -> Optional.empty();
        };
    }
}
