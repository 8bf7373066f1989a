package org.multipose.data;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Temporal split: train on the past, validate and test on the future. Compounds are ordered by label date (ties
 * by key); the earliest go to train, the next to val, the latest to test, in whole-compound counts from
 * {@link SplitFractions#counts}. Undated compounds (no label, or a table without dates) always go to train and
 * count towards its share, so val and test hold dated compounds only, all at least as late as any dated train
 * compound.
 *
 * @param fractions train / val / test shares
 */
public record TemporalSplitter(SplitFractions fractions) implements Splitter {

    public TemporalSplitter {
        Objects.requireNonNull(fractions, "fractions");
    }

    @Override
    public SplitAssignment assign(List<CompoundRecord> compounds) {
        Splitter.requireDistinct(compounds);
        Map<CompoundKey, Split> out = new TreeMap<>();
        List<CompoundRecord> dated = new ArrayList<>();
        for (CompoundRecord c : compounds) {
            if (c.date().isPresent()) {
                dated.add(c);
            } else {
                out.put(c.key(), Split.TRAIN);
            }
        }
        dated.sort(Comparator.comparing((CompoundRecord c) -> c.date().orElse(LocalDate.MIN))
                .thenComparing(CompoundRecord::key));
        int[] n = fractions.counts(compounds.size());
        int trainDated = Math.max(0, n[0] - out.size());
        int val = Math.min(n[1], dated.size() - Math.min(trainDated, dated.size()));
        for (int i = 0; i < dated.size(); i++) {
            Split s = i < trainDated ? Split.TRAIN : i < trainDated + val ? Split.VAL : Split.TEST;
            out.put(dated.get(i).key(), s);
        }
        return SplitAssignment.of(out);
    }
}
