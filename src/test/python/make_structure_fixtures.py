#!/usr/bin/env python3
"""Writes the small SDF / MOL2 / PDB fixtures under src/test/resources/{typing,structure}.

The molecules are written from hand-made bond tables; coordinates only need to be 3D (CDK reads a molfile whose
z are all 0 as 2D) except for the PDB fixtures, where distances matter (hydrogens within 1.4 A of their atom, the
previous residue's C within 2.0 A of N, planar rings and amides for the distance-based fallback): those are built
from ideal geometry below. The expected type counts in the tests were written by hand from the structures, not by
this script. Run from the repository root: python3 src/test/python/make_structure_fixtures.py
"""
import math
import os

ROOT = os.path.join(os.path.dirname(__file__), "..", "resources")


def coords(n):
    # a zigzag in 3D, 1.5 A steps: never all-z-zero, never overlapping
    return [(1.5 * i, 0.8 * (i % 2), 0.3 * (i % 3) + 0.1) for i in range(n)]


def molfile(title, atoms, bonds, charges=(), props=()):
    """atoms: element symbols; bonds: (i, j, order) 1-based; charges: (atom, charge); props: (name, value)."""
    xyz = coords(len(atoms))
    lines = [title, "  multipose-fixture 3D", ""]
    lines.append("%3d%3d  0  0  0  0  0  0  0  0999 V2000" % (len(atoms), len(bonds)))
    for (x, y, z), el in zip(xyz, atoms):
        lines.append("%10.4f%10.4f%10.4f %-3s 0  0  0  0  0  0  0  0  0  0  0  0" % (x, y, z, el))
    for i, j, o in bonds:
        lines.append("%3d%3d%3d  0" % (i, j, o))
    if charges:
        lines.append("M  CHG%3d" % len(charges) + "".join("%4d%4d" % c for c in charges))
    lines.append("M  END")
    for k, v in props:
        lines += [">  <%s>" % k, str(v), ""]
    lines.append("$$$$")
    return "\n".join(lines) + "\n"


def with_h(atoms, bonds, hcounts):
    """Adds explicit hydrogens: hcounts[i] hydrogens on atom i (0-based)."""
    atoms = list(atoms)
    bonds = list(bonds)
    for i, h in enumerate(hcounts):
        for _ in range(h):
            atoms.append("H")
            bonds.append((i + 1, len(atoms), 1))
    return atoms, bonds


