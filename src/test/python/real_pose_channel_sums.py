"""Reference literals for GridRealDataTest: per-channel sums of the default grid (h 0.5 Å, L 23.5 Å, G = 1,
centered on the heavy-atom centroid) of ../shared/data/plb-vina/tyk2/poses/lig_ejm_31.sdf record 1, ligand only.

Atom typing by hand from the record's bond table (smina's XS rules: a carbon bonded to any atom other than C/H is
non-hydrophobic; amide/aniline NH are donors, the pyridine N an acceptor, carbonyl O acceptors), per-atom XS radii
(C 1.9, N 1.8, O 1.7, Cl 1.8 Å). Densities from MATH.md §1 in double precision with numpy; no project code."""
import sys
import numpy as np

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/plb-vina/tyk2/poses/lig_ejm_31.sdf"
lines = open(path).read().split("\n")
n = int(lines[3][:3])
xyz = np.array([[float(l[0:10]), float(l[10:20]), float(l[20:30])] for l in lines[4:4 + n]])
# channel per atom (1-based atom numbers in the comment), ligand channel order of gnina's default map
AC_H, AC_P, AR_H, AR_P, CL, N_A, N_D, O_A = 0, 1, 2, 3, 5, 7, 8, 9
channel = [AR_H, AR_H, AR_P, AR_H, AR_P, AR_H,  # 1-6 dichlorophenyl ring (3, 5 carry Cl)
           CL, AC_P, O_A, N_D,                  # 7 Cl, 8 C=O carbon, 9 O, 10 amide NH
           AR_P, AR_H, AR_P, N_A, AR_P, AR_H,    # 11-16 pyridine ring (14 is N)
           N_D, AC_P, O_A, AC_H, CL]            # 17 NH, 18 C=O carbon, 19 O, 20 methyl, 21 Cl
radius = {AC_H: 1.9, AC_P: 1.9, AR_H: 1.9, AR_P: 1.9, CL: 1.8, N_A: 1.8, N_D: 1.8, O_A: 1.7}
h, L, G = 0.5, 23.5, 1.0
c = xyz.mean(axis=0)
pts = c[None, :] - L / 2 + h * np.arange(int(round(L / h)) + 1)[:, None]   # per-axis coordinates
e = np.exp(-2 * G * G)
sums = {}
for a in range(n):
    r = radius[channel[a]]
    dx, dy, dz = np.meshgrid(pts[:, 0] - xyz[a, 0], pts[:, 1] - xyz[a, 1], pts[:, 2] - xyz[a, 2], indexing="ij")
    d = np.sqrt(dx**2 + dy**2 + dz**2)
    x = d / r
    rho = np.where(x <= G, np.exp(-2 * d**2 / r**2),
                   np.where(x <= 1.5, np.maximum(0, 4 * e * x**2 - 12 * e * x + 9 * e), 0.0))
    sums[channel[a]] = sums.get(channel[a], 0.0) + rho.sum()
for ch in sorted(sums):
    print(ch, f"{sums[ch]:.6f}")
