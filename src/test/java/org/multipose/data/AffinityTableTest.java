package org.multipose.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.base.Reject;

/** Expected pK and σ literals come from src/test/python/affinity_literals.py; tolerance 1e-12 absolute. */
class AffinityTableTest {

    private static final double TOL = 1e-12;

    @TempDir
    Path dir;

    private static final AffinityTableOptions FULL = AffinityTableOptions.defaults()
            .withQualifierColumn("qualifier")
            .withStderrColumn("error")
            .withCiColumns("ci_lo", "ci_hi")
            .withDateColumn("date")
            .withSmilesColumn("smiles");

    private static final String HEADER = "target,compound_id,value,measure,unit,qualifier,error,ci_lo,ci_hi,date,smiles";

    private Path write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    private static AffinityLabel label(AffinityTable t, String target, String id) {
        return t.label(new CompoundKey(target, id)).orElseThrow(() -> new AssertionError("no label " + id));
    }

    @Test
    void unitConversionsKeepTheMeasure() throws IOException {
        Path p = write("a.csv", HEADER,
                "t,ki10nM,10,Ki,nM,,,,,,",
                "t,ic250uM,250,IC50,uM,,,,,,",
                "t,pic,6.5,pIC50,,,,,,,",
                "t,kd3pM,3,Kd,pM,,,,,,",
                "t,dgkcal,-10,dG,kcal/mol,,,,,,",
                "t,dgkj,-40,ΔG,kJ/mol,,,,,,",
                "t,ic2mM,2,ic50,mM,,,,,,",
                "t,ki05M,0.5,ki,M,,,,,,",
                "t,kimicro,250,Ki,µM,,,,,,");
        AffinityTable t = AffinityTable.read(p, FULL);
        assertEquals(List.of(), t.rejects());
        assertEquals(9, t.labels().size());
        assertEquals(8.0, label(t, "t", "ki10nM").pk(), TOL);
        assertEquals(Measure.KI, label(t, "t", "ki10nM").measure());
        assertEquals(3.6020599913279625, label(t, "t", "ic250uM").pk(), TOL);
        assertEquals(Measure.IC50, label(t, "t", "ic250uM").measure());
        assertEquals(6.5, label(t, "t", "pic").pk(), TOL);
        assertEquals(Measure.IC50, label(t, "t", "pic").measure());
        assertEquals(11.522878745280337, label(t, "t", "kd3pM").pk(), TOL);
        assertEquals(Measure.KD, label(t, "t", "kd3pM").measure());
        assertEquals(7.3300508666265465, label(t, "t", "dgkcal").pk(), TOL);
        assertEquals(Measure.DG, label(t, "t", "dgkcal").measure());
        assertEquals(-7.3300508666265465 * Math.log(10), label(t, "t", "dgkcal").dgKt(), 1e-11);
        assertEquals(7.007696813218495, label(t, "t", "dgkj").pk(), TOL);
        assertEquals(2.6989700043360187, label(t, "t", "ic2mM").pk(), TOL);
        assertEquals(0.3010299956639812, label(t, "t", "ki05M").pk(), TOL);
        assertEquals(3.6020599913279625, label(t, "t", "kimicro").pk(), TOL);
        for (AffinityLabel l : t.labels()) {
            assertEquals(Qualifier.EQUAL, l.qualifier());
            assertEquals(1, l.nMeasurements());
            assertTrue(l.sigmaPk().isEmpty());
        }
    }

    @Test
    void temperatureIsAnOption() throws IOException {
        Path p = write("t.csv", HEADER, "t,dg,-10,dG,kcal/mol,,,,,,");
        AffinityTable t = AffinityTable.read(p, FULL.withTemperatureK(310));
        assertEquals(7.049853760918403, label(t, "t", "dg").pk(), TOL);
    }

