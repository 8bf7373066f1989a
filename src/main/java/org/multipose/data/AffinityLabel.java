package org.multipose.data;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The affinity label of one compound after merging its replicate measurements (rule in {@link Replicates}). A
 * SMILES given in the table belongs to the compound, not to the label: {@link AffinityTable#smiles}.
 *
 * @param key           (target, compound id)
 * @param measure       the assay measure (IC50, Ki, Kd, dG) — the readout is chosen from it (MATH.md §3)
 * @param pk            pK = −log10 of the molar quantity (for dG labels: −ΔG/(RT ln 10))
 * @param qualifier     censoring on pK: {@code >} = the true pK is above {@code pk}
 * @param sigmaPk       σ in pK units, when known
 * @param nMeasurements number of table rows merged into this label (≥ 1)
 * @param date          earliest measurement date, when the table has dates
 */
public record AffinityLabel(
        CompoundKey key,
        Measure measure,
        double pk,
        Qualifier qualifier,
        OptionalDouble sigmaPk,
        int nMeasurements,
        Optional<LocalDate> date) {

    public AffinityLabel {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(qualifier, "qualifier");
        Objects.requireNonNull(sigmaPk, "sigmaPk");
        Objects.requireNonNull(date, "date");
        if (!Double.isFinite(pk)) {
            throw new IllegalArgumentException("pK must be finite: " + pk);
        }
        if (sigmaPk.isPresent() && !(sigmaPk.getAsDouble() >= 0)) {
            throw new IllegalArgumentException("σ must be ≥ 0: " + sigmaPk);
        }
        if (nMeasurements < 1) {
            throw new IllegalArgumentException("nMeasurements must be ≥ 1: " + nMeasurements);
        }
    }

    /** ΔG/(RT) = −pK·ln 10, in kT (lower = tighter). Its censoring direction is the opposite of {@link #qualifier}. */
    public double dgKt() {
        return AffinityConversion.dgKtFromPk(pk);
    }

    public boolean isCensored() {
        return qualifier.isCensored();
    }
}
