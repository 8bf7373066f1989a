package org.multipose.data;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random split by compound: the keys, sorted, are shuffled with {@code java.util.Random(seed)} (a specified
 * generator, so the same seed gives the same split on every JVM), then cut into train, val and test by
 * {@link SplitFractions#counts}.
 *
 * @param seed      shuffle seed
 * @param fractions train / val / test shares
 */
public record RandomSplitter(long seed, SplitFractions fractions) implements Splitter {

    public RandomSplitter {
        Objects.requireNonNull(fractions, "fractions");
    }

    @Override
    public SplitAssignment assign(List<CompoundRecord> compounds) {
        List<CompoundKey> keys = Splitter.requireDistinct(compounds);
        Collections.sort(keys);
        Collections.shuffle(keys, new Random(seed));
        int[] n = fractions.counts(keys.size());
        Map<CompoundKey, Split> out = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i), i < n[0] ? Split.TRAIN : i < n[0] + n[1] ? Split.VAL : Split.TEST);
        }
        return SplitAssignment.of(out);
    }
}
