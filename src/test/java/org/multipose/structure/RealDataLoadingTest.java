package org.multipose.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.multipose.testsupport.SharedData;

/**
 * Every pose, reference ligand and receptor of ../shared/data/plb-vina, and the plb ligands and receptors, load.
 * Expected counts were taken from the files with grep/awk (records = lines "$$$$"; receptor atoms = ATOM/HETATM
 * lines that are not HOH; heavy atoms = those whose columns 77-78 are not H), and per-pose heavy-atom counts come
 * from plb-vina/poses.csv (written by the data preparation, not by this code). Skipped when the data is absent.
 */
class RealDataLoadingTest {

    static final String[] TARGETS = {"tyk2", "p38", "mcl1", "ptp1b", "cdk2"};
    static final int[] POSE_FILES = {13, 29, 25, 22, 10};
    static final int[] POSES = {117, 261, 225, 198, 90};
    // kept atoms (waters dropped), heavy atoms, water atoms
    static final int[][] RECEPTORS = {{4652, 2340, 6}, {5637, 2822, 9}, {2448, 1217, 0}, {4820, 2431, 12},
        {9031, 4481, 3}};

    static List<Path> sdfFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".sdf")).sorted().toList();
        }
    }

    @Test
    void everyPlbVinaPoseReferenceAndReceptorLoads() throws IOException {
        Path data = SharedData.require().resolve("plb-vina");
        Map<String, Integer> nHeavy = new HashMap<>();
        for (String line : Files.readAllLines(data.resolve("poses.csv")).subList(1, 892)) {
            String[] f = line.split(",");
            nHeavy.put(f[0] + "/" + f[1] + "/" + f[2], Integer.parseInt(f[6]));
        }
        assertEquals(891, nHeavy.size());
        int checked = 0;
        for (int t = 0; t < TARGETS.length; t++) {
            Path dir = data.resolve(TARGETS[t]);
            List<Path> files = sdfFiles(dir.resolve("poses"));
            assertEquals(POSE_FILES[t], files.size(), TARGETS[t]);
            int poses = 0;
            Map<String, String> refSmiles = new HashMap<>();
            ReadResult<Molecule> refs = LigandReader.read(dir.resolve("reference_ligands.sdf"), CompoundIdRule.title());
            assertTrue(refs.rejects().isEmpty(), refs.rejects()::toString);
            assertEquals(POSE_FILES[t], refs.items().size(), TARGETS[t] + " reference ligands");
            for (Molecule m : refs.items()) {
                refSmiles.put(m.compoundId(), m.smiles());
            }
            for (Path f : files) {
                ReadResult<Molecule> r = LigandReader.read(f, CompoundIdRule.title());
                assertTrue(r.rejects().isEmpty(), () -> f + ": " + r.rejects());
                for (Molecule m : r.items()) {
                    int rank = (int) m.number("pose_rank").orElseThrow();
                    assertEquals(m.record(), rank, "poses are written in rank order");
                    String key = TARGETS[t] + "/" + m.compoundId() + "/" + rank;
                    assertEquals(nHeavy.get(key), m.heavyAtomCount(), key);
                    assertEquals(m.atomCount(), m.heavyAtomCount(), "pose files carry no hydrogens");
                    // implicit hydrogens restore the same molecule as the reference with explicit hydrogens
                    assertEquals(refSmiles.get(m.compoundId()), m.smiles(), key);
                    assertTrue(m.number("vina_score").isPresent() && m.number("rmsd_to_reference").isPresent());
                    checked++;
                }
                poses += r.items().size();
            }
            assertEquals(POSES[t], poses, TARGETS[t] + " poses");

            ReceptorRead rr = PdbReceptorReader.read(dir.resolve("protein.pdb"), ReceptorOptions.defaults());
            assertTrue(rr.rejects().isEmpty(), rr.rejects()::toString);
            assertEquals(RECEPTORS[t][0], rr.receptor().atomCount(), TARGETS[t]);
            assertEquals(RECEPTORS[t][1], rr.receptor().heavyAtomCount(), TARGETS[t]);
            assertEquals(RECEPTORS[t][2], rr.watersDropped(), TARGETS[t]);
        }
        assertEquals(891, checked);
    }

    @Test
    void aPoseFileAsWrittenByHand() {
        Path f = SharedData.require().resolve("plb-vina/tyk2/poses/lig_ejm_31.sdf");
        ReadResult<Molecule> r = LigandReader.read(f, CompoundIdRule.fileName());
        assertEquals(9, r.items().size());
        Molecule first = r.items().get(0);
        assertEquals("lig_ejm_31", first.compoundId());
        assertEquals(21, first.atomCount());
        assertEquals(22, first.bondCount());
        assertEquals(-8.233, first.number("vina_score").orElseThrow(), 0);
        assertEquals(0.225, first.number("rmsd_to_reference").orElseThrow(), 0);
        // atom 1 "   -5.5040   -3.6810  -16.1280 C", atom 7 is Cl
        assertEquals(-5.504f, first.coords()[0], 0f);
        assertEquals(-16.128f, first.coords()[2], 0f);
        assertEquals(17, first.atomicNumbers()[6]);
    }

    @Test
    void everyPlbLigandAndReceptorLoads() throws IOException {
        Path plb = SharedData.require().resolve("plb/data");
        Map<String, int[]> expected = Map.ofEntries(
                // ligands ($$$$ count), receptor atoms without water, heavy atoms
                Map.entry("cdk2", new int[] {10, 9031, 4481}), Map.entry("cdk8", new int[] {31, 10456, 5203}),
                Map.entry("cmet", new int[] {5, 4580, 2276}), Map.entry("eg5", new int[] {27, 5474, 2719}),
                Map.entry("hif2a", new int[] {37, 3579, 1819}), Map.entry("mcl1", new int[] {25, 2448, 1217}),
                Map.entry("p38", new int[] {29, 5637, 2822}), Map.entry("pde2", new int[] {21, 5496, 2777}),
                Map.entry("pfkfb3", new int[] {32, 7259, 3635}), Map.entry("ptp1b", new int[] {22, 4820, 2431}),
                Map.entry("shp2", new int[] {24, 8363, 4216}), Map.entry("syk", new int[] {44, 4457, 2237}),
                Map.entry("thrombin", new int[] {22, 4626, 2324}), Map.entry("tnks2", new int[] {27, 3294, 1680}),
                Map.entry("tyk2", new int[] {13, 4652, 2340}));
        int targets = 0;
        try (Stream<Path> s = Files.list(plb)) {
            for (Path dir : s.filter(Files::isDirectory).sorted().toList()) {
                int[] e = expected.get(dir.getFileName().toString());
                ReadResult<Molecule> lig = LigandReader.read(dir.resolve("02_ligands/ligands.sdf"),
                        CompoundIdRule.title());
                assertTrue(lig.rejects().isEmpty(), lig.rejects()::toString);
                assertEquals(e[0], lig.items().size(), dir.toString());
                ReceptorRead rr = PdbReceptorReader.read(dir.resolve("01_protein/crd/protein.pdb"),
                        ReceptorOptions.defaults());
                assertEquals(e[1], rr.receptor().atomCount(), dir.toString());
                assertEquals(e[2], rr.receptor().heavyAtomCount(), dir.toString());
                targets++;
            }
        }
        assertEquals(15, targets);
    }
}
