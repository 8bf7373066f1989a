package org.multipose.data;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a dataset's compound table: a compound with poses, its label when it has one (unlabelled compounds
 * are kept for prediction), its SMILES when known, and how many poses it has.
 *
 * @param key    (target, compound id)
 * @param label  the merged affinity label, or empty for an unlabelled compound
 * @param smiles SMILES (from the affinity table or derived from the structure), or ""
 * @param nPoses number of poses in the pose table (≥ 1)
 */
public record CompoundRecord(CompoundKey key, Optional<AffinityLabel> label, String smiles, int nPoses) {

    public CompoundRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(smiles, "smiles");
        if (label.isPresent() && !label.get().key().equals(key)) {
            throw new IllegalArgumentException("label of " + label.get().key() + " given for " + key);
        }
        if (nPoses < 1) {
            throw new IllegalArgumentException(key + ": a compound in a dataset has at least one pose, got " + nPoses);
        }
    }

    public boolean hasLabel() {
        return label.isPresent();
    }

    /** The label's measurement date, when labelled and dated. */
    public Optional<LocalDate> date() {
        return label.flatMap(AffinityLabel::date);
    }
}