    @Test
    void qualifiersFlipForConcentrationsAndFreeEnergiesOnly() throws IOException {
        Path p = write("q.csv", HEADER,
                "t,weak,> 99.5,IC50,uM,,,,,,",
                "t,potent,<0.05,IC50,uM,,,,,,",
                "t,pgt,>6,pIC50,,,,,,,",
                "t,dglt,<-12,dG,kcal/mol,,,,,,",
                "t,col,10,Ki,nM,<,,,,,",
                "t,both,>5,IC50,nM,>,,,,,",
                "t,colp,6,pKi,,<=,,,,,");
        AffinityTable t = AffinityTable.read(p, FULL);
        assertEquals(List.of(), t.rejects());
        assertEquals(4.002176919254275, label(t, "t", "weak").pk(), TOL);
        assertEquals(Qualifier.LESS, label(t, "t", "weak").qualifier());
        assertEquals(7.301029995663981, label(t, "t", "potent").pk(), TOL);
        assertEquals(Qualifier.GREATER, label(t, "t", "potent").qualifier());
        assertEquals(6.0, label(t, "t", "pgt").pk(), TOL);
        assertEquals(Qualifier.GREATER, label(t, "t", "pgt").qualifier());
        assertEquals(8.796061039951855, label(t, "t", "dglt").pk(), TOL);
        assertEquals(Qualifier.GREATER, label(t, "t", "dglt").qualifier()); // ΔG below -12: tighter binding
        assertEquals(8.0, label(t, "t", "col").pk(), TOL);
        assertEquals(Qualifier.GREATER, label(t, "t", "col").qualifier());
        assertEquals(Qualifier.LESS, label(t, "t", "both").qualifier());
        assertEquals(Qualifier.LESS, label(t, "t", "colp").qualifier());
        assertTrue(label(t, "t", "weak").isCensored());
    }

    @Test
    void errorsAndIntervalsBecomeSigmaInPk() throws IOException {
        Path p = write("s.csv", HEADER,
                "t,err,0.096,Ki,uM,,0.029,,,,",
                "t,ci,37.8,IC50,uM,,,32.7,43.8,,",
                "t,cipref,37.8,IC50,uM,,5.0,32.7,43.8,,",
                "t,pci,6.5,pIC50,,,,6.1,6.9,,",
                "t,perr,6.5,pIC50,,,0.25,,,,",
                "t,dgerr,-10,dG,kcal/mol,,0.5,,,,",
                "t,dgci,-10,dG,kJ/mol,,,-11,-9,,");
        AffinityTable t = AffinityTable.read(p, FULL);
        assertEquals(List.of(), t.rejects());
        assertEquals(0.13119312474160733, label(t, "t", "err").sigmaPk().getAsDouble(), TOL);
        assertEquals(0.032379172919340136, label(t, "t", "ci").sigmaPk().getAsDouble(), TOL);
        // both given: the CI is used, not the error
        assertEquals(0.032379172919340136, label(t, "t", "cipref").sigmaPk().getAsDouble(), TOL);
        assertEquals(0.20408163265306142, label(t, "t", "pci").sigmaPk().getAsDouble(), TOL);
        assertEquals(0.25, label(t, "t", "perr").sigmaPk().getAsDouble(), TOL);
        assertEquals(0.3665025433313273, label(t, "t", "dgerr").sigmaPk().getAsDouble(), TOL);
        assertEquals(0.08938388792370529, label(t, "t", "dgci").sigmaPk().getAsDouble(), TOL);
    }

    @Test
    void sigmaLimitRejectsRowsAboveIt() throws IOException {
        Path p = write("l.csv", HEADER,
                "t,ok,6.5,pIC50,,,0.25,,,,",
                "t,edge,6.5,pIC50,,,0.5,,,,",
                "t,wide,6.5,pIC50,,,0.75,,,,",
                "t,none,6.5,pIC50,,,,,,,");
        AffinityTable t = AffinityTable.read(p, FULL.withSigmaLimit(0.5));
        assertEquals(3, t.labels().size());
        assertTrue(t.label(new CompoundKey("t", "edge")).isPresent());
        assertTrue(t.label(new CompoundKey("t", "none")).isPresent());
        assertEquals(List.of(new Reject(p.toString(), "line 4", "wide", "σ above limit: σ = 0.7500 pK > limit 0.5000")),
                t.rejects());
    }

