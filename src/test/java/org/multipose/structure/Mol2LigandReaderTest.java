package org.multipose.structure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multipose.base.Reject;
import org.multipose.testsupport.TestFiles;

/** MOL2 reading: the three things CDK's Mol2Reader leaves wrong, and malformed records. */
class Mol2LigandReaderTest {

    static ReadResult<Molecule> ligands() {
        return LigandReader.read(TestFiles.resource("typing/ligands.mol2"), CompoundIdRule.title());
    }

    @Test
    void arBondsInRingsBecomeAKekuleStructureThatIsPerceivedAromatic() {
        ReadResult<Molecule> r = ligands();
        assertTrue(r.rejects().isEmpty(), r.rejects()::toString);
        assertEquals(List.of("benzene", "phenol", "acetate", "methylammonium", "acetamide", "pyridine"),
                r.items().stream().map(Molecule::compoundId).toList());
        Molecule benzene = r.items().get(0);
        int doubles = 0;
        for (int k = 0; k < 6; k++) {
            assertTrue(benzene.bondAromatic()[k]);
            doubles += benzene.bondOrders()[k] == 2 ? 1 : 0;
        }
        assertEquals(3, doubles, "Kekulé form, not six single bonds");
        for (int i = 0; i < 6; i++) {
            assertTrue(benzene.aromatic()[i]);
        }
        assertEquals("c1ccccc1", benzene.smiles());
        assertTrue(benzene.properties().isEmpty());
    }

    @Test
    void hydrogensAreExplicitWhenPresentAndCountedWhenAbsent() {
        ReadResult<Molecule> r = ligands();
        Molecule phenol = r.items().get(1);
        assertArrayEquals(new int[13], phenol.implicitHydrogens(), "all hydrogens are atoms");
        assertEquals(1, phenol.totalHydrogens()[6], "the O-H");
        Molecule pyridine = r.items().get(5); // heavy atoms only
        assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1}, pyridine.implicitHydrogens());
    }

    @Test
    void chargesComeFromSybylTypesAndArGroups() {
        ReadResult<Molecule> r = ligands();
        Molecule acetate = r.items().get(2);
        assertArrayEquals(new int[] {0, 0, 0, -1, 0, 0, 0}, acetate.formalCharges());
        assertArrayEquals(new int[] {1, 2, 1, 1, 1, 1}, acetate.bondOrders(), "C=O and C-O(-) from two ar bonds");
        // the same molecule read from an SD file with an explicit M  CHG line
        assertEquals(SdfLigandReaderTest.one("typing/acetate.sdf").smiles(), acetate.smiles());
        Molecule ammonium = r.items().get(3);
        assertEquals(1, ammonium.formalCharges()[1], "N.4");
        Molecule acetamide = r.items().get(4);
        assertEquals(1, acetamide.bondOrders()[2], "am bond is single");
    }

    @Test
    void malformedRecordsAreRejectedByNumberWhileTheOthersLoad() {
        Path f = TestFiles.resource("structure/malformed.mol2");
        ReadResult<Molecule> r = LigandReader.read(f, CompoundIdRule.title());
        assertEquals(List.of("good1", "good2"), r.items().stream().map(Molecule::compoundId).toList());
        List<Reject> rej = r.rejects();
        assertEquals(3, rej.size(), rej::toString);
        assertEquals("record 2 (line 12)", rej.get(0).record());
        assertEquals("badxyz", rej.get(0).compound());
        assertEquals("malformed atom line: atom line 20: coordinate '1.5x00' is not a number", rej.get(0).reason());
        assertEquals("record 3 (line 23)", rej.get(1).record());
        assertEquals("bad bond: bond line 33 joins atoms 1 and 9 but the record has atoms 1..2", rej.get(1).reason());
        assertEquals("record 4 (line 34)", rej.get(2).record());
        assertEquals("count mismatch: the counts line declares 3 atoms but the ATOM section has 2",
                rej.get(2).reason());
    }

    @Test
    void aFileWithoutMoleculeSectionsIsNamed() {
        ReadResult<Molecule> r = Mol2LigandReader.parse("just text\n", Path.of("x.mol2"), CompoundIdRule.title());
        assertEquals("not a MOL2 file: no @<TRIPOS>MOLECULE line", r.rejects().get(0).reason());
        assertEquals("the file is empty",
                Mol2LigandReader.parse("\n\n", Path.of("x.mol2"), CompoundIdRule.title()).rejects().get(0).reason());
    }
}
