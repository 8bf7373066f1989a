package org.multipose.data;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identifies a compound: the same ligand name can occur for two targets, so a compound is the pair (target,
 * compound id). Ordered by target, then compound id (plain {@link String#compareTo}), which is the order of the rows
 * in a dataset's compound and pose tables.
 *
 * @param target     target name (e.g. "tyk2"), non-blank
 * @param compoundId compound id within the target (e.g. "lig_ejm_31"), non-blank
 */
public record CompoundKey(String target, String compoundId) implements Comparable<CompoundKey> {

    private static final Comparator<CompoundKey> ORDER =
            Comparator.comparing(CompoundKey::target).thenComparing(CompoundKey::compoundId);

    public CompoundKey {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(compoundId, "compoundId");
        if (target.isBlank() || compoundId.isBlank()) {
            throw new IllegalArgumentException("blank target or compound id: (" + target + ", " + compoundId + ")");
        }
    }

    @Override
    public int compareTo(CompoundKey o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return target + "/" + compoundId;
    }
}
