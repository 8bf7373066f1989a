package org.multipose.config;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Readout from the combined free energy (kT) to the assay's unit (MATH.md §3).
 *
 * @param kind         the readout; {@code auto} picks it per label from the label's measure
 * @param temperature  for kcal/mol, K
 * @param chengPrusoff per target: substrate concentration and Km for the pIC50 readout
 */
public record ReadoutConfig(
        @Doc("readout; auto = per label from its measure") Kind kind,
        @Range(min = 0, minOpen = true) @Doc(value = "temperature of the kcal/mol readout", unit = "K")
                double temperature,
        @Doc("target → {substrate, km} for Cheng–Prusoff pIC50 (IC50 ≈ Ki when absent)")
                Map<String, ChengPrusoff> chengPrusoff) {

    /** Readouts. */
    public enum Kind { AUTO, PK, PIC50, KCAL_MOL }

    public ReadoutConfig {
        Objects.requireNonNull(kind, "kind");
        chengPrusoff = Collections.unmodifiableMap(new TreeMap<>(chengPrusoff));
    }

    public static ReadoutConfig defaults() {
        return new ReadoutConfig(Kind.AUTO, 298.15, Map.of());
    }
}