    @Test
    void replicatesAreMergedByTheDocumentedRule() throws IOException {
        Path p = write("r.csv", HEADER,
                // two exact IC50s 100 nM and 400 nM with σ 0.1 each: mean 6.69897.., σ = max(spread 0.30103, 0.0707)
                "t,two,100,IC50,nM,,,,,2021-05-03,C1CC1",
                "t,two,400,IC50,nM,,,,,2020-01-02,CCC",
                // three exact pIC50s 6.0, 6.2, 6.1 with σ 0.3: propagated 0.1732 beats spread 0.0577
                "t,three,6.0,pIC50,,,0.3,,,,",
                "t,three,6.2,pIC50,,,0.3,,,,",
                "t,three,6.1,pIC50,,,0.3,,,,",
                // exact beats censored
                "t,mixed,> 99.5,IC50,uM,,,,,,",
                "t,mixed,10,IC50,uM,,,,,,",
                // bounds in one direction: the tightest is kept (pIC50 > 5 and > 5.5 -> > 5.5)
                "t,lower,>5,pIC50,,,,,,,",
                "t,lower,>5.5,pIC50,,,,,,,",
                // IC50 < 1 uM and < 10 uM are pK > 6 and > 5 -> > 6
                "t,upper,<10,IC50,uM,,,,,,",
                "t,upper,<1,IC50,uM,,,,,,",
                // bounds both ways: rejected
                "t,conflict,>5,pIC50,,,,,,,",
                "t,conflict,<7,pIC50,,,,,,,",
                // a different measure than the first row: that row is rejected
                "t,meas,10,Ki,nM,,,,,,",
                "t,meas,20,IC50,nM,,,,,,");
        AffinityTable t = AffinityTable.read(p, FULL);

        AffinityLabel two = label(t, "t", "two");
        assertEquals(6.698970004336019, two.pk(), TOL);
        assertEquals(0.3010299956639812, two.sigmaPk().getAsDouble(), 1e-12);
        assertEquals(2, two.nMeasurements());
        assertEquals(Optional.of(LocalDate.of(2020, 1, 2)), two.date()); // earliest
        assertEquals("C1CC1", t.smiles(two.key())); // first non-empty

        AffinityLabel three = label(t, "t", "three");
        assertEquals(6.099999999999999, three.pk(), 1e-12);
        assertEquals(0.17320508075688776, three.sigmaPk().getAsDouble(), 1e-12);
        assertEquals(3, three.nMeasurements());

        AffinityLabel mixed = label(t, "t", "mixed");
        assertEquals(5.0, mixed.pk(), TOL);
        assertEquals(Qualifier.EQUAL, mixed.qualifier());
        assertEquals(1, mixed.nMeasurements());

        AffinityLabel lower = label(t, "t", "lower");
        assertEquals(5.5, lower.pk(), TOL);
        assertEquals(Qualifier.GREATER, lower.qualifier());
        assertEquals(2, lower.nMeasurements());

        AffinityLabel upper = label(t, "t", "upper");
        assertEquals(6.0, upper.pk(), TOL);
        assertEquals(Qualifier.GREATER, upper.qualifier());

        assertFalse(t.label(new CompoundKey("t", "conflict")).isPresent());
        AffinityLabel meas = label(t, "t", "meas");
        assertEquals(Measure.KI, meas.measure());
        assertEquals(8.0, meas.pk(), TOL);

        String f = p.toString();
        assertEquals(List.of(
                new Reject(f, "line 7", "mixed", "censored replicate superseded: 1 exact measurement(s) of this"
                        + " compound are used (line 8)"),
                new Reject(f, "line 13", "conflict", "conflicting censored replicates: bounds in both directions"
                        + " on pK and no exact value (lines 13, 14)"),
                new Reject(f, "line 14", "conflict", "conflicting censored replicates: bounds in both directions"
                        + " on pK and no exact value (lines 13, 14)"),
                new Reject(f, "line 16", "meas", "replicate with a different measure: IC50 here, Ki in line 15"
                        + " (the first row of this compound); one label keeps one measure")),
                t.rejects());
    }

    @Test
    void replicateSpreadAboveTheLimitRejectsTheCompound() throws IOException {
        Path p = write("rs.csv", HEADER,
                "t,spread,5.0,pKi,,,,,,,",
                "t,spread,7.0,pKi,,,,,,,");
        // spread: s = sqrt(2), s/sqrt(2) = 1.0 pK by hand
        AffinityTable t = AffinityTable.read(p, FULL.withSigmaLimit(0.9));
        assertTrue(t.labels().isEmpty());
        assertEquals(List.of(new Reject(p.toString(), "lines 2, 3", "spread",
                "replicate σ above limit: σ of the merged 2 replicates = 1.000 pK > limit 0.9000")), t.rejects());
        assertEquals(1.0, AffinityTable.read(p, FULL).labels().get(0).sigmaPk().getAsDouble(), 1e-12);
    }

