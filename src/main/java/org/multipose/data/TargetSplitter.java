package org.multipose.data;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.multipose.base.InputException;

/**
 * Split by target: every compound of a target named in {@code valTargets} goes to val, of {@code testTargets} to
 * test, all others to train — a model is tested on proteins it never saw. Naming a target the dataset does not
 * have, or one target in both sets, is an {@link InputException}.
 *
 * @param valTargets  targets held out for validation
 * @param testTargets targets held out for testing
 */
public record TargetSplitter(Set<String> valTargets, Set<String> testTargets) implements Splitter {

    public TargetSplitter {
        valTargets = Set.copyOf(valTargets);
        testTargets = Set.copyOf(testTargets);
        SortedSet<String> both = new TreeSet<>(valTargets);
        both.retainAll(testTargets);
        if (!both.isEmpty()) {
            throw new InputException("split by target: " + both + " named for both val and test; a target belongs"
                    + " to one split");
        }
    }

    @Override
    public SplitAssignment assign(List<CompoundRecord> compounds) {
        Splitter.requireDistinct(compounds);
        SortedSet<String> present = new TreeSet<>();
        for (CompoundRecord c : compounds) {
            present.add(c.key().target());
        }
        check(valTargets, "val", present);
        check(testTargets, "test", present);
        Map<CompoundKey, Split> out = new TreeMap<>();
        for (CompoundRecord c : compounds) {
            String t = c.key().target();
            out.put(c.key(), valTargets.contains(t) ? Split.VAL : testTargets.contains(t) ? Split.TEST : Split.TRAIN);
        }
        return SplitAssignment.of(out);
    }

    private static void check(Set<String> named, String split, SortedSet<String> present) {
        for (String t : new TreeSet<>(named)) {
            if (!present.contains(t)) {
                throw new InputException("split by target: target '" + t + "' named for " + split
                        + " is not in the dataset; its targets are " + String.join(", ", present));
            }
        }
    }
}