# --- ligands for typing (name, atoms, bonds, charges, implicit H per heavy atom for the explicit-H variant) ---
RING6 = [(1, 2, 2), (2, 3, 1), (3, 4, 2), (4, 5, 1), (5, 6, 2), (6, 1, 1)]
AROM6 = [(1, 2, 4), (2, 3, 4), (3, 4, 4), (4, 5, 4), (5, 6, 4), (6, 1, 4)]
MOLS = [
    ("benzene", ["C"] * 6, RING6, (), [1] * 6),
    ("phenol", ["C"] * 6 + ["O"], RING6 + [(1, 7, 1)], (), [0, 1, 1, 1, 1, 1, 1]),
    ("pyridine", ["N"] + ["C"] * 5, RING6, (), [0, 1, 1, 1, 1, 1]),
    ("pyrrole", ["N", "C", "C", "C", "C"], [(1, 2, 1), (2, 3, 2), (3, 4, 1), (4, 5, 2), (5, 1, 1)], (),
     [1, 1, 1, 1, 1]),
    ("acetamide", ["C", "C", "O", "N"], [(1, 2, 1), (2, 3, 2), (2, 4, 1)], (), [3, 0, 0, 2]),
    ("acetate", ["C", "C", "O", "O"], [(1, 2, 1), (2, 3, 2), (2, 4, 1)], ((4, -1),), [3, 0, 0, 0]),
    ("ethylamine", ["C", "C", "N"], [(1, 2, 1), (2, 3, 1)], (), [3, 2, 2]),
    ("methylammonium", ["C", "N"], [(1, 2, 1)], ((2, 1),), [3, 3]),
    ("trimethylamine", ["N", "C", "C", "C"], [(1, 2, 1), (1, 3, 1), (1, 4, 1)], (), [0, 3, 3, 3]),
    ("aniline", ["C"] * 6 + ["N"], RING6 + [(1, 7, 1)], (), [0, 1, 1, 1, 1, 1, 2]),
    ("acetonitrile", ["C", "C", "N"], [(1, 2, 1), (2, 3, 3)], (), [3, 0, 0]),
    ("methanethiol", ["C", "S"], [(1, 2, 1)], (), [3, 1]),
    ("methanethiolate", ["C", "S"], [(1, 2, 1)], ((2, -1),), [3, 0]),
    ("nitrobenzene", ["C"] * 6 + ["N", "O", "O"], RING6 + [(1, 7, 1), (7, 8, 2), (7, 9, 1)], ((7, 1), (9, -1)),
     [0, 1, 1, 1, 1, 1, 0, 0, 0]),
    ("methanol", ["C", "O"], [(1, 2, 1)], (), [3, 1]),
    ("methanesulfonamide", ["C", "S", "O", "O", "N"], [(1, 2, 1), (2, 3, 2), (2, 4, 2), (2, 5, 1)], (),
     [3, 0, 0, 0, 2]),
    ("halobenzene", ["C"] * 6 + ["F", "Cl", "Br", "I"],
     RING6 + [(1, 7, 1), (2, 8, 1), (3, 9, 1), (4, 10, 1)], (), [0, 0, 0, 0, 1, 1, 0, 0, 0, 0]),
    ("methylphosphate", ["C", "O", "P", "O", "O", "O"],
     [(1, 2, 1), (2, 3, 1), (3, 4, 2), (3, 5, 1), (3, 6, 1)], ((5, -1), (6, -1)), [3, 0, 0, 0, 0, 0]),
]


def write(path, text):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


def ligand_fixtures():
    for name, atoms, bonds, charges, hcount in MOLS:
        write("typing/%s.sdf" % name, molfile(name, atoms, bonds, charges))
        a, b = with_h(atoms, bonds, hcount)
        write("typing/%s_h.sdf" % name, molfile(name, a, b, charges))
    # aromatic bond order 4, no hydrogens anywhere (the STACK.md trap), pyrrole/imidazole need an [nH] guess
    write("typing/benzene_arom4.sdf", molfile("benzene", ["C"] * 6, AROM6))
    write("typing/pyridine_arom4.sdf", molfile("pyridine", ["N"] + ["C"] * 5, AROM6))
    write("typing/pyrrole_arom4.sdf", molfile("pyrrole", ["N", "C", "C", "C", "C"],
                                              [(1, 2, 4), (2, 3, 4), (3, 4, 4), (4, 5, 4), (5, 1, 4)]))
    write("typing/imidazole_arom4.sdf", molfile("imidazole", ["N", "C", "N", "C", "C"],
                                                [(1, 2, 4), (2, 3, 4), (3, 4, 4), (4, 5, 4), (5, 1, 4)]))
    # all of them in one multi-record file, with SD tags
    text = ""
    for k, (name, atoms, bonds, charges, _) in enumerate(MOLS):
        text += molfile(name, atoms, bonds, charges, props=(("pose_rank", k + 1), ("vina_score", -5.5 - k / 10),
                                                           ("note", "ligand %s" % name)))
    write("typing/all_ligands.sdf", text)


def mol2(name, atoms, bonds):
    """atoms: (element, sybyl type); bonds: (i, j, type) 1-based."""
    xyz = coords(len(atoms))
    out = ["@<TRIPOS>MOLECULE", name, "%d %d 0 0 0" % (len(atoms), len(bonds)), "SMALL", "GASTEIGER", "",
           "@<TRIPOS>ATOM"]
    for k, ((el, ty), (x, y, z)) in enumerate(zip(atoms, xyz)):
        out.append("%7d %-4s %10.4f %10.4f %10.4f %-6s 1  UNL1  0.0000" % (k + 1, el + str(k + 1), x, y, z, ty))
    out.append("@<TRIPOS>BOND")
    for k, (i, j, t) in enumerate(bonds):
        out.append("%6d %5d %5d %s" % (k + 1, i, j, t))
    return "\n".join(out) + "\n"


