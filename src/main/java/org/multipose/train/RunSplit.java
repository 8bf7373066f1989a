package org.multipose.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.multipose.config.SplitConfig;
import org.multipose.data.CompoundKey;
import org.multipose.data.CompoundRecord;
import org.multipose.data.ManualSplitter;
import org.multipose.data.RandomSplitter;
import org.multipose.data.ScaffoldSplitter;
import org.multipose.data.Split;
import org.multipose.data.SplitAssignment;
import org.multipose.data.SplitFractions;
import org.multipose.data.TargetSplitter;
import org.multipose.data.TemporalSplitter;

/**
 * The split of a run's labelled compounds by the config's {@code split} section, using the data package's splitters.
 * Method {@code target}: with {@code holdout_targets}, those targets are the test set and the other compounds are
 * split randomly into train and val in the ratio of their fractions; without, whole targets are shuffled (by the
 * split seed) and assigned to train / val / test by the fractions (largest-remainder counts of targets).
 */
public final class RunSplit {

    private RunSplit() {
    }

    /** The assignment of {@code labelled} (compounds with a label). */
    public static SplitAssignment assign(SplitConfig split, long seed, List<CompoundRecord> labelled) {
        return assign(split, seed, labelled, Set.of());
    }

    /**
     * The assignment of {@code labelled}; a manual split file may also name the {@code unscored} compounds of the
     * dataset (no label, or no pose left by the pose selection), which are left out.
     */
    public static SplitAssignment assign(SplitConfig split, long seed, List<CompoundRecord> labelled,
            Set<CompoundKey> unscored) {
        List<Double> f = split.fractions();
        SplitFractions fractions = new SplitFractions(f.get(0), f.get(1), f.get(2));
        return switch (split.method()) {
            case RANDOM -> new RandomSplitter(seed, fractions).assign(labelled);
            case SCAFFOLD -> new ScaffoldSplitter(seed, fractions).assign(labelled);
            case TEMPORAL -> new TemporalSplitter(fractions).assign(labelled);
            case MANUAL -> new ManualSplitter(split.file().orElseThrow(), unscored).assign(labelled);
            case TARGET -> byTarget(split, seed, fractions, labelled);
        };
    }

    private static SplitAssignment byTarget(SplitConfig split, long seed, SplitFractions fractions,
            List<CompoundRecord> labelled) {
        if (!split.holdoutTargets().isEmpty()) {
            Set<String> test = new HashSet<>(split.holdoutTargets());
            SplitAssignment held = new TargetSplitter(Set.of(), test).assign(labelled);
            List<CompoundRecord> rest = new ArrayList<>();
            for (CompoundRecord c : labelled) {
                if (!test.contains(c.key().target())) {
                    rest.add(c);
                }
            }
            double tv = fractions.train() + fractions.val();
            SplitFractions inner = tv > 0 ? new SplitFractions(fractions.train() / tv, fractions.val() / tv, 0)
                    : new SplitFractions(1, 0, 0);
            Map<CompoundKey, Split> out = new TreeMap<>(held.asMap());
            out.putAll(new RandomSplitter(seed, inner).assign(rest).asMap());
            return SplitAssignment.of(out);
        }
        List<String> targets = new ArrayList<>(new TreeSet<>(labelled.stream().map(c -> c.key().target()).toList()));
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = targets.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            String t = targets.get(i);
            targets.set(i, targets.get(j));
            targets.set(j, t);
        }
        int[] counts = fractions.counts(targets.size());
        Set<String> val = new HashSet<>(targets.subList(counts[0], counts[0] + counts[1]));
        Set<String> test = new HashSet<>(targets.subList(counts[0] + counts[1], targets.size()));
        return new TargetSplitter(val, test).assign(labelled);
    }
}
