package org.multipose.typing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.multipose.structure.PdbReceptorReader;
import org.multipose.structure.Receptor;
import org.multipose.structure.ReceptorOptions;
import org.multipose.testsupport.TestFiles;

/**
 * Receptor typing by residue templates and by the distance fallback, on PDB fixtures written by
 * src/test/python/make_structure_fixtures.py. Expected types were worked out by hand from each residue's structure.
 *
 * <p>Receptor channels (gnina default map): 0 C_H, 1 C_P, 2 A_H, 3 A_P, 4 halogens, 5 N/N_A, 6 N_D/N_DA, 7 O/O_A,
 * 8 O_DA/O_D, 9 S/S_A, 10 P, 11 Ca, 12 Zn, 13 other metals/B.
 */
class ResidueTypingTest {

    static Receptor receptor(String file) {
        return PdbReceptorReader.read(TestFiles.resource("typing/" + file), ReceptorOptions.defaults()).receptor();
    }

    /** "RES:ATOM" → type, for the heavy atoms. */
    static Map<String, XsType> byName(Receptor r, XsType[] t) {
        Map<String, XsType> out = new HashMap<>();
        for (int i = 0; i < r.atomCount(); i++) {
            out.put(r.residueNames()[i] + r.residueNumbers()[i] + ":" + r.atomNames()[i], t[i]);
        }
        return out;
    }

    @Test
    void standardResiduesWithHydrogensFollowTheirTemplates() {
        Receptor r = receptor("residues.pdb");
        ReceptorXsTypes t = ReceptorXsTyper.types(r);
        assertTrue(t.fallbackResidues().isEmpty(), () -> "no fallback expected: " + t.fallbackResidues());
        Map<String, XsType> m = byName(r, t.types());
        String[] expected = {
            "ACE1:CH3 AliphaticCarbonXSHydrophobe", "ACE1:C AliphaticCarbonXSNonHydrophobe",
            "ACE1:O OxygenXSAcceptor",
            "PHE2:N NitrogenXSDonor", "PHE2:CA AliphaticCarbonXSNonHydrophobe",
            "PHE2:C AliphaticCarbonXSNonHydrophobe", "PHE2:O OxygenXSAcceptor", "PHE2:CB AliphaticCarbonXSHydrophobe",
            "PHE2:CG AromaticCarbonXSHydrophobe", "PHE2:CZ AromaticCarbonXSHydrophobe",
            "SER3:CB AliphaticCarbonXSNonHydrophobe", "SER3:OG OxygenXSDonorAcceptor",
            // HIS with HD1 only: the HID tautomer
            "HIS4:CB AliphaticCarbonXSHydrophobe", "HIS4:CG AromaticCarbonXSNonHydrophobe",
            "HIS4:ND1 NitrogenXSDonor", "HIS4:CD2 AromaticCarbonXSNonHydrophobe",
            "HIS4:CE1 AromaticCarbonXSNonHydrophobe", "HIS4:NE2 NitrogenXSAcceptor",
            "LYS5:CD AliphaticCarbonXSHydrophobe", "LYS5:CE AliphaticCarbonXSNonHydrophobe", "LYS5:NZ NitrogenXSDonor",
            "ASP6:CB AliphaticCarbonXSHydrophobe", "ASP6:CG AliphaticCarbonXSNonHydrophobe",
            "ASP6:OD1 OxygenXSAcceptor", "ASP6:OD2 OxygenXSAcceptor",
            "PRO7:N Nitrogen", "PRO7:CG AliphaticCarbonXSHydrophobe", "PRO7:CD AliphaticCarbonXSNonHydrophobe",
            "TRP8:CG AromaticCarbonXSHydrophobe", "TRP8:CD1 AromaticCarbonXSNonHydrophobe",
            "TRP8:CD2 AromaticCarbonXSHydrophobe", "TRP8:NE1 NitrogenXSDonor",
            "TRP8:CE2 AromaticCarbonXSNonHydrophobe", "TRP8:CH2 AromaticCarbonXSHydrophobe",
            "TYR9:CE1 AromaticCarbonXSHydrophobe", "TYR9:CZ AromaticCarbonXSNonHydrophobe",
            "TYR9:OH OxygenXSDonorAcceptor",
            "ARG10:CD AliphaticCarbonXSNonHydrophobe", "ARG10:NE NitrogenXSDonor",
            "ARG10:CZ AliphaticCarbonXSNonHydrophobe", "ARG10:NH1 NitrogenXSDonor", "ARG10:NH2 NitrogenXSDonor",
            "CYS11:CB AliphaticCarbonXSNonHydrophobe", "CYS11:SG Sulfur",
            "THR12:CB AliphaticCarbonXSNonHydrophobe", "THR12:OG1 OxygenXSDonorAcceptor",
            "THR12:CG2 AliphaticCarbonXSHydrophobe",
            "NME13:N NitrogenXSDonor", "NME13:C AliphaticCarbonXSNonHydrophobe",
            "SER3:HG PolarHydrogen", "LYS5:HZ1 PolarHydrogen",
        };
        for (String e : expected) {
            String[] f = e.split(" ");
            assertEquals(XsType.valueOf(f[1]), m.get(f[0]), f[0]);
        }
        // whole file, counted by hand per residue (see the class comment for the channel order)
        TypedAtoms typed = AtomTyper.gninaDefault().typeReceptor(r);
        assertArrayEquals(new int[] {14, 32, 17, 6, 0, 2, 17, 14, 3, 1, 0, 0, 0, 0}, typed.countsPerChannel());
        assertEquals(106, typed.size());
        assertEquals(25, typed.droppedAtoms(), "hydrogens");
        assertTrue(typed.notes().isEmpty());
    }