    @Test
    void identicalReplicatesWithoutErrorsHaveNoSigma() throws IOException {
        Path p = write("same.csv", HEADER, "t,same,10,Ki,nM,,,,,,", "t,same,10,Ki,nM,,,,,,");
        AffinityLabel l = label(AffinityTable.read(p, FULL), "t", "same");
        assertEquals(8.0, l.pk(), TOL);
        assertEquals(2, l.nMeasurements());
        assertTrue(l.sigmaPk().isEmpty());
    }

    @Test
    void sameIdForTwoTargetsIsTwoCompounds() throws IOException {
        Path p = write("k.csv", HEADER, "a,lig1,10,Ki,nM,,,,,,", "b,lig1,100,Ki,nM,,,,,,");
        AffinityTable t = AffinityTable.read(p, FULL);
        assertEquals(8.0, label(t, "a", "lig1").pk(), TOL);
        assertEquals(7.0, label(t, "b", "lig1").pk(), TOL);
        assertEquals(java.util.Map.of("a", 1, "b", 1), t.labelsPerTarget());
    }

    @Test
    void everyRejectReasonNamesFileLineCompoundAndCategory() throws IOException {
        Path p = write("bad.csv", HEADER,
                "t,fields,10,Ki,nM",                                      // 2
                "t,,10,Ki,nM,,,,,,",                                      // 3
                ",nt,10,Ki,nM,,,,,,",                                     // 4
                "t,nomeas,10,,nM,,,,,,",                                  // 5
                "t,badmeas,10,EC50,nM,,,,,,",                             // 6
                "t,noval,,Ki,nM,,,,,,",                                   // 7
                "t,nonnum,abc,Ki,nM,,,,,,",                               // 8
                "t,nan,NaN,Ki,nM,,,,,,",                                  // 9
                "t,badq,10,Ki,nM,!,,,,,",                                 // 10
                "t,confq,>10,Ki,nM,<,,,,,",                               // 11
                "t,nounit,10,Ki,,,,,,,",                                  // 12
                "t,badunit,10,Ki,nM2,,,,,,",                              // 13
                "t,zero,0,Ki,nM,,,,,,",                                   // 14
                "t,halfci,10,Ki,nM,,,8,,,",                               // 15
                "t,textci,10,Ki,nM,,,(could not be calculated),12,,",     // 16
                "t,invci,10,Ki,nM,,,12,8,,",                              // 17
                "t,zeroci,10,Ki,nM,,,0,12,,",                             // 18
                "t,texterr,10,Ki,nM,,n/a,,,,",                            // 19
                "t,negerr,10,Ki,nM,,-1,,,,",                              // 20
                "t,wide,10,Ki,nM,,9,,,,",                                 // 21: σ = 9/(10 ln 10) = 0.39
                "t,baddate,10,Ki,nM,,,,,03/05/2021,",                     // 22
                "t,dgunit,-10,dG,nM,,,,,,",                               // 23
                "t,good,10,Ki,nM,,,,,2021-03-05T10:00:00,",               // 24
                "t,\"quoted, id\",10,Ki,nM,,,,,,\"C(,)\"");               // 25
        AffinityTable t = AffinityTable.read(p, FULL.withSigmaLimit(0.3));
        assertEquals(24, t.rowsRead());
        assertEquals(2, t.labels().size());
        assertEquals(Optional.of(LocalDate.of(2021, 3, 5)), label(t, "t", "good").date());
        assertTrue(t.label(new CompoundKey("t", "quoted, id")).isPresent());
        String[][] expected = {
            {"2", "fields", "wrong number of fields"},
            {"3", "", "missing compound id"},
            {"4", "nt", "missing target"},
            {"5", "nomeas", "missing measure"},
            {"6", "badmeas", "unknown measure"},
            {"7", "noval", "missing value"},
            {"8", "nonnum", "non-numeric value"},
            {"9", "nan", "non-numeric value"},
            {"10", "badq", "unknown qualifier"},
            {"11", "confq", "conflicting qualifiers"},
            {"12", "nounit", "missing unit"},
            {"13", "badunit", "unknown unit"},
            {"14", "zero", "non-positive concentration"},
            {"15", "halfci", "incomplete CI"},
            {"16", "textci", "non-numeric CI bound"},
            {"17", "invci", "CI lower bound above upper bound"},
            {"18", "zeroci", "non-positive CI bound"},
            {"19", "texterr", "non-numeric error"},
            {"20", "negerr", "negative error"},
            {"21", "wide", "σ above limit"},
            {"22", "baddate", "unparseable date"},
            {"23", "dgunit", "unknown unit"},
        };
        assertEquals(expected.length, t.rejects().size(), t.rejects().toString());
        for (int i = 0; i < expected.length; i++) {
            Reject r = t.rejects().get(i);
            assertEquals(p.toString(), r.file());
            assertEquals("line " + expected[i][0], r.record(), r.toString());
            assertEquals(expected[i][1], r.compound(), r.toString());
            assertTrue(r.reason().startsWith(expected[i][2] + ": "), r.toString());
        }
    }

