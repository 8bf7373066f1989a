package org.multipose.typing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.LigandReader;
import org.multipose.structure.Molecule;
import org.multipose.structure.PdbReceptorReader;
import org.multipose.structure.ReadResult;
import org.multipose.structure.Receptor;
import org.multipose.structure.ReceptorOptions;
import org.multipose.testsupport.SharedData;

/**
 * Typing the real data (skipped when ../shared/data is absent).
 *
 * <p>Receptor channel counts were derived by hand from residue counts taken with awk (atoms named CA per residue
 * name; HD1/HE2 per HIS; backbone O; S atoms): e.g. tyk2, 288 residues + ACE + NME, 14 PRO, 13 HIS with 13 ring
 * hydrogens: C_H = sum over residues of their hydrophobic aliphatic carbons (ALA 1, ARG 2, ASN 1, ASP 1, GLN 2,
 * GLU 2, HIS 1, ILE 4, LEU 4, LYS 3, MET 1, PHE 1, PRO 2, THR 1, TRP 1, TYR 1, VAL 3, ACE 1) = 524; C_P = 2 per
 * residue (CA, C) + hetero-bonded side-chain carbons + caps = 739; A_H = 6 PHE + 5 TYR + 6 TRP = 174;
 * A_P = TYR + 2 TRP + 3 HIS = 65; N/N_A = 14 PRO + 13 unprotonated HIS N = 27; N_D = 274 backbone + NME + 3 ARG
 * + ASN + GLN + 13 HIS + LYS + TRP = 377; O_A = 289 backbone + ASN + 2 ASP + GLN + 2 GLU = 379;
 * O_DA = SER + THR + TYR = 42; S = 13. cdk2 and mcl1 the same way (cdk2's TPO160 typed by hand: N donor,
 * CA/CB/C non-hydrophobic, CG2 hydrophobic, five O acceptors, P).
 */
class RealDataTypingTest {

    static final AtomTyper GNINA = AtomTyper.gninaDefault();
    static final String[] TARGETS = {"tyk2", "p38", "mcl1", "ptp1b", "cdk2"};

    @Test
    void receptorChannelCountsMatchTheResidueArithmetic() {
        Path data = SharedData.require().resolve("plb-vina");
        Map<String, int[]> expected = Map.of(
                "tyk2", new int[] {524, 739, 174, 65, 0, 27, 377, 379, 42, 13, 0, 0, 0, 0},
                "cdk2", new int[] {1076, 1425, 310, 95, 0, 52, 693, 723, 87, 19, 1, 0, 0, 0},
                "mcl1", new int[] {273, 401, 70, 20, 0, 6, 219, 202, 22, 4, 0, 0, 0, 0});
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            Receptor r = PdbReceptorReader.read(data.resolve(e.getKey()).resolve("protein.pdb"),
                    ReceptorOptions.defaults()).receptor();
            TypedAtoms t = GNINA.typeReceptor(r);
            assertArrayEquals(e.getValue(), t.countsPerChannel(), e.getKey());
            assertEquals(r.atomCount() - r.heavyAtomCount(), t.droppedAtoms(), e.getKey() + ": the hydrogens");
        }
    }

    @Test
    void poseChannelCountsMatchHandTyping() {
        Path data = SharedData.require().resolve("plb-vina");
        // tyk2 lig_ejm_31 (21 heavy atoms): dichlorophenyl-C(=O)NH-pyridyl-NHC(=O)CH3, typed atom by atom
        Molecule ejm31 = first(data.resolve("tyk2/poses/lig_ejm_31.sdf"));
        assertArrayEquals(new int[] {1, 2, 6, 5, 0, 2, 0, 1, 2, 2, 0, 0, 0, 0},
                GNINA.typeLigand(ejm31).countsPerChannel());
        // the same ligand from the reference file, with explicit hydrogens: same channels, hydrogens dropped
        Molecule ref = LigandReader.read(data.resolve("tyk2/reference_ligands.sdf"), CompoundIdRule.title())
                .items().stream().filter(m -> m.compoundId().equals("lig_ejm_31")).findFirst().orElseThrow();
        TypedAtoms refTyped = GNINA.typeLigand(ref);
        assertArrayEquals(new int[] {1, 2, 6, 5, 0, 2, 0, 1, 2, 2, 0, 0, 0, 0}, refTyped.countsPerChannel());
        assertEquals(ref.atomCount() - 21, refTyped.droppedAtoms());
        // ptp1b lig_20667_2qbp (37 heavy atoms): sulfonyl piperidine, aniline NH, bromothiophene carboxylate,
        // oxyacetate; two S (sulfonyl, thiophene), seven O acceptors, one Br
        Molecule ptp = first(data.resolve("ptp1b/poses/lig_20667_2qbp.sdf"));
        assertArrayEquals(new int[] {2, 7, 11, 5, 1, 0, 0, 1, 1, 7, 0, 2, 0, 0},
                GNINA.typeLigand(ptp).countsPerChannel());
    }

    static Molecule first(Path f) {
        ReadResult<Molecule> r = LigandReader.read(f, CompoundIdRule.title());
        assertTrue(r.rejects().isEmpty());
        return r.items().get(0);
    }

    @Test
    void everyReceptorAndPoseTypesAndOnlyNonStandardGroupsFallBack() throws IOException {
        Path shared = SharedData.require();
        Map<String, List<String>> fallback = Map.of(
                "cdk2", List.of("A:TPO160 (no template)"),
                "pde2", List.of("D:ZN1001 (no template)", "D:MG1923 (no template)"),
                "tnks2", List.of("A:ZN2113 (no template)"));
        int receptors = 0;
        try (Stream<Path> s = Files.list(shared.resolve("plb/data"))) {
            for (Path dir : s.filter(Files::isDirectory).sorted().toList()) {
                Receptor r = PdbReceptorReader.read(dir.resolve("01_protein/crd/protein.pdb"),
                        ReceptorOptions.defaults()).receptor();
                ReceptorXsTypes x = ReceptorXsTyper.types(r);
                String name = dir.getFileName().toString();
                assertEquals(fallback.getOrDefault(name, List.of()), x.fallbackResidues(), name);
                TypedAtoms t = GNINA.typeReceptor(r);
                assertEquals(r.heavyAtomCount(), t.size(), name + ": every heavy atom has a channel");
                receptors++;
            }
        }
        assertEquals(15, receptors);
        int poses = 0;
        for (String target : TARGETS) {
            try (Stream<Path> s = Files.list(shared.resolve("plb-vina").resolve(target).resolve("poses"))) {
                for (Path f : s.sorted().toList()) {
                    for (Molecule m : LigandReader.read(f, CompoundIdRule.title()).items()) {
                        TypedAtoms t = GNINA.typeLigand(m);
                        assertEquals(m.heavyAtomCount(), t.size(), m.where());
                        assertEquals(0, t.droppedAtoms());
                        poses++;
                    }
                }
            }
        }
        assertEquals(891, poses);
    }
}
