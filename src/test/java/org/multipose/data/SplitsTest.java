package org.multipose.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;

class SplitsTest {

    @TempDir
    Path tmp;

    private static final SplitFractions F811 = new SplitFractions(0.8, 0.1, 0.1);

    private static CompoundRecord compound(String target, String id, String smiles, LocalDate date) {
        CompoundKey k = new CompoundKey(target, id);
        Optional<AffinityLabel> label = date == null ? Optional.empty() : Optional.of(new AffinityLabel(k,
                Measure.IC50, 6.0, Qualifier.EQUAL, OptionalDouble.empty(), 1, Optional.of(date)));
        return new CompoundRecord(k, label, smiles, 1);
    }

    private static List<CompoundRecord> plain(int n) {
        List<CompoundRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(compound(i % 2 == 0 ? "a" : "b", "c" + i, "", null));
        }
        return out;
    }

    private static void assertPartition(List<CompoundRecord> compounds, SplitAssignment a) {
        assertEquals(compounds.size(), a.size());
        int total = 0;
        for (Split s : Split.values()) {
            total += a.members(s).size();
        }
        assertEquals(compounds.size(), total);
        for (CompoundRecord c : compounds) {
            assertTrue(a.find(c.key()).isPresent(), c.key().toString());
        }
    }

    @Test
    void fractionsGiveWholeCountsByLargestRemainder() {
        // by hand: 10 × (0.8, 0.1, 0.1) = 8, 1, 1; 3 × (0.5, 0.5, 0) = 1.5, 1.5, 0 -> floors 1, 1 and the left-over
        // one to train (tie); 10 × thirds = 3.33 each -> 4, 3, 3; 7 × (0.7, 0.2, 0.1) = 4.9, 1.4, 0.7 -> 5, 1, 1
        assertArrayEquals(new int[] {8, 1, 1}, F811.counts(10));
        assertArrayEquals(new int[] {2, 1, 0}, new SplitFractions(0.5, 0.5, 0).counts(3));
        assertArrayEquals(new int[] {4, 3, 3}, new SplitFractions(1 / 3.0, 1 / 3.0, 1 / 3.0).counts(10));
        assertArrayEquals(new int[] {5, 1, 1}, new SplitFractions(0.7, 0.2, 0.1).counts(7));
        assertArrayEquals(new int[] {0, 0, 0}, F811.counts(0));
        InputException e = assertThrows(InputException.class, () -> new SplitFractions(0.8, 0.2, 0.1));
        assertTrue(e.getMessage().contains("must sum to 1"), e.getMessage());
        assertThrows(InputException.class, () -> new SplitFractions(1.2, -0.1, -0.1));
        assertThrows(InputException.class, () -> new SplitFractions(Double.NaN, 0.5, 0.5));
    }

    @Test
    void randomSplitIsDeterministicAPartitionAndSeedDependent() {
        List<CompoundRecord> cs = plain(100);
        SplitAssignment a = new RandomSplitter(42, F811).assign(cs);
        assertPartition(cs, a);
        assertEquals(Map.of(Split.TRAIN, 80, Split.VAL, 10, Split.TEST, 10), a.counts());
        List<CompoundRecord> shuffled = new ArrayList<>(cs);
        Collections.shuffle(shuffled, new Random(1));
        assertEquals(a, new RandomSplitter(42, F811).assign(shuffled));
        assertNotEquals(a, new RandomSplitter(43, F811).assign(cs));
        assertThrows(IllegalArgumentException.class,
                () -> new RandomSplitter(1, F811).assign(List.of(cs.get(0), cs.get(0))));
    }

    @Test
    void murckoScaffoldsOfKnownMolecules() {
        MurckoScaffold m = new MurckoScaffold();
        // by hand: side chains go, ring systems and linkers stay, hydrogens come back
        assertEquals(Optional.of("c1ccccc1"), m.of("Cc1ccccc1"));
        assertEquals(Optional.of("c1ccccc1"), m.of("C1=CC=CC=C1CC"));           // Kekulé input
        assertEquals(Optional.of("C1CCCCC1"), m.of("C[C@H]1CC[C@@H](C)CC1"));
        assertEquals(Optional.of("n1ccc(cc1)CCc2ccccc2"), m.of("Cc1ccccc1CCc1ccncc1C"));
        assertEquals(Optional.of("c1ccc(cc1)N2CCNCC2"), m.of("CS(=O)(=O)c1ccc(N2CCNCC2)cc1.Cl.Cl")); // salt dropped
        assertEquals(Optional.of(""), m.of("CCCCO"));                          // acyclic
        assertEquals(Optional.empty(), m.of(""));
        assertEquals(Optional.empty(), m.of("not a smiles"));
    }

    @Test
    void scaffoldSplitKeepsEachScaffoldInOneSplit() {
        String[] cores = {"c1ccccc1", "c1ccncc1", "C1CCCCC1", "c1ccc2ccccc2c1", "c1ccc(cc1)N1CCNCC1", "c1ccoc1",
            "c1ccsc1", "C1CCNC1"};
        String[] subs = {"C", "CC", "O", "N", "F", "Cl", "OC"};
        List<CompoundRecord> cs = new ArrayList<>();
        Map<CompoundKey, Integer> family = new HashMap<>();
        int id = 0;
        for (int f = 0; f < cores.length; f++) {
            for (int s = 0; s < 1 + (f * 3) % subs.length; s++) {
                // substituent attached through a prefix: "CC" + "c1ccccc1" = ethylbenzene, scaffold benzene
                CompoundRecord c = compound(id % 3 == 0 ? "t1" : "t2", "m" + id++, subs[s] + cores[f], null);
                cs.add(c);
                family.put(c.key(), f);
            }
        }
        cs.add(compound("t1", "acyclic1", "CCCC", null));
        cs.add(compound("t2", "acyclic2", "CCO", null));
        cs.add(compound("t1", "nosmiles1", "", null));
        cs.add(compound("t1", "nosmiles2", "", null));
        Map<CompoundKey, Optional<String>> scaffolds = ScaffoldSplitter.scaffolds(cs);
        for (Map.Entry<CompoundKey, Integer> e : family.entrySet()) {
            assertEquals(Optional.of(new MurckoScaffold().of(cores[e.getValue()]).orElseThrow()),
                    scaffolds.get(e.getKey()), e.getKey().toString());
        }
        assertEquals(Optional.empty(), scaffolds.get(new CompoundKey("t1", "nosmiles1")));
        for (long seed = 0; seed < 20; seed++) {
            for (SplitFractions fr : List.of(F811, new SplitFractions(0.6, 0.2, 0.2), new SplitFractions(0.5, 0, 0.5))) {
                SplitAssignment a = new ScaffoldSplitter(seed, fr).assign(cs);
                assertPartition(cs, a);
                Map<Integer, Split> splitOfFamily = new HashMap<>();
                for (Map.Entry<CompoundKey, Integer> e : family.entrySet()) {
                    Split s = a.find(e.getKey()).orElseThrow();
                    Split before = splitOfFamily.putIfAbsent(e.getValue(), s);
                    assertTrue(before == null || before == s, "scaffold " + cores[e.getValue()] + " split across "
                            + before + " and " + s + " (seed " + seed + ")");
                }
                assertEquals(a.find(new CompoundKey("t1", "acyclic1")), a.find(new CompoundKey("t2", "acyclic2")));
                List<CompoundRecord> reversed = new ArrayList<>(cs);
                Collections.reverse(reversed);
                assertEquals(a, new ScaffoldSplitter(seed, fr).assign(reversed));
            }
        }
    }

    @Test
    void temporalSplitPutsThePastInTrainAndUndatedInTrain() {
        List<CompoundRecord> cs = new ArrayList<>();
        Random rnd = new Random(3);
        for (int i = 0; i < 40; i++) {
            cs.add(compound("t", "d" + i, "", LocalDate.of(2020, 1, 1).plusDays(rnd.nextInt(30))));
        }
        for (int i = 0; i < 4; i++) {
            cs.add(compound("t", "u" + i, "", null));
        }
        SplitAssignment a = new TemporalSplitter(new SplitFractions(0.5, 0.25, 0.25)).assign(cs);
        assertPartition(cs, a);
        // 44 × (0.5, 0.25, 0.25) = 22, 11, 11: 4 undated + 18 earliest dated in train
        assertEquals(Map.of(Split.TRAIN, 22, Split.VAL, 11, Split.TEST, 11), a.counts());
        LocalDate maxTrain = LocalDate.MIN;
        LocalDate minVal = LocalDate.MAX;
        LocalDate maxVal = LocalDate.MIN;
        LocalDate minTest = LocalDate.MAX;
        for (CompoundRecord c : cs) {
            Split s = a.find(c.key()).orElseThrow();
            if (c.date().isEmpty()) {
                assertEquals(Split.TRAIN, s, c.key().toString());
                continue;
            }
            LocalDate d = c.date().get();
            switch (s) {
                case TRAIN -> maxTrain = max(maxTrain, d);
                case VAL -> {
                    minVal = min(minVal, d);
                    maxVal = max(maxVal, d);
                }
                case TEST -> minTest = min(minTest, d);
            }
        }
        assertTrue(!maxTrain.isAfter(minVal) && !maxVal.isAfter(minTest),
                maxTrain + " " + minVal + " " + maxVal + " " + minTest);
        List<CompoundRecord> shuffled = new ArrayList<>(cs);
        Collections.shuffle(shuffled, new Random(9));
        assertEquals(a, new TemporalSplitter(new SplitFractions(0.5, 0.25, 0.25)).assign(shuffled));
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    @Test
    void targetSplitHoldsOutNamedTargets() {
        List<CompoundRecord> cs = List.of(compound("tyk2", "a", "", null), compound("p38", "a", "", null),
                compound("mcl1", "b", "", null), compound("mcl1", "c", "", null));
        SplitAssignment a = new TargetSplitter(Set.of("p38"), Set.of("mcl1")).assign(cs);
        assertPartition(cs, a);
        assertEquals(Optional.of(Split.TRAIN), a.find(new CompoundKey("tyk2", "a")));
        assertEquals(Optional.of(Split.VAL), a.find(new CompoundKey("p38", "a")));
        assertEquals(List.of(new CompoundKey("mcl1", "b"), new CompoundKey("mcl1", "c")), a.members(Split.TEST));
        InputException unknown = assertThrows(InputException.class,
                () -> new TargetSplitter(Set.of(), Set.of("cdk2")).assign(cs));
        assertTrue(unknown.getMessage().contains("'cdk2'") && unknown.getMessage().contains("mcl1, p38, tyk2"),
                unknown.getMessage());
        assertThrows(InputException.class, () -> new TargetSplitter(Set.of("p38"), Set.of("p38")));
    }

    @Test
    void splitFilesRoundTripAndManualSplitsAreChecked() throws IOException {
        List<CompoundRecord> cs = new ArrayList<>(plain(10));
        cs.add(compound("a", "with, comma", "", null));
        SplitAssignment a = new RandomSplitter(5, new SplitFractions(0.6, 0.2, 0.2)).assign(cs);
        Path f = tmp.resolve("split.csv");
        a.write(f);
        assertTrue(Files.readString(f).startsWith("target,compound_id,split\na,c0,"), Files.readString(f));
        assertTrue(Files.readString(f).contains("a,\"with, comma\","));
        assertEquals(a, new ManualSplitter(f).assign(cs));

        List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
        assertManualError(cs, withLine(lines, "a,ghost,train"), "line 13: compound a/ghost is not in the dataset");
        assertManualError(cs, withLine(lines, "a,c0,test"), "line 13: compound a/c0 already has a split on line 2");
        List<String> badName = new ArrayList<>(lines);
        badName.set(3, "a,c2,training");
        assertManualError(cs, badName, "line 4: split 'training' is not one of train, val, test");
        assertManualError(cs, lines.subList(0, 10), "2 compound(s) of the dataset have no split (first: b/c7, b/c9)");
        List<String> noHeader = new ArrayList<>(lines);
        noHeader.set(0, "target,name,split");
        assertManualError(cs, noHeader, "column 'compound_id'");
        List<String> both = new ArrayList<>(lines);
        both.set(0, "target,compound_id,split,id");
        assertManualError(cs, both, "the header has both compound_id and id");
        assertManualError(cs, withLine(lines, "a,c1"), "line 13: 2 fields, the header has 3");
    }

    @Test
    void aManualSplitMayCallTheIdColumnIdAndNameUnlabelledCompounds() throws IOException {
        // configs/reference.yaml documents "columns target, id, split"; the written form is compound_id
        List<CompoundRecord> labelled = plain(4);
        Path f = tmp.resolve("given.csv");
        Files.writeString(f, "split,target,id\ntrain,a,c0\ntest,b,c1\nval,a,c2\ntrain,b,c3\ntest,b,unlabelled7\n");
        CompoundKey unlabelled = new CompoundKey("b", "unlabelled7");
        SplitAssignment a = new ManualSplitter(f, Set.of(unlabelled)).assign(labelled);
        assertEquals(4, a.size(), "the unlabelled compound is not split: it is not scored");
        assertEquals(Optional.of(Split.TEST), a.find(new CompoundKey("b", "c1")));
        assertEquals(Optional.empty(), a.find(unlabelled));
        assertEquals(Map.of(Split.TRAIN, 2, Split.VAL, 1, Split.TEST, 1), a.counts());
        // a compound that is in no dataset is still an error (a typo in the target or id)
        InputException e = assertThrows(InputException.class, () -> new ManualSplitter(f).assign(labelled));
        assertTrue(e.getMessage().endsWith("line 6: compound b/unlabelled7 is not in the dataset; remove the row or"
                + " check the target and id spelling"), e.getMessage());
    }

    private static List<String> withLine(List<String> lines, String extra) {
        List<String> out = new ArrayList<>(lines);
        out.add(extra);
        return out;
    }

    private void assertManualError(List<CompoundRecord> cs, List<String> lines, String expected) throws IOException {
        Path f = tmp.resolve("bad.csv");
        Files.write(f, lines, StandardCharsets.UTF_8);
        InputException e = assertThrows(InputException.class, () -> new ManualSplitter(f).assign(cs));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
}
