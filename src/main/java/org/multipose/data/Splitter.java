package org.multipose.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule that assigns every compound of a dataset to train, val or test. All rules are deterministic: the same
 * compounds (in any order) and the same parameters give the same assignment.
 */
public sealed interface Splitter
        permits RandomSplitter, ScaffoldSplitter, TemporalSplitter, TargetSplitter, ManualSplitter {

    /** Assigns each of {@code compounds} (distinct keys) to exactly one split. */
    SplitAssignment assign(List<CompoundRecord> compounds);

    /**
     * The compounds' keys, in the given order.
     *
     * @throws IllegalArgumentException when two rows share a key: a split is by compound
     */
    static List<CompoundKey> requireDistinct(List<CompoundRecord> compounds) {
        Set<CompoundKey> seen = new HashSet<>();
        List<CompoundKey> keys = new ArrayList<>(compounds.size());
        for (CompoundRecord c : compounds) {
            if (!seen.add(c.key())) {
                throw new IllegalArgumentException("compound " + c.key() + " given twice to a splitter");
            }
            keys.add(c.key());
        }
        return keys;
    }
}
