package org.multipose.structure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.base.Reject;
import org.multipose.testsupport.TestFiles;

/** SD file reading: good records, each kind of malformed record, compound id rules, file-level problems. */
class SdfLigandReaderTest {

    @Test
    void malformedRecordsAreRejectedByNumberAndLineWhileTheOthersLoad() {
        Path f = TestFiles.resource("structure/malformed.sdf");
        ReadResult<Molecule> r = LigandReader.read(f, CompoundIdRule.title());
        assertEquals(List.of("good1", "good2"), r.items().stream().map(Molecule::compoundId).toList());
        assertEquals(List.of(1, 6), r.items().stream().map(Molecule::record).toList());
        List<Reject> rej = r.rejects();
        assertEquals(4, rej.size(), rej::toString);
        // short (free-format) atom lines
        assertEquals("record 2 (line 16)", rej.get(0).record());
        assertEquals("shorty", rej.get(0).compound());
        assertTrue(rej.get(0).reason().startsWith("malformed atom line: atom line 20 (atom 1) is 14 characters long"),
                rej.get(0).reason());
        // a bond to an atom that does not exist
        assertEquals("record 3 (line 25)", rej.get(1).record());
        assertEquals("bad bond: bond line 31 (bond 1) joins atoms 1 and 9 but the record has atoms 1..2",
                rej.get(1).reason());
        // header one line short: an atom line sits where the counts line belongs
        assertEquals("record 4 (line 34)", rej.get(2).record());
        assertTrue(rej.get(2).reason().startsWith("bad counts line: line 37 is not a counts line"),
                rej.get(2).reason());
        // nothing between two $$$$
        assertEquals("record 5 (line 39)", rej.get(3).record());
        assertEquals("empty record: nothing between two $$$$ lines", rej.get(3).reason());
        for (Reject x : rej) {
            assertEquals(f.toString(), x.file());
        }
    }

    @Test
    void propertiesKeepTextAndReadAsNumbers() {
        ReadResult<Molecule> r = LigandReader.read(TestFiles.resource("structure/malformed.sdf"),
                CompoundIdRule.title());
        Molecule good1 = r.items().get(0);
        assertEquals(OptionalDouble.of(-7.5), good1.number("score"));
        assertEquals("first", good1.property("label").orElseThrow());
        assertEquals(OptionalDouble.empty(), good1.number("label"), "text is not a number");
        assertEquals(OptionalDouble.empty(), good1.number("absent"));
        Molecule good2 = r.items().get(1);
        assertEquals("n/a", good2.property("score").orElseThrow());
        assertEquals(OptionalDouble.empty(), good2.number("score"));
        assertEquals(List.of("score", "label"), List.copyOf(good1.properties().keySet()), "file order, no cdk: keys");
    }

