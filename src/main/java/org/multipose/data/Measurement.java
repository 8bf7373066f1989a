package org.multipose.data;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One accepted row of an affinity table, normalised to pK; replicate rows of one compound are merged into an
 * {@link AffinityLabel} by {@link Replicates}.
 *
 * @param key       (target, compound id)
 * @param reported  what the row reported (pIC50, IC50, Ki, dG, ...)
 * @param pk        −log10 of the molar quantity
 * @param qualifier censoring on pK (already flipped for concentrations and free energies)
 * @param sigmaPk   σ in pK units when the row had an error or a CI
 * @param date      measurement date when the table has one
 * @param smiles    SMILES from the table, or ""
 * @param line      1-based line of the row in its file (the header is line 1)
 */
public record Measurement(
        CompoundKey key,
        ReportedQuantity reported,
        double pk,
        Qualifier qualifier,
        OptionalDouble sigmaPk,
        Optional<LocalDate> date,
        String smiles,
        int line) {

    public Measurement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reported, "reported");
        Objects.requireNonNull(qualifier, "qualifier");
        Objects.requireNonNull(sigmaPk, "sigmaPk");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(smiles, "smiles");
        if (!Double.isFinite(pk)) {
            throw new IllegalArgumentException("pK must be finite: " + pk);
        }
    }

    public Measure measure() {
        return reported.measure();
    }
}
