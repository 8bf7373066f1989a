package org.multipose.typing;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What each heavy atom of a standard residue is, for typing receptors read from PDB files (which have no bonds):
 * element, aromatic, bonded to a heteroatom (within the residue or across the peptide bond), number of heavy-atom
 * neighbours, sp2 (for nitrogens), and the hydrogens it carries in the default protonation state.
 *
 * <p>Covers the 20 standard amino acids, protonation variants HID/HIE/HIP (and CHARMM's HSD/HSE/HSP), CYX (disulfide)
 * and CYM (thiolate), ASH, GLH, LYN, the caps ACE, NME (NMA) and NH2, and water (HOH and its other names, for
 * receptors read with waters kept). HIS without a suffix is HIE (hydrogen on
 * NE2) when the file has no hydrogens to say otherwise. Every residue may carry a C-terminal OXT (OT1/OT2 are
 * read as O/OXT). The flags follow from the bonding of each residue; they were written by hand from the residue
 * structures and are checked by the residue unit tests.
 */
final class ResidueTemplates {

    /**
     * One heavy atom of a template.
     *
     * @param element      atomic number
     * @param aromatic     ring atom of PHE, TYR, TRP, HIS
     * @param heteroBonded bonded to an atom other than C or H
     * @param heavyDegree  heavy-atom neighbours in a chain (backbone N: CA and the previous residue's C)
     * @param sp2          nitrogen in an amide, guanidinium or aromatic ring
     * @param hydrogens    hydrogens in the default protonation state
     * @param charge       formal charge (only CYM's thiolate S matters for typing)
     */
    record AtomTemplate(int element, boolean aromatic, boolean heteroBonded, int heavyDegree, boolean sp2,
            int hydrogens, int charge) {}

    /**
     * One residue template.
     *
     * @param name    the residue name
     * @param atoms   heavy atom name → template (unmodifiable)
     * @param peptide true when the residue has a backbone N that may be an N-terminus
     */
    record Template(String name, Map<String, AtomTemplate> atoms, boolean peptide) {}

    // name element flags(a aromatic, h hetero-bonded, 2 sp2, - none) heavy-degree hydrogens [charge]
    private static final String BACKBONE = String.join("\n",
            "N   N h2 2 1",
            "CA  C h  3 0",
            "C   C h  3 0",
            "O   O -  1 0",
            "OXT O -  1 0");

    private static final String[][] SIDE_CHAINS = {
        {"ALA", "CB C - 1 3"},
        {"ARG", "CB C - 2 2", "CG C - 2 2", "CD C h 2 2", "NE N h2 2 1", "CZ C h 3 0", "NH1 N h2 1 2",
            "NH2 N h2 1 2"},
        {"ASN", "CB C - 2 2", "CG C h 3 0", "OD1 O - 1 0", "ND2 N h2 1 2"},
        {"ASP", "CB C - 2 2", "CG C h 3 0", "OD1 O - 1 0", "OD2 O - 1 0"},
        {"ASH", "CB C - 2 2", "CG C h 3 0", "OD1 O - 1 0", "OD2 O - 1 1"},
        {"CYS", "CB C h 2 2", "SG S - 1 1"},
        {"CYX", "CB C h 2 2", "SG S - 2 0"},
        {"CYM", "CB C h 2 2", "SG S - 1 0 -1"},
        {"GLN", "CB C - 2 2", "CG C - 2 2", "CD C h 3 0", "OE1 O - 1 0", "NE2 N h2 1 2"},
        {"GLU", "CB C - 2 2", "CG C - 2 2", "CD C h 3 0", "OE1 O - 1 0", "OE2 O - 1 0"},
        {"GLH", "CB C - 2 2", "CG C - 2 2", "CD C h 3 0", "OE1 O - 1 0", "OE2 O - 1 1"},
        {"GLY"},
        {"HIE", "CB C - 2 2", "CG C ah 3 0", "ND1 N ah2 2 0", "CD2 C ah 2 1", "CE1 C ah 2 1",
            "NE2 N ah2 2 1"},
        {"HID", "CB C - 2 2", "CG C ah 3 0", "ND1 N ah2 2 1", "CD2 C ah 2 1", "CE1 C ah 2 1",
            "NE2 N ah2 2 0"},
        {"HIP", "CB C - 2 2", "CG C ah 3 0", "ND1 N ah2 2 1", "CD2 C ah 2 1", "CE1 C ah 2 1",
            "NE2 N ah2 2 1 1"},
        {"ILE", "CB C - 3 1", "CG1 C - 2 2", "CG2 C - 1 3", "CD1 C - 1 3"},
        {"LEU", "CB C - 2 2", "CG C - 3 1", "CD1 C - 1 3", "CD2 C - 1 3"},
        {"LYS", "CB C - 2 2", "CG C - 2 2", "CD C - 2 2", "CE C h 2 2", "NZ N h 1 3 1"},
        {"LYN", "CB C - 2 2", "CG C - 2 2", "CD C - 2 2", "CE C h 2 2", "NZ N h 1 2"},
        {"MET", "CB C - 2 2", "CG C h 2 2", "SD S - 2 0", "CE C h 1 3"},
        {"PHE", "CB C - 2 2", "CG C a 3 0", "CD1 C a 2 1", "CD2 C a 2 1", "CE1 C a 2 1", "CE2 C a 2 1",
            "CZ C a 2 1"},
        {"PRO", "CB C - 2 2", "CG C - 2 2", "CD C h 2 2"},
        {"SER", "CB C h 2 2", "OG O - 1 1"},
        {"THR", "CB C h 3 1", "OG1 O - 1 1", "CG2 C - 1 3"},
        {"TRP", "CB C - 2 2", "CG C a 3 0", "CD1 C ah 2 1", "CD2 C a 3 0", "NE1 N ah2 2 1", "CE2 C ah 3 0",
            "CE3 C a 2 1", "CZ2 C a 2 1", "CZ3 C a 2 1", "CH2 C a 2 1"},
        {"TYR", "CB C - 2 2", "CG C a 3 0", "CD1 C a 2 1", "CD2 C a 2 1", "CE1 C a 2 1", "CE2 C a 2 1",
            "CZ C ah 3 0", "OH O - 1 1"},
        {"VAL", "CB C - 3 1", "CG1 C - 1 3", "CG2 C - 1 3"},
    };

    /** Residue name aliases → template name. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("HIS", "HIE"), Map.entry("HSE", "HIE"), Map.entry("HSD", "HID"), Map.entry("HSP", "HIP"),
            Map.entry("HIH", "HIP"), Map.entry("CYN", "CYS"), Map.entry("LYP", "LYS"), Map.entry("NMA", "NME"),
            Map.entry("WAT", "HOH"), Map.entry("H2O", "HOH"), Map.entry("DOD", "HOH"), Map.entry("D2O", "HOH"),
            Map.entry("TIP", "HOH"), Map.entry("TIP3", "HOH"), Map.entry("TIP4", "HOH"), Map.entry("TP3", "HOH"),
            Map.entry("T3P", "HOH"), Map.entry("T4P", "HOH"), Map.entry("SPC", "HOH"), Map.entry("SOL", "HOH"));

    /** Atom name aliases (other naming conventions) → template atom name. */
    private static final Map<String, String> ATOM_ALIASES =
            Map.of("OT1", "O", "OT2", "OXT", "O1", "O", "O2", "OXT");

    private static final Map<String, Template> TEMPLATES = build();

    private ResidueTemplates() {}

    private static Map<String, Template> build() {
        Map<String, Template> out = new HashMap<>();
        for (String[] res : SIDE_CHAINS) {
            Map<String, AtomTemplate> atoms = new LinkedHashMap<>();
            for (String line : BACKBONE.split("\n")) {
                put(atoms, line);
            }
            for (int i = 1; i < res.length; i++) {
                put(atoms, res[i]);
            }
            if (res[0].equals("PRO")) {
                put(atoms, "N N h2 3 0");
            }
            out.put(res[0], new Template(res[0], Collections.unmodifiableMap(atoms), true));
        }
        // caps: acetyl (CH3-C(=O)-, before the first residue) and N-methyl amide / amide (after the last)
        Map<String, AtomTemplate> ace = new LinkedHashMap<>();
        put(ace, "CH3 C - 1 3");
        put(ace, "C C h 3 0");
        put(ace, "O O - 1 0");
        ace.put("CA", ace.get("CH3"));
        out.put("ACE", new Template("ACE", Collections.unmodifiableMap(ace), false));
        Map<String, AtomTemplate> nme = new LinkedHashMap<>();
        put(nme, "N N h2 2 1");
        put(nme, "CH3 C h 1 3");
        nme.put("C", nme.get("CH3"));
        nme.put("CA", nme.get("CH3"));
        out.put("NME", new Template("NME", Collections.unmodifiableMap(nme), false));
        Map<String, AtomTemplate> nh2 = new LinkedHashMap<>();
        put(nh2, "N N h2 1 2");
        out.put("NH2", new Template("NH2", Collections.unmodifiableMap(nh2), false));
        // water, when the reader was asked to keep it: O with two hydrogens (donor and acceptor)
        Map<String, AtomTemplate> water = new LinkedHashMap<>();
        put(water, "O O - 0 2");
        water.put("OW", water.get("O"));
        water.put("OH2", water.get("O"));
        out.put("HOH", new Template("HOH", Collections.unmodifiableMap(water), false));
        // ILE's CD1 is "CD" in some force-field naming
        Template ile = out.get("ILE");
        Map<String, AtomTemplate> ileAtoms = new LinkedHashMap<>(ile.atoms());
        ileAtoms.put("CD", ileAtoms.get("CD1"));
        out.put("ILE", new Template("ILE", Collections.unmodifiableMap(ileAtoms), true));
        return Map.copyOf(out);
    }

    private static void put(Map<String, AtomTemplate> atoms, String line) {
        String[] f = line.trim().split("\\s+");
        int element = switch (f[1]) {
            case "C" -> 6;
            case "N" -> 7;
            case "O" -> 8;
            case "S" -> 16;
            default -> throw new IllegalStateException("template element " + f[1]);
        };
        String flags = f[2];
        int charge = f.length > 5 ? Integer.parseInt(f[5]) : 0;
        atoms.put(f[0], new AtomTemplate(element, flags.contains("a"), flags.contains("h"), Integer.parseInt(f[3]),
                flags.contains("2"), Integer.parseInt(f[4]), charge));
    }

    /** The template for a residue name (aliases resolved), if it is a standard residue or cap. */
    static Optional<Template> lookup(String residueName) {
        String name = ALIASES.getOrDefault(residueName, residueName);
        return Optional.ofNullable(TEMPLATES.get(name));
    }

    /** The template's name for an atom name (OT1 → O, OT2 → OXT, ...). */
    static String canonicalAtomName(String atomName) {
        return ATOM_ALIASES.getOrDefault(atomName, atomName);
    }

    /** Names of all templates (for documentation and tests). */
    static java.util.Set<String> names() {
        return TEMPLATES.keySet();
    }
}