    @Test
    void multiRecordFileKeepsOrderTagsAndAtomArrays() {
        ReadResult<Molecule> r = LigandReader.read(TestFiles.resource("typing/all_ligands.sdf"),
                CompoundIdRule.title());
        assertTrue(r.rejects().isEmpty(), r.rejects()::toString);
        assertEquals(18, r.items().size());
        Molecule pyridine = r.items().get(2);
        assertEquals("pyridine", pyridine.compoundId());
        assertEquals(3, pyridine.record());
        assertEquals(OptionalDouble.of(3), pyridine.number("pose_rank"));
        assertEquals(-5.7, pyridine.number("vina_score").orElseThrow(), 1e-12);
        assertEquals("ligand pyridine", pyridine.property("note").orElseThrow());
        assertArrayEquals(new int[] {7, 6, 6, 6, 6, 6}, pyridine.atomicNumbers());
        assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1}, pyridine.implicitHydrogens());
        assertEquals(18, pyridine.coords().length);
        assertEquals(1.5f, pyridine.coords()[3], 0f, "x of atom 2 as written");
        assertEquals(6, pyridine.bondCount());
        Molecule acetate = r.items().get(5);
        assertArrayEquals(new int[] {0, 0, 0, -1}, acetate.formalCharges(), "M  CHG");
        assertEquals("c1ccccc1", r.items().get(0).smiles());
    }

    @Test
    void smilesAgreeWithAndWithoutHydrogensAndForAromaticBondOrders() {
        for (String name : List.of("benzene", "pyridine", "pyrrole")) {
            String plain = one("typing/" + name + ".sdf").smiles();
            assertFalse(plain.isEmpty());
            assertEquals(plain, one("typing/" + name + "_h.sdf").smiles(), name + " explicit H");
            assertEquals(plain, one("typing/" + name + "_arom4.sdf").smiles(), name + " bond order 4");
        }
        Molecule phenolH = one("typing/phenol_h.sdf");
        assertEquals(13, phenolH.atomCount());
        assertEquals(7, phenolH.heavyAtomCount());
        assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0}, phenolH.explicitHydrogens());
        assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0}, phenolH.totalHydrogens());
    }

    static Molecule one(String resource) {
        ReadResult<Molecule> r = LigandReader.read(TestFiles.resource(resource), CompoundIdRule.title());
        assertTrue(r.rejects().isEmpty(), r.rejects()::toString);
        return r.items().get(0);
    }

    @Test
    void compoundIdFromTitleTagFileOrFolder() {
        Path f = TestFiles.resource("structure/blank_title.sdf");
        ReadResult<Molecule> byTitle = LigandReader.read(f, CompoundIdRule.title());
        assertEquals(0, byTitle.items().size());
        assertEquals(2, byTitle.rejects().size());
        assertTrue(byTitle.rejects().get(0).reason().startsWith("no compound id: the title line is blank"));

        ReadResult<Molecule> byTag = LigandReader.read(f, CompoundIdRule.parse("tag:ID"));
        assertEquals(List.of("cpd-42"), byTag.items().stream().map(Molecule::compoundId).toList());
        assertEquals("record 2 (line 13)", byTag.rejects().get(0).record());
        assertTrue(byTag.rejects().get(0).reason().contains("SD tag <ID> is missing"));

        ReadResult<Molecule> malformedByFile = LigandReader.read(TestFiles.resource("structure/malformed.sdf"),
                CompoundIdRule.fileName());
        assertEquals("malformed", malformedByFile.rejects().get(0).compound(), "the id is known without parsing");

        ReadResult<Molecule> byFile = LigandReader.read(f, CompoundIdRule.parse("file"));
        assertEquals(List.of("blank_title", "blank_title"), byFile.items().stream().map(Molecule::compoundId).toList());

        Path nested = TestFiles.resource("structure/lig7/out.sdf");
        assertEquals("lig7", LigandReader.read(nested, CompoundIdRule.parse("folder")).items().get(0).compoundId());
        assertEquals("out", LigandReader.read(nested, CompoundIdRule.fileName()).items().get(0).compoundId());
    }

    @Test
    void compoundIdRuleSpellings() {
        assertEquals(CompoundIdRule.title(), CompoundIdRule.parse(" Title "));
        assertEquals(CompoundIdRule.tag("vina id"), CompoundIdRule.parse("tag:vina id"));
        assertEquals(CompoundIdRule.parentFolder(), CompoundIdRule.parse("folder"));
        assertEquals("tag:ID", CompoundIdRule.tag("ID").toString());
        InputException e = assertThrows(InputException.class, () -> CompoundIdRule.parse("name"));
        assertTrue(e.getMessage().contains("title, tag:NAME, file, folder"));
        assertEquals("lig7", CompoundIdRule.stripExtensions("lig7.sdf.gz"));
        assertEquals("a.b", CompoundIdRule.stripExtensions("a.b.mol2"));
    }

    @Test
    void twoDimensionalCoordinatesAreRejected() {
        ReadResult<Molecule> r = LigandReader.read(TestFiles.resource("structure/flat.sdf"), CompoundIdRule.title());
        assertEquals(0, r.items().size());
        assertEquals("no 3D coordinates: the coordinates are 2D (every z is 0); a pose needs 3D coordinates",
                r.rejects().get(0).reason());
    }

    @Test
    void emptyMissingDirectoryAndUnknownFiles(@TempDir Path dir) throws IOException {
        Path empty = TestFiles.resource("structure/empty.sdf");
        ReadResult<Molecule> r = LigandReader.read(empty, CompoundIdRule.title());
        assertEquals(List.of(new Reject(empty.toString(), "", "", "the file is empty")), r.rejects());
        assertTrue(r.items().isEmpty());

        InputException missing = assertThrows(InputException.class,
                () -> LigandReader.read(dir.resolve("nope.sdf"), CompoundIdRule.title()));
        assertTrue(missing.getMessage().endsWith("nope.sdf does not exist; check the path"), missing.getMessage());
        Path folder = Files.createDirectory(dir.resolve("poses.sdf"));
        assertTrue(assertThrows(InputException.class, () -> LigandReader.read(folder, CompoundIdRule.title()))
                .getMessage().contains("is a directory"));
        Path txt = Files.writeString(dir.resolve("poses.txt"), "x");
        assertTrue(assertThrows(InputException.class, () -> LigandReader.read(txt, CompoundIdRule.title()))
                .getMessage().contains("unknown format"));
    }

    @Test
    void gzipCompressedFilesAreRead(@TempDir Path dir) throws IOException {
        Path gz = dir.resolve("all.sdf.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(TestFiles.resource("typing/all_ligands.sdf")));
        }
        ReadResult<Molecule> r = LigandReader.read(gz, CompoundIdRule.fileName());
        assertEquals(18, r.items().size());
        assertEquals("all", r.items().get(0).compoundId());
    }

    @Test
    void queryBondsAndV3000AreRejectedWithTheFix() {
        String text = "q\n  x\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n"
                + "    0.0000    0.0000    0.1000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
                + "    1.5000    0.0000    0.1000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
                + "  1  2  8  0\nM  END\n$$$$\n"
                + "v3\n  x\n\n  0  0  0     0  0            999 V3000\nM  END\n$$$$\n";
        ReadResult<Molecule> r = SdfLigandReader.parse(text, Path.of("q.sdf"), CompoundIdRule.title());
        assertEquals("unsupported bond type: bond line 7 (bond 1) has query bond type 8; a pose needs bond types 1,"
                + " 2, 3 or 4 (aromatic)", r.rejects().get(0).reason());
        assertTrue(r.rejects().get(1).reason().startsWith("V3000 molfile: not supported"));
    }
}
