package org.multipose.typing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.LigandReader;
import org.multipose.structure.Molecule;
import org.multipose.structure.ReadResult;
import org.multipose.testsupport.TestFiles;

/**
 * Ligand typing on small molecules whose types were worked out by hand from their structures (see
 * src/test/python/make_structure_fixtures.py for the bond tables). Each molecule is typed twice: heavy atoms only
 * (hydrogens implicit, as in docked poses) and with every hydrogen written as an atom; the heavy-atom channels must
 * be the same and the hydrogens dropped.
 *
 * <p>Ligand channels (gnina default map): 0 C_H, 1 C_P, 2 A_H, 3 A_P, 4 Br/I, 5 Cl, 6 F, 7 N/N_A, 8 N_D/N_DA,
 * 9 O/O_A, 10 O_DA/O_D, 11 S/S_A, 12 P, 13 metals/B.
 */
class LigandTypingTest {

    private static final AtomTyper GNINA = AtomTyper.gninaDefault();

    static Molecule read(String file) {
        ReadResult<Molecule> r = LigandReader.read(TestFiles.resource("typing/" + file), CompoundIdRule.title());
        assertTrue(r.rejects().isEmpty(), () -> file + ": " + r.rejects());
        assertEquals(1, r.items().size(), file);
        return r.items().get(0);
    }