def mol2_fixtures():
    ring_ar = [(1, 2, "ar"), (2, 3, "ar"), (3, 4, "ar"), (4, 5, "ar"), (5, 6, "ar"), (6, 1, "ar")]
    benz = [("C", "C.ar")] * 6 + [("H", "H")] * 6
    benz_b = ring_ar + [(i, i + 6, "1") for i in range(1, 7)]
    phenol = [("C", "C.ar")] * 6 + [("O", "O.3")] + [("H", "H")] * 6
    phenol_b = ring_ar + [(1, 7, "1")] + [(i, i + 6, "1") for i in range(2, 7)] + [(7, 13, "1")]
    acetate = [("C", "C.3"), ("C", "C.2"), ("O", "O.co2"), ("O", "O.co2"), ("H", "H"), ("H", "H"), ("H", "H")]
    acetate_b = [(1, 2, "1"), (2, 3, "ar"), (2, 4, "ar"), (1, 5, "1"), (1, 6, "1"), (1, 7, "1")]
    mam = [("C", "C.3"), ("N", "N.4")] + [("H", "H")] * 6
    mam_b = [(1, 2, "1"), (1, 3, "1"), (1, 4, "1"), (1, 5, "1"), (2, 6, "1"), (2, 7, "1"), (2, 8, "1")]
    acetamide = [("C", "C.3"), ("C", "C.2"), ("O", "O.2"), ("N", "N.am")] + [("H", "H")] * 5
    acetamide_b = [(1, 2, "1"), (2, 3, "2"), (2, 4, "am"), (1, 5, "1"), (1, 6, "1"), (1, 7, "1"), (4, 8, "1"),
                   (4, 9, "1")]
    pyr = [("N", "N.ar")] + [("C", "C.ar")] * 5
    text = (mol2("benzene", benz, benz_b) + mol2("phenol", phenol, phenol_b) + mol2("acetate", acetate, acetate_b)
            + mol2("methylammonium", mam, mam_b) + mol2("acetamide", acetamide, acetamide_b)
            + mol2("pyridine", pyr, ring_ar))
    write("typing/ligands.mol2", text)
    # malformed: bad coordinate, bond to atom 9 of 2, counts mismatch; good records around them
    good = mol2("good1", [("C", "C.3"), ("O", "O.3")], [(1, 2, "1")])
    badxyz = mol2("badxyz", [("C", "C.3"), ("O", "O.3")], [(1, 2, "1")]).replace("   1.5000 ", "   1.5x00 ")
    badbond = mol2("badbond", [("C", "C.3"), ("O", "O.3")], [(1, 9, "1")])
    badcount = mol2("badcount", [("C", "C.3"), ("O", "O.3")], [(1, 2, "1")]).replace("2 1 0 0 0", "3 1 0 0 0")
    good2 = mol2("good2", [("N", "N.3")], [])
    write("structure/malformed.mol2", good + badxyz + badbond + badcount + good2)


