package org.multipose.structure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multipose.base.InputException;
import org.multipose.base.Reject;
import org.multipose.testsupport.TestFiles;

/**
 * The receptor reader on reader_cases.pdb (src/test/python/make_structure_fixtures.py): no END line, a second
 * MODEL, an altloc pair, a water, hydrogens, a zinc and an iron (HETATM metals), a HETATM ligand, a malformed
 * coordinate, a short line and element columns left blank. Its 24 lines are numbered in the comments below.
 */
class PdbReceptorReaderTest {

    static final Path CASES = TestFiles.resource("structure/reader_cases.pdb");

    @Test
    void defaultsDropWatersKeepHydrogensMetalsAndFirstAltlocAndNameBadLines() {
        ReceptorRead r = PdbReceptorReader.read(CASES, ReceptorOptions.defaults());
        Receptor rec = r.receptor();
        // kept: ALA N CA C O CB(altloc A) H, ZN, LIG C1 CL1, GLY CA (element from name), FE, THR HG21
        assertEquals(12, rec.atomCount());
        assertArrayEquals(new int[] {7, 6, 6, 8, 6, 1, 30, 6, 17, 6, 26, 1}, rec.atomicNumbers());
        assertArrayEquals(new int[] {3, 4, 5, 6, 7, 9, 13, 14, 15, 18, 19, 20}, rec.lines());
        assertArrayEquals(new float[] {1.988f, -0.773f, -1.199f}, java.util.Arrays.copyOfRange(rec.coords(), 12, 15),
                "the first altloc's CB");
        assertEquals(3, r.watersDropped());
        assertEquals(1, r.altlocsDropped());
        assertEquals(1, r.laterModelsSkipped());
        assertEquals(0, r.hydrogensDropped());
        assertEquals(0, r.heteroDropped());
        assertEquals(2, rec.formalCharges()[6], "Zn2+ in columns 79-80");
        assertEquals("ZN", rec.residueNames()[6]);
        assertTrue(rec.hetatm()[6]);
        assertEquals("CA", rec.atomNames()[1]);
        assertEquals("A", rec.chains()[1]);
        assertEquals(1, rec.residueNumbers()[1]);
        assertEquals(' ', rec.insertionCodes()[1]);
        assertEquals(CASES + ":19 (A:FE7 FE)", rec.where(10));
        assertEquals(List.of(
                new Reject(CASES.toString(), "line 16", "", "malformed atom line: x coordinate (columns 31-38)"
                        + " '12.0x0' is not a number"),
                new Reject(CASES.toString(), "line 17", "", "malformed atom line: the line is 44 characters long; PDB"
                        + " coordinates occupy columns 31-54 (fixed columns, not spaces)")), r.rejects());
    }

    @Test
    void optionsKeepWatersDropHydrogensDropHeteroGroupsButNotMetals() {
        ReceptorRead waters = PdbReceptorReader.read(CASES, ReceptorOptions.defaults().withWaters(true));
        assertEquals(15, waters.receptor().atomCount());
        assertEquals(0, waters.watersDropped());

        ReceptorRead noH = PdbReceptorReader.read(CASES, ReceptorOptions.defaults().withHydrogens(false));
        assertEquals(10, noH.receptor().atomCount());
        assertEquals(2, noH.hydrogensDropped(), "ALA H and THR HG21; the water's are counted as water");

        ReceptorRead noHet = PdbReceptorReader.read(CASES, ReceptorOptions.defaults().withHeteroGroups(false));
        assertEquals(10, noHet.receptor().atomCount());
        assertEquals(2, noHet.heteroDropped(), "LIG C1 and CL1");
        assertArrayEquals(new int[] {7, 6, 6, 8, 6, 1, 30, 6, 26, 1}, noHet.receptor().atomicNumbers(),
                "Zn and Fe stay");
    }

    @Test
    void elementsFromAtomNamesFollowThePdbAlignmentRule() {
        assertEquals(6, PdbReceptorReader.nameElement(" CA ", false), "carbon alpha");
        assertEquals(20, PdbReceptorReader.nameElement("CA  ", true), "calcium ion");
        assertEquals(30, PdbReceptorReader.nameElement("ZN  ", true));
        assertEquals(17, PdbReceptorReader.nameElement("CL1 ", true));
        assertEquals(1, PdbReceptorReader.nameElement("HG21", true), "four-character H name, not mercury");
        assertEquals(1, PdbReceptorReader.nameElement("1HB ", false));
        assertEquals(1, PdbReceptorReader.symbolToNumber("D"), "deuterium");
        assertEquals(0, PdbReceptorReader.symbolToNumber("X"));
    }

    @Test
    void pdbqtAutoDockTypesMapBackToElements() {
        ReceptorRead r = PdbReceptorReader.read(TestFiles.resource("structure/receptor.pdbqt"),
                ReceptorOptions.defaults());
        assertArrayEquals(new int[] {7, 6, 6, 8, 1, 16, 7}, r.receptor().atomicNumbers());
    }

    @Test
    void fileLevelProblemsAreInputExceptions() {
        InputException cif = assertThrows(InputException.class,
                () -> PdbReceptorReader.read(Path.of("x/receptor.cif"), ReceptorOptions.defaults()));
        assertTrue(cif.getMessage().contains("mmCIF"));
        InputException missing = assertThrows(InputException.class,
                () -> PdbReceptorReader.read(Path.of("x/none.pdb"), ReceptorOptions.defaults()));
        assertTrue(missing.getMessage().endsWith("does not exist; check the path"));
        InputException empty = assertThrows(InputException.class,
                () -> PdbReceptorReader.parse("", "e.pdb", ReceptorOptions.defaults(), false));
        assertEquals("receptor e.pdb has no ATOM/HETATM lines; is it a PDB file?", empty.getMessage());
        InputException bad = assertThrows(InputException.class, () -> PdbReceptorReader.parse(
                "ATOM      1  N   ALA A   1       0.000   0.0\n", "b.pdb", ReceptorOptions.defaults(), false));
        assertTrue(bad.getMessage().contains("first problem: line 1: malformed atom line: the line is 44 characters"
                + " long"),
                bad.getMessage());
    }

    @Test
    void pdbqtEndRecordsOtherThanEndDoNotStopReading() {
        String text = "END_RES\n"
                + "ATOM      1  N   ALA A   1       0.000   0.000   0.000  1.00  0.00    -0.350 N \n"
                + "ENDBRANCH   1   2\n"
                + "ATOM      2  CA  ALA A   1       1.458   0.000   0.000  1.00  0.00     0.170 C \n"
                + "END   \n"
                + "ATOM      3  C   ALA A   1       2.009   1.420   0.000  1.00  0.00     0.240 C \n";
        assertEquals(2, PdbReceptorReader.parse(text, "r.pdbqt", ReceptorOptions.defaults(), true).receptor()
                .atomCount());
    }

    @Test
    void readingStopsAtEndAndHandlesCrLf() {
        String text = "ATOM      1  N   ALA A   1       0.000   0.000   0.000  1.00  0.00           N\r\n"
                + "END\r\n"
                + "ATOM      2  CA  ALA A   1       1.458   0.000   0.000  1.00  0.00           C\r\n";
        ReceptorRead r = PdbReceptorReader.parse(text, "crlf.pdb", ReceptorOptions.defaults(), false);
        assertEquals(1, r.receptor().atomCount());
        assertEquals(7, r.receptor().atomicNumbers()[0]);
    }
}