    @Test
    void withoutHydrogensTemplatesUseDefaultOrNamedProtonationAndIsolatedResiduesAreNTermini() {
        Receptor r = receptor("residues_noh.pdb");
        ReceptorXsTypes t = ReceptorXsTyper.types(r);
        assertTrue(t.fallbackResidues().isEmpty());
        Map<String, XsType> m = byName(r, t.types());
        String[] expected = {
            // plain HIS defaults to HIE: H on NE2
            "HIS1:ND1 NitrogenXSAcceptor", "HIS1:NE2 NitrogenXSDonor",
            "HIP2:ND1 NitrogenXSDonor", "HIP2:NE2 NitrogenXSDonor",
            "LYN3:NZ NitrogenXSDonorAcceptor",
            "ASH4:OD1 OxygenXSAcceptor", "ASH4:OD2 OxygenXSDonorAcceptor",
            "GLU5:OE1 OxygenXSAcceptor", "GLU5:OE2 OxygenXSAcceptor",
            // no preceding C within 2 A: each residue starts a chain, NH3+ by default (4 neighbours: donor only)
            "HIS1:N NitrogenXSDonor", "HIP2:N NitrogenXSDonor", "LYN3:N NitrogenXSDonor", "ASH4:N NitrogenXSDonor",
        };
        for (String e : expected) {
            String[] f = e.split(" ");
            assertEquals(XsType.valueOf(f[1]), m.get(f[0]), f[0]);
        }
    }

    @Test
    void nTerminiFollowTheirHydrogens() {
        Receptor r = receptor("termini.pdb");
        Map<String, XsType> m = byName(r, ReceptorXsTyper.types(r).types());
        assertEquals(XsType.NitrogenXSDonor, m.get("GLY1:N"), "NH3+");
        assertEquals(XsType.NitrogenXSDonorAcceptor, m.get("ALA2:N"), "neutral NH2");
        assertEquals(XsType.OxygenXSAcceptor, m.get("GLY1:OXT"));
        assertEquals(XsType.AliphaticCarbonXSHydrophobe, m.get("ALA2:CB"));
    }