# --- PDB fixtures: ideal geometry helpers ---
def place(a, b, c, bond, angle, torsion):
    """NeRF: position of d given a, b, c, |cd| = bond, angle bcd, torsion abcd (degrees)."""
    ang = math.radians(angle)
    tor = math.radians(torsion)
    bc = [c[i] - b[i] for i in range(3)]
    nbc = math.sqrt(sum(v * v for v in bc))
    bc = [v / nbc for v in bc]
    ab = [b[i] - a[i] for i in range(3)]
    n = [ab[1] * bc[2] - ab[2] * bc[1], ab[2] * bc[0] - ab[0] * bc[2], ab[0] * bc[1] - ab[1] * bc[0]]
    nn = math.sqrt(sum(v * v for v in n))
    n = [v / nn for v in n]
    m = [n[1] * bc[2] - n[2] * bc[1], n[2] * bc[0] - n[0] * bc[2], n[0] * bc[1] - n[1] * bc[0]]
    d2 = [-bond * math.cos(ang), bond * math.sin(ang) * math.cos(tor), bond * math.sin(ang) * math.sin(tor)]
    return tuple(c[i] + d2[0] * bc[i] + d2[1] * m[i] + d2[2] * n[i] for i in range(3))


def pdb_line(rec, serial, name, resn, chain, resi, xyz, element, altloc=" ", charge=""):
    nm = name if len(name) == 4 or len(element) == 2 else " " + name
    return "%-6s%5d %-4s%1s%3s %1s%4d    %8.3f%8.3f%8.3f%6.2f%6.2f          %2s%-2s" % (
        rec, serial, nm, altloc, resn, chain, resi, xyz[0], xyz[1], xyz[2], 1.0, 0.0, element, charge)


class Writer:
    def __init__(self):
        self.lines = []
        self.serial = 0

    def atom(self, name, resn, resi, xyz, element, rec="ATOM", chain="A", altloc=" ", charge=""):
        self.serial += 1
        self.lines.append(pdb_line(rec, self.serial, name, resn, chain, resi, xyz, element, altloc, charge))

    def text(self, end=True):
        return "\n".join(self.lines + (["END"] if end else [])) + "\n"


def hydrogens_on(w, host_xyz, names, resn, resi, away, rec="ATOM", chain="A"):
    """Puts hydrogens 1.0 A from the host, spread around the direction 'away'."""
    for k, nm in enumerate(names):
        ang = 2 * math.pi * k / max(1, len(names))
        d = (away[0] + 0.3 * math.cos(ang), away[1] + 0.3 * math.sin(ang), away[2])
        nd = math.sqrt(sum(v * v for v in d))
        w.atom(nm, resn, resi, tuple(host_xyz[i] + d[i] / nd for i in range(3)), "H", rec=rec, chain=chain)


