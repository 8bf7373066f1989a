package org.multipose.data;

import java.util.Locale;
import java.util.Optional;

/**
 * The assay quantity behind a label, kept per label because the readout depends on it (MATH.md §3): an IC50 label
 * is read out through Cheng–Prusoff, a Ki or Kd label as pK, a ΔG label in energy units. pIC50 and IC50 rows both
 * carry {@link #IC50}; the logarithmic or linear form of the input is a property of the row
 * ({@link ReportedQuantity}), not of the label.
 */
public enum Measure {
    IC50("IC50"),
    KI("Ki"),
    KD("Kd"),
    DG("dG");

    private final String label;

    Measure(String label) {
        this.label = label;
    }

    /** The name written into the dataset's {@code measure} column: IC50, Ki, Kd or dG. */
    public String label() {
        return label;
    }

    /** Parses a name written by {@link #label()} (case-insensitive). */
    public static Optional<Measure> fromLabel(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        for (Measure m : values()) {
            if (m.label.toLowerCase(Locale.ROOT).equals(t)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