    @Test
    void otherResiduesFallBackToDistanceBondsAndAreReported() {
        Receptor r = receptor("fallback.pdb"); // the water is dropped by the reader
        ReceptorXsTypes t = ReceptorXsTyper.types(r);
        assertEquals(List.of("A:LIG1 (no template)", "A:NMX2 (no template)", "A:ZN3 (no template)",
                "A:MG4 (no template)"), t.fallbackResidues());
        assertEquals(20, t.fallbackAtomCount());
        Map<String, XsType> m = byName(r, t.types());
        for (int k = 1; k <= 6; k++) {
            assertEquals(XsType.AromaticCarbonXSHydrophobe, m.get("LIG1:C" + k), "planar benzene ring C" + k);
        }
        for (int k = 7; k <= 12; k++) {
            assertEquals(XsType.AliphaticCarbonXSHydrophobe, m.get("LIG1:C" + k), "chair cyclohexane C" + k);
        }
        assertEquals(XsType.AliphaticCarbonXSHydrophobe, m.get("NMX2:CA"));
        assertEquals(XsType.AliphaticCarbonXSNonHydrophobe, m.get("NMX2:C"));
        assertEquals(XsType.OxygenXSAcceptor, m.get("NMX2:O"));
        assertEquals(XsType.NitrogenXSDonor, m.get("NMX2:N"), "planar amide N with H: donor, not acceptor");
        assertEquals(XsType.AliphaticCarbonXSNonHydrophobe, m.get("NMX2:CN"));
        assertEquals(XsType.PolarHydrogen, m.get("NMX2:H"));
        assertEquals(XsType.Zinc, m.get("ZN3:ZN"));
        assertEquals(XsType.Magnesium, m.get("MG4:MG"));

        TypedAtoms typed = AtomTyper.gninaDefault().typeReceptor(r);
        assertArrayEquals(new int[] {7, 2, 6, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1}, typed.countsPerChannel());
        assertEquals(1, typed.droppedAtoms());
        assertEquals(1, typed.notes().size());
        assertTrue(typed.notes().get(0).startsWith("20 receptor atoms in 4 residues"), typed.notes().get(0));
    }

    @Test
    void keptWatersAreDonorAcceptorOxygensWithoutFallback() {
        Receptor r = PdbReceptorReader.read(TestFiles.resource("typing/fallback.pdb"),
                ReceptorOptions.defaults().withWaters(true)).receptor();
        ReceptorXsTypes t = ReceptorXsTyper.types(r);
        assertEquals(XsType.OxygenXSDonorAcceptor, t.types()[r.atomCount() - 1], "HOH without hydrogens in the file");
        assertEquals(4, t.fallbackResidues().size(), "the water is not a fallback");
    }

    @Test
    void aResidueWithAnAtomItsTemplateLacksFallsBack() {
        String pdb = String.join("\n",
                "ATOM      1  N   ALA A   1       0.000   0.000   0.000  1.00  0.00           N",
                "ATOM      2  CA  ALA A   1       1.458   0.000   0.000  1.00  0.00           C",
                "ATOM      3  C   ALA A   1       2.009   1.420   0.000  1.00  0.00           C",
                "ATOM      4  O   ALA A   1       1.251   2.390   0.000  1.00  0.00           O",
                "ATOM      5  CB  ALA A   1       1.988  -0.773  -1.199  1.00  0.00           C",
                "ATOM      6  SE  ALA A   1       3.800  -0.773  -1.199  1.00  0.00          SE", "");
        Receptor r = PdbReceptorReader.parse(pdb, "odd.pdb", ReceptorOptions.defaults(), false).receptor();
        ReceptorXsTypes t = ReceptorXsTyper.types(r);
        assertEquals(List.of("A:ALA1 (atom SE not in template ALA)"), t.fallbackResidues());
        assertEquals(6, t.fallbackAtomCount());
        assertEquals(XsType.Sulfur, t.types()[5], "selenium is typed as sulfur");
        assertFalse(t.types()[4] == XsType.AliphaticCarbonXSHydrophobe, "CB is bonded to Se: not hydrophobic");
    }
}