def residue_fixtures():
    """One chain: ACE - residues - NME on a lattice, heavy atoms 2.5 A apart (no accidental bonds matter:
    template typing uses names), peptide C-N at 1.33 A, hydrogens at 1.0 A from their host."""
    specs = [
        # name, heavy atoms (name, element), hydrogens: host -> names (only polar ones matter)
        ("PHE", ["CB", "CG", "CD1", "CD2", "CE1", "CE2", "CZ"], {"N": ["H"]}),
        ("SER", ["CB", "OG"], {"N": ["H"], "OG": ["HG"]}),
        ("HIS", ["CB", "CG", "ND1", "CD2", "CE1", "NE2"], {"N": ["H"], "ND1": ["HD1"]}),
        ("LYS", ["CB", "CG", "CD", "CE", "NZ"], {"N": ["H"], "NZ": ["HZ1", "HZ2", "HZ3"]}),
        ("ASP", ["CB", "CG", "OD1", "OD2"], {"N": ["H"]}),
        ("PRO", ["CB", "CG", "CD"], {}),
        ("TRP", ["CB", "CG", "CD1", "CD2", "NE1", "CE2", "CE3", "CZ2", "CZ3", "CH2"], {"N": ["H"], "NE1": ["HE1"]}),
        ("TYR", ["CB", "CG", "CD1", "CD2", "CE1", "CE2", "CZ", "OH"], {"N": ["H"], "OH": ["HH"]}),
        ("ARG", ["CB", "CG", "CD", "NE", "CZ", "NH1", "NH2"],
         {"N": ["H"], "NE": ["HE"], "NH1": ["HH11", "HH12"], "NH2": ["HH21", "HH22"]}),
        ("CYS", ["CB", "SG"], {"N": ["H"], "SG": ["HG"]}),
        ("THR", ["CB", "OG1", "CG2"], {"N": ["H"], "OG1": ["HG1"]}),
    ]
    w = Writer()
    x = 0.0
    # ACE cap
    w.atom("CH3", "ACE", 1, (x, 0, 0), "C", rec="HETATM")
    w.atom("O", "ACE", 1, (x, 2.5, 0), "O", rec="HETATM")
    w.atom("C", "ACE", 1, (x + 1.5, 0, 0), "C", rec="HETATM")
    prev_c = (x + 1.5, 0, 0)
    resi = 2
    for resn, side, hs in specs:
        n = (prev_c[0] + 1.33, 0, 0)
        base = n[0]
        atoms = {"N": (n, "N"), "CA": ((base + 2.5, 0, 0), "C"), "O": ((base + 5.0, 2.5, 0), "O")}
        for k, nm in enumerate(side):
            el = nm[0]
            atoms[nm] = ((base + 2.5 * (k % 3), 5.0 + 2.5 * (k // 3), 0), el)
        c = (base + 5.0, 0, 0)
        for nm in ["N", "CA"]:
            w.atom(nm, resn, resi, atoms[nm][0], atoms[nm][1])
        w.atom("C", resn, resi, c, "C")
        w.atom("O", resn, resi, atoms["O"][0], "O")
        for nm in side:
            w.atom(nm, resn, resi, atoms[nm][0], atoms[nm][1])
        for host, names in hs.items():
            hydrogens_on(w, atoms[host][0], names, resn, resi, (0, 0, 1))
        prev_c = c
        resi += 1
    # NME cap
    n = (prev_c[0] + 1.33, 0, 0)
    w.atom("N", "NME", resi, n, "N", rec="HETATM")
    w.atom("C", "NME", resi, (n[0] + 1.46, 0, 0), "C", rec="HETATM")
    hydrogens_on(w, n, ["H"], "NME", resi, (0, 0, 1), rec="HETATM")
    write("typing/residues.pdb", w.text())

    # the same residue kinds without any hydrogens and with variant names, and two N-termini
    w = Writer()
    resi = 1
    for resn, heavy in [("HIS", ["CB", "CG", "ND1", "CD2", "CE1", "NE2"]),
                        ("HIP", ["CB", "CG", "ND1", "CD2", "CE1", "NE2"]),
                        ("LYN", ["CB", "CG", "CD", "CE", "NZ"]),
                        ("ASH", ["CB", "CG", "OD1", "OD2"]),
                        ("GLU", ["CB", "CG", "CD", "OE1", "OE2"])]:
        base = 30.0 * resi
        w.atom("N", resn, resi, (base, 0, 0), "N", chain="B")
        w.atom("CA", resn, resi, (base + 2.5, 0, 0), "C", chain="B")
        w.atom("C", resn, resi, (base + 5.0, 0, 0), "C", chain="B")
        w.atom("O", resn, resi, (base + 5.0, 2.5, 0), "O", chain="B")
        for k, nm in enumerate(heavy):
            w.atom(nm, resn, resi, (base + 2.5 * (k % 3), 5.0 + 2.5 * (k // 3), 0), nm[0], chain="B")
        resi += 1
    write("typing/residues_noh.pdb", w.text(end=False))

    # N-terminal residues with hydrogens: GLY with NH3+ (3 H) and ALA with a neutral NH2 (2 H)
    w = Writer()
    for resi, (resn, hn, side) in enumerate([("GLY", ["H1", "H2", "H3"], []), ("ALA", ["H1", "H2"], ["CB"])], 1):
        base = 40.0 * resi
        w.atom("N", resn, resi, (base, 0, 0), "N", chain="C")
        w.atom("CA", resn, resi, (base + 2.5, 0, 0), "C", chain="C")
        w.atom("C", resn, resi, (base + 5.0, 0, 0), "C", chain="C")
        w.atom("O", resn, resi, (base + 5.0, 2.5, 0), "O", chain="C")
        w.atom("OXT", resn, resi, (base + 7.5, 0, 0), "O", chain="C")
        for nm in side:
            w.atom(nm, resn, resi, (base + 2.5, 5.0, 0), "C", chain="C")
        hydrogens_on(w, (base, 0, 0), hn, resn, resi, (0, 0, 1), chain="C")
    write("typing/termini.pdb", w.text())


def fallback_fixture():
    """HETATM groups with ideal geometry: a benzene ring + a chair cyclohexane (group LIG), N-methylacetamide with
    hydrogens (group NMX, not a template), a zinc and a magnesium ion, a water."""
    w = Writer()
    # benzene, planar, C-C 1.39, hydrogens 1.08 A out along the radius
    for k in range(6):
        a = math.radians(60 * k)
        w.atom("C%d" % (k + 1), "LIG", 1, (1.39 * math.cos(a), 1.39 * math.sin(a), 0.0), "C", rec="HETATM")
    # cyclohexane chair, centred 6 A away: ring radius 1.45, alternating z +-0.25 (C-C ~1.53)
    for k in range(6):
        a = math.radians(60 * k)
        w.atom("C%d" % (k + 7), "LIG", 1, (6 + 1.45 * math.cos(a), 1.45 * math.sin(a), 0.25 if k % 2 else -0.25),
               "C", rec="HETATM")
    # N-methylacetamide in the plane z = 10: CA-C(=O)-N(H)-CN
    ca = (0.0, 0.0, 10.0)
    c = (1.52, 0.0, 10.0)
    o = place((0, 1, 10), ca, c, 1.23, 121, 0)
    n = place(o, ca, c, 1.33, 116, 180)
    cn = place(ca, c, n, 1.46, 122, 180)
    h = place(ca, c, n, 1.01, 119, 0)
    for nm, xyz, el in [("CA", ca, "C"), ("C", c, "C"), ("O", o, "O"), ("N", n, "N"), ("CN", cn, "C"),
                        ("H", h, "H")]:
        w.atom(nm, "NMX", 2, xyz, el, rec="HETATM")
    w.atom("ZN", "ZN", 3, (20.0, 0, 0), "Zn", rec="HETATM", charge="2+")
    w.atom("MG", "MG", 4, (25.0, 0, 0), "Mg", rec="HETATM")
    w.atom("O", "HOH", 5, (30.0, 0, 0), "O", rec="HETATM")
    write("typing/fallback.pdb", w.text())


def reader_fixtures():
    """PDB reader cases: no END line, altlocs, waters, hydrogens, metal, other HETATM, a bad coordinate, a short
    line, element from the atom name, a second MODEL."""
    w = Writer()
    w.lines.append("REMARK   1 reader fixture: no END line on purpose")
    w.lines.append("MODEL        1")
    w.atom("N", "ALA", 1, (0.0, 0.0, 0.0), "N")
    w.atom("CA", "ALA", 1, (1.458, 0.0, 0.0), "C")
    w.atom("C", "ALA", 1, (2.009, 1.420, 0.0), "C")
    w.atom("O", "ALA", 1, (1.251, 2.390, 0.0), "O")
    w.atom("CB", "ALA", 1, (1.988, -0.773, -1.199), "C", altloc="A")
    w.atom("CB", "ALA", 1, (1.900, -0.900, 1.100), "C", altloc="B")
    w.atom("H", "ALA", 1, (-0.5, -0.8, 0.0), "H")
    w.atom("O", "HOH", 2, (5.0, 5.0, 5.0), "O", rec="HETATM")
    w.atom("H1", "HOH", 2, (5.9, 5.0, 5.0), "H", rec="HETATM")
    w.atom("H2", "HOH", 2, (4.7, 5.9, 5.0), "H", rec="HETATM")
    w.atom("ZN", "ZN", 3, (8.0, 0.0, 0.0), "Zn", rec="HETATM", charge="2+")
    w.atom("C1", "LIG", 4, (10.0, 0.0, 0.0), "C", rec="HETATM")
    w.atom("CL1", "LIG", 4, (11.8, 0.0, 0.0), "Cl", rec="HETATM")
    w.lines.append(pdb_line("ATOM", 14, "N", "GLY", "A", 5, (12.0, 0.0, 0.0), "N").replace("  12.000", "  12.0x0"))
    w.lines.append("ATOM     15  CA  GLY A   5      13.0 0.0 0.0")
    # element columns blank: from the atom name
    w.lines.append(pdb_line("ATOM", 16, "CA", "GLY", "A", 6, (14.0, 0.0, 0.0), "C")[:66])
    w.lines.append(pdb_line("HETATM", 17, "FE", "FE", "A", 7, (16.0, 0.0, 0.0), "Fe")[:66])
    w.lines.append(pdb_line("ATOM", 18, "HG21", "THR", "A", 8, (18.0, 0.0, 0.0), "H")[:66])
    w.lines.append("ENDMDL")
    w.lines.append("MODEL        2")
    w.atom("N", "ALA", 1, (0.1, 0.0, 0.0), "N")
    w.lines.append("ENDMDL")
    write("structure/reader_cases.pdb", w.text(end=False))
    # PDBQT: AutoDock types in columns 78-79
    lines = [
        "ATOM      1  N   ALA A   1       0.000   0.000   0.000  0.00  0.00    -0.350 N ",
        "ATOM      2  CA  ALA A   1       1.458   0.000   0.000  0.00  0.00     0.170 C ",
        "ATOM      3  CG  PHE A   2       4.000   0.000   0.000  0.00  0.00     0.000 A ",
        "ATOM      4  OG  SER A   3       6.000   0.000   0.000  0.00  0.00    -0.390 OA",
        "ATOM      5  HG  SER A   3       6.900   0.000   0.000  0.00  0.00     0.210 HD",
        "ATOM      6  SD  MET A   4       9.000   0.000   0.000  0.00  0.00    -0.170 SA",
        "ATOM      7  ND1 HIS A   5      12.000   0.000   0.000  0.00  0.00    -0.250 NA",
    ]
    write("structure/receptor.pdbqt", "\n".join(lines) + "\n")


def sdf_reader_fixtures():
    good1 = molfile("good1", ["C", "O"], [(1, 2, 1)], props=(("score", -7.5), ("label", "first")))
    short = ("shorty\n  test\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n 1.0 0.0 0.5 C\n 2.5 0.0 0.5 O\n"
             "  1  2  1  0\nM  END\n$$$$\n")
    badbond = molfile("badbond", ["C", "O"], [(1, 9, 1)])
    nocounts = ("nocounts\n  test\n"
                "    1.0000    0.0000    0.5000 C   0  0  0  0  0  0  0  0  0  0  0  0\nM  END\n$$$$\n")
    empty = "$$$$\n"
    good2 = molfile("good2", ["N", "C"], [(1, 2, 1)], props=(("score", "n/a"),))
    write("structure/malformed.sdf", good1 + short + badbond + nocounts + empty + good2)
    write("structure/blank_title.sdf", molfile("", ["C", "O"], [(1, 2, 1)], props=(("ID", "cpd-42"),))
          + molfile("   ", ["C", "N"], [(1, 2, 1)]))
    flat = molfile("flat", ["C", "O"], [(1, 2, 1)]).replace("    0.1000 C", "    0.0000 C").replace(
        "    0.4000 O", "    0.0000 O").replace("fixture 3D", "fixture 2D")
    write("structure/flat.sdf", flat)
    write("structure/empty.sdf", "")
    write("structure/lig7/out.sdf", molfile("", ["C", "C", "O"], [(1, 2, 1), (2, 3, 1)]))


if __name__ == "__main__":
    ligand_fixtures()
    mol2_fixtures()
    residue_fixtures()
    fallback_fixture()
    reader_fixtures()
    sdf_reader_fixtures()
