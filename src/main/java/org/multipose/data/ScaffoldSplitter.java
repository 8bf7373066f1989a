package org.multipose.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Scaffold split: compounds are grouped by their Bemis–Murcko scaffold ({@link MurckoScaffold}, across targets),
 * and whole groups go to one split, so two compounds with the same scaffold are never on both sides. Groups are
 * ordered largest first (ties in an order shuffled by {@code seed}); each goes to the first of train, val, test
 * that still has room for all of it, else to the split with the most room left. Frequent scaffolds thus land in
 * train and the test split collects rare ones; the shares are met as closely as whole groups allow.
 *
 * <p>Fallbacks: all acyclic compounds (empty scaffold) form one group; a compound without SMILES, or whose SMILES
 * CDK cannot read, is a group of its own (it shares a scaffold with nobody we can tell), and
 * {@link #scaffolds} reports it as empty.
 *
 * @param seed      tie-break seed
 * @param fractions train / val / test shares
 */
public record ScaffoldSplitter(long seed, SplitFractions fractions) implements Splitter {

    public ScaffoldSplitter {
        Objects.requireNonNull(fractions, "fractions");
    }

    /** The scaffold SMILES of each compound ("" when acyclic), or empty when it has none we can compute. */
    public static Map<CompoundKey, Optional<String>> scaffolds(List<CompoundRecord> compounds) {
        MurckoScaffold murcko = new MurckoScaffold();
        Map<CompoundKey, Optional<String>> out = new TreeMap<>();
        for (CompoundRecord c : compounds) {
            out.put(c.key(), murcko.of(c.smiles()));
        }
        return out;
    }

    @Override
    public SplitAssignment assign(List<CompoundRecord> compounds) {
        Splitter.requireDistinct(compounds);
        Map<String, List<CompoundKey>> groups = new TreeMap<>();
        for (Map.Entry<CompoundKey, Optional<String>> e : scaffolds(compounds).entrySet()) {
            String group = e.getValue().map(s -> "scaffold " + s).orElse("compound " + e.getKey());
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(e.getKey());
        }
        List<List<CompoundKey>> ordered = new ArrayList<>(groups.values());
        Collections.shuffle(ordered, new Random(seed));
        ordered.sort(Comparator.comparingInt((List<CompoundKey> g) -> g.size()).reversed()); // stable: ties stay shuffled
        int[] target = fractions.counts(compounds.size());
        int[] filled = new int[3];
        Split[] splits = Split.values();
        Map<CompoundKey, Split> out = new TreeMap<>();
        for (List<CompoundKey> g : ordered) {
            int pick = -1;
            for (int i = 0; i < 3 && pick < 0; i++) {
                if (filled[i] + g.size() <= target[i]) {
                    pick = i;
                }
            }
            if (pick < 0) {
                pick = 0;
                for (int i = 1; i < 3; i++) {
                    if (target[i] - filled[i] > target[pick] - filled[pick]) {
                        pick = i;
                    }
                }
            }
            filled[pick] += g.size();
            for (CompoundKey k : g) {
                out.put(k, splits[pick]);
            }
        }
        return SplitAssignment.of(out);
    }
}