    @Test
    void fixedMeasureUnitAndTarget() throws IOException {
        Path p = write("m.csv", "id,IC50_(µM)", "x,> 99.5", "y,0.25");
        AffinityTableOptions o = AffinityTableOptions.defaults().withIdColumn("id").withValueColumn("IC50_(µM)")
                .withFixedMeasure("IC50").withFixedUnit("µM").withFixedTarget("mpro");
        AffinityTable t = AffinityTable.read(p, o);
        assertEquals(4.002176919254275, label(t, "mpro", "x").pk(), TOL);
        assertEquals(Qualifier.LESS, label(t, "mpro", "x").qualifier());
        assertEquals(6.6020599913279625, label(t, "mpro", "y").pk(), TOL);
    }

    @Test
    void fileLevelProblemsAreInputExceptions() throws IOException {
        Path p = write("h.csv", "compound_id,value", "a,1");
        InputException e = assertThrows(InputException.class, () -> AffinityTable.read(p, FULL));
        assertTrue(e.getMessage().contains("column 'measure' (measureColumn) not found"), e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        InputException missing = assertThrows(InputException.class,
                () -> AffinityTable.read(dir.resolve("nope.csv"), FULL));
        assertTrue(missing.getMessage().contains("file not found"), missing.getMessage());
        Path empty = write("empty.csv");
        assertThrows(InputException.class, () -> AffinityTable.read(empty, FULL));
        assertThrows(InputException.class, () -> FULL.withFixedMeasure("EC50"));
        assertThrows(InputException.class, () -> FULL.withSigmaLimit(0));
        assertThrows(InputException.class, () -> FULL.withCiColumns("lo", ""));
        assertThrows(InputException.class, () -> AffinityTableOptions.defaults().withFixedUnit("parsec"));
    }

    @Test
    void byteOrderMarkAndCrLfAreHandled() throws IOException {
        Path p = dir.resolve("bom.csv");
        Files.writeString(p, "\uFEFFtarget,compound_id,value,measure,unit\r\nt,a,10,Ki,nM\r\n\r\nt,b,1,Ki,uM\r\n",
                StandardCharsets.UTF_8);
        AffinityTable t = AffinityTable.read(p, AffinityTableOptions.defaults());
        assertEquals(List.of(), t.rejects());
        assertEquals(2, t.labels().size());
        assertEquals(6.0, label(t, "t", "b").pk(), TOL);
    }

    @Test
    void aQuotedFieldSpanningLinesKeepsLaterLineNumbersRight() throws IOException {
        Path p = write("ml.csv", "target,compound_id,value,measure,unit",
                "t,\"multi", "line\",10,Ki,nM",   // one row on lines 2-3
                "t,bad,x,Ki,nM");                 // line 4
        AffinityTable t = AffinityTable.read(p, AffinityTableOptions.defaults());
        assertTrue(t.label(new CompoundKey("t", "multi\nline")).isPresent());
        assertEquals("line 4", t.rejects().get(0).record());
    }
}