    /** counts: 14 ligand channel counts as "a b c ..." ; hydrogens: H atoms in the explicit-H file. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name,            C_H C_P A_H A_P BrI Cl F N_A N_D O_A O_DA S P M , hydrogens
        "benzene,            0 0 6 0 0 0 0 0 0 0 0 0 0 0, 6",
        "phenol,             0 0 5 1 0 0 0 0 0 0 1 0 0 0, 6",
        "pyridine,           0 0 3 2 0 0 0 1 0 0 0 0 0 0, 5",
        "pyrrole,            0 0 2 2 0 0 0 0 1 0 0 0 0 0, 5",
        "acetamide,          1 1 0 0 0 0 0 0 1 1 0 0 0 0, 5",
        "acetate,            1 1 0 0 0 0 0 0 0 2 0 0 0 0, 3",
        "ethylamine,         1 1 0 0 0 0 0 0 1 0 0 0 0 0, 7",
        "methylammonium,     0 1 0 0 0 0 0 0 1 0 0 0 0 0, 6",
        "trimethylamine,     0 3 0 0 0 0 0 1 0 0 0 0 0 0, 9",
        "aniline,            0 0 5 1 0 0 0 0 1 0 0 0 0 0, 7",
        "acetonitrile,       1 1 0 0 0 0 0 1 0 0 0 0 0 0, 3",
        "methanethiol,       0 1 0 0 0 0 0 0 0 0 0 1 0 0, 4",
        "methanethiolate,    0 1 0 0 0 0 0 0 0 0 0 1 0 0, 3",
        "nitrobenzene,       0 0 5 1 0 0 0 1 0 2 0 0 0 0, 5",
        "methanol,           0 1 0 0 0 0 0 0 0 0 1 0 0 0, 4",
        "methanesulfonamide, 0 1 0 0 0 0 0 0 1 2 0 1 0 0, 5",
        "halobenzene,        0 0 2 4 2 1 1 0 0 0 0 0 0 0, 2",
        "methylphosphate,    0 1 0 0 0 0 0 0 0 4 0 0 1 0, 3",
    })
    void channelCountsWithAndWithoutHydrogens(String name, String counts, int hydrogens) {
        int[] expected = ints(counts);
        TypedAtoms heavy = GNINA.typeLigand(read(name + ".sdf"));
        assertArrayEquals(expected, heavy.countsPerChannel(), name + " (implicit H)");
        assertEquals(0, heavy.droppedAtoms());
        TypedAtoms explicit = GNINA.typeLigand(read(name + "_h.sdf"));
        assertArrayEquals(expected, explicit.countsPerChannel(), name + " (explicit H)");
        assertEquals(hydrogens, explicit.droppedAtoms(), name + " hydrogens dropped");
    }

    /** The nitrogen / oxygen / sulfur XS type of each molecule, the distinctions the merged channels hide. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "pyridine,           NitrogenXSAcceptor",
        "pyrrole,            NitrogenXSDonor",
        "acetamide,          NitrogenXSDonor",
        "ethylamine,         NitrogenXSDonorAcceptor",
        "methylammonium,     NitrogenXSDonor",
        "trimethylamine,     NitrogenXSAcceptor",
        "aniline,            NitrogenXSDonor",
        "acetonitrile,       NitrogenXSAcceptor",
        "nitrobenzene,       Nitrogen",
        "methanesulfonamide, NitrogenXSDonorAcceptor",
        "methanethiol,       Sulfur",
        "methanethiolate,    SulfurAcceptor",
        "phenol,             OxygenXSDonorAcceptor",
        "acetate,            OxygenXSAcceptor",
    })
    void heteroatomTypes(String name, XsType expected) {
        for (String file : List.of(name + ".sdf", name + "_h.sdf")) {
            Molecule m = read(file);
            XsType[] t = LigandXsTyper.types(m);
            int element = expected.name().startsWith("N") ? 7 : expected.name().startsWith("S") ? 16 : 8;
            for (int i = 0; i < m.atomCount(); i++) {
                if (m.atomicNumbers()[i] == element) {
                    assertEquals(expected, t[i], file + " atom " + (i + 1));
                }
            }
        }
    }

    @Test
    void hydrogensOnExplicitHydrogenFilesArePolarOrNot() {
        Molecule m = read("phenol_h.sdf");
        XsType[] t = LigandXsTyper.types(m);
        int polar = 0;
        int plain = 0;
        for (XsType x : t) {
            polar += x == XsType.PolarHydrogen ? 1 : 0;
            plain += x == XsType.Hydrogen ? 1 : 0;
        }
        assertEquals(1, polar, "the O-H hydrogen");
        assertEquals(5, plain, "the ring hydrogens");
    }

    /** Aromatic bond order 4 and no hydrogens anywhere (STACK.md trap): H counts come back and types match. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file,                 C_H C_P A_H A_P BrI Cl F N_A N_D O_A O_DA S P M , implicit H per atom
        "benzene_arom4.sdf,      0 0 6 0 0 0 0 0 0 0 0 0 0 0, 1 1 1 1 1 1",
        "pyridine_arom4.sdf,     0 0 3 2 0 0 0 1 0 0 0 0 0 0, 0 1 1 1 1 1",
        "pyrrole_arom4.sdf,      0 0 2 2 0 0 0 0 1 0 0 0 0 0, 1 1 1 1 1",
        // the tautomer is a guess: the first nitrogen that makes the ring kekulisable gets the H
        "imidazole_arom4.sdf,    0 0 0 3 0 0 0 1 1 0 0 0 0 0, 1 1 0 1 1",
    })
    void aromaticBondOrderFourWithoutHydrogens(String file, String counts, String implicitH) {
        Molecule m = read(file);
        assertArrayEquals(ints(implicitH), m.implicitHydrogens(), file + " implicit H");
        for (boolean a : m.aromatic()) {
            assertTrue(a, file + ": every ring atom aromatic");
        }
        assertArrayEquals(ints(counts), GNINA.typeLigand(m).countsPerChannel(), file);
    }

    @Test
    void perAtomRadiiAreXsRadiiAndChannelModeUsesMeans() {
        Molecule m = read("halobenzene.sdf");
        TypedAtoms atom = GNINA.typeLigand(m);
        TypedAtoms channel = new GninaTyper(ChannelMap.gninaReceptor(), ChannelMap.gninaLigand(),
                RadiusMode.CHANNEL).typeLigand(m);
        for (int k = 0; k < atom.size(); k++) {
            int z = m.atomicNumbers()[atom.sourceAtoms()[k]];
            float expectedAtom = switch (z) {
                case 6 -> 1.9f;
                case 9 -> 1.5f;
                case 17 -> 1.8f;
                case 35 -> 2.0f;
                case 53 -> 2.2f;
                default -> throw new AssertionError(z);
            };
            assertEquals(expectedAtom, atom.radii()[k], 0f);
            // Br and I share a ligand channel: mean (2.0 + 2.2) / 2 = 2.1
            float expectedChannel = z == 35 || z == 53 ? 2.1f : expectedAtom;
            assertEquals(expectedChannel, channel.radii()[k], 1e-6f);
        }
    }

    @Test
    void elementTyperGivesOneChannelPerElement() {
        ElementTyper e = ElementTyper.defaults();
        TypedAtoms t = e.typeLigand(read("halobenzene_h.sdf"));
        // channels C N O S P F Cl Br I Zn Mg Ca Fe Other
        assertArrayEquals(new int[] {6, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0}, t.countsPerChannel());
        assertEquals(2, t.droppedAtoms(), "hydrogens");
        assertEquals("lig_Cl", t.channelNames().get(6));
        assertEquals("lig_Other", t.channelNames().get(13));
    }

    static int[] ints(String s) {
        String[] f = s.trim().split("\\s+");
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Integer.parseInt(f[i]);
        }
        return out;
    }
}
