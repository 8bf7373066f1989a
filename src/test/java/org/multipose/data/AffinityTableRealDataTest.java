package org.multipose.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.multipose.base.Reject;
import org.multipose.testsupport.SharedData;

/**
 * The real tables under ../shared/data. Counts were verified by hand with awk / a plain Python csv reader (see the
 * comments); the tests skip when the shared data is absent.
 */
class AffinityTableRealDataTest {

    private static final AffinityTableOptions PLB_VINA = AffinityTableOptions.defaults()
            .withValueColumn("original_value").withUnitColumn("original_unit").withStderrColumn("error")
            .withQualifierColumn("qualifier");

    private static final AffinityTableOptions MOONSHOT = AffinityTableOptions.defaults()
            .withIdColumn("Canonical_PostEra_ID").withValueColumn("IC50_(µM)").withFixedMeasure("IC50")
            .withFixedUnit("uM").withFixedTarget("sars-cov-2-mpro")
            .withCiColumns("IC50_CI_(Lower)_(µM)", "IC50_CI_(Upper)_(µM)").withSmilesColumn("suspected_SMILES");

    @Test
    void plbVinaAffinities() throws IOException {
        Path file = SharedData.require().resolve("plb-vina/affinities.csv");
        AffinityTable t = AffinityTable.read(file, PLB_VINA);
        // awk -F, 'NR>1{c[$1]++}': 99 rows; tyk2 13, p38 29, mcl1 25, ptp1b 22, cdk2 10
        assertEquals(99, t.rowsRead());
        assertEquals(List.of(), t.rejects());
        assertEquals(Map.of("tyk2", 13, "p38", 29, "mcl1", 25, "ptp1b", 22, "cdk2", 10), t.labelsPerTarget());
        // awk: measure ki 60 (tyk2, mcl1, ptp1b), ic50 39 (p38, cdk2); 76 rows with an error, 23 without
        long ki = t.labels().stream().filter(l -> l.measure() == Measure.KI).count();
        assertEquals(60, ki);
        assertEquals(39, t.labels().size() - ki);
        assertEquals(76, t.labels().stream().filter(l -> l.sigmaPk().isPresent()).count());
        assertTrue(t.labels().stream().noneMatch(AffinityLabel::isCensored));
        // Our pK agrees with the file's own pK column (4 decimals) on every row.
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.strip().split(",", -1);
            AffinityLabel l = t.label(new CompoundKey(f[0], f[1])).orElseThrow();
            assertEquals(Double.parseDouble(f[2]), l.pk(), 5.1e-5, line);
        }
        // first row by hand: Ki 0.096 uM ± 0.029 -> pK 7.0177, σ = 0.029/(0.096 ln 10) = 0.13119
        AffinityLabel first = t.label(new CompoundKey("tyk2", "lig_ejm_31")).orElseThrow();
        assertEquals(0.13119312474160733, first.sigmaPk().getAsDouble(), 1e-12);
    }

    @Test
    void plbVinaWithASigmaLimit() {
        Path file = SharedData.require().resolve("plb-vina/affinities.csv");
        AffinityTable t = AffinityTable.read(file, PLB_VINA.withSigmaLimit(0.25));
        // awk: e/(X ln 10) > 0.25 on line 18 (p38 lig_p38a_2ee, 1 ± 0.6 nM: 0.2606) and line 91 (cdk2 lig_17,
        // 6.8 ± 4.8 uM: 0.3066)
        assertEquals(97, t.labels().size());
        assertEquals(2, t.rejects().size());
        Reject a = t.rejects().get(0);
        assertEquals("line 18", a.record());
        assertEquals("lig_p38a_2ee", a.compound());
        assertTrue(a.reason().startsWith("σ above limit: σ = 0.2606 pK"), a.reason());
        assertEquals("line 91", t.rejects().get(1).record());
        assertEquals("lig_17", t.rejects().get(1).compound());
    }

    @Test
    void moonshotAchiralIc50() {
        Path file = SharedData.require().resolve("moonshot-ic50/cdd_achiral_enantiopure_dates_2023_10_18_filt.csv");
        AffinityTable t = AffinityTable.read(file, MOONSHOT);
        // python csv + awk: 803 rows, ids unique; values '> x' 338, '< x' 3, plain 462; one plain row (line 690)
        // has the text "(IC50 CI (Lower) could not be calculated; ...)" in both CI columns.
        assertEquals(803, t.rowsRead());
        assertEquals(802, t.labels().size());
        assertEquals(1, t.rejects().size());
        Reject r = t.rejects().get(0);
        assertEquals("line 690", r.record());
        assertTrue(r.reason().startsWith("non-numeric CI bound: '(IC50 CI (Lower) could not be calculated"),
                r.reason());
        assertEquals(338, count(t, Qualifier.LESS));   // IC50 > X: pIC50 < -log10 X
        assertEquals(3, count(t, Qualifier.GREATER));  // IC50 < X: pIC50 > -log10 X
        assertEquals(461, count(t, Qualifier.EQUAL));
        assertEquals(461, t.labels().stream().filter(l -> l.sigmaPk().isPresent()).count());
        // line 3 by hand: AAR-POS-8a4e0f60-7, 37.8 uM, CI [32.7, 43.8] -> pK 4.42251, σ 0.0323792
        AffinityLabel l = t.label(new CompoundKey("sars-cov-2-mpro", "AAR-POS-8a4e0f60-7")).orElseThrow();
        assertEquals(4.422508200162775, l.pk(), 1e-12);
        assertEquals(0.032379172919340136, l.sigmaPk().getAsDouble(), 1e-12);
        assertEquals(Measure.IC50, l.measure());
        assertEquals("CN(C(=O)Cn1nnc2ccccc21)c1ccc(Oc2ccc(C(F)(F)F)cn2)cc1", t.smiles(l.key()));
        // line 2: '> 99.5' -> pK < 4.00218
        AffinityLabel weak = t.label(new CompoundKey("sars-cov-2-mpro", "AAR-POS-5507155c-1")).orElseThrow();
        assertEquals(4.002176919254275, weak.pk(), 1e-12);
        assertEquals(Qualifier.LESS, weak.qualifier());
    }

    @Test
    void moonshotNoncovalentReplicates() {
        Path file = SharedData.require().resolve("moonshot-ic50/cdd_noncovalent_dates_2023_10_18_filt.csv");
        AffinityTable t = AffinityTable.read(file, MOONSHOT);
        // python csv + awk: 2146 rows, 1889 distinct ids (199 ids repeated); one row (line 235) with a text CI;
        // 27 censored rows share their id with an exact row (superseded); no id has bounds both ways.
        // Per id: 1236 with an exact value, 647 only '>' (pK <), 6 only '<' (pK >).
        assertEquals(2146, t.rowsRead());
        assertEquals(1889, t.labels().size());
        assertEquals(28, t.rejects().size());
        assertEquals(1, t.rejects().stream().filter(r -> r.reason().startsWith("non-numeric CI bound")).count());
        assertEquals("line 235", t.rejects().stream().filter(r -> r.reason().startsWith("non-numeric CI bound"))
                .findFirst().orElseThrow().record());
        assertEquals(27, t.rejects().stream()
                .filter(r -> r.reason().startsWith("censored replicate superseded")).count());
        assertEquals(1236, count(t, Qualifier.EQUAL));
        assertEquals(647, count(t, Qualifier.LESS));
        assertEquals(6, count(t, Qualifier.GREATER));
        assertEquals(2146 - 28, t.labels().stream().mapToInt(AffinityLabel::nMeasurements).sum());
    }

    private static long count(AffinityTable t, Qualifier q) {
        return t.labels().stream().filter(l -> l.qualifier() == q).count();
    }
}
