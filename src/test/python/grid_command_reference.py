"""Reference literals for GridCommandTest: one isolated aliphatic carbon (XS radius 1.9 Å) at the grid center,
default grid (h = 0.5 Å, L = 23.5 Å, 48 points per side, G = 1): the channel's maximum and sum, from MATH.md §1
evaluated in double precision with numpy (independent of the Java code)."""
import numpy as np

h, L, r, G = 0.5, 23.5, 1.9, 1.0
n = int(round(L / h)) + 1
off = -L / 2 + h * np.arange(n)          # point offsets from the center (the atom)
dx, dy, dz = np.meshgrid(off, off, off, indexing="ij")
d = np.sqrt(dx**2 + dy**2 + dz**2)
x = d / r
e = np.exp(-2 * G * G)
F = (1 + 2 * G * G) / (2 * G)
rho = np.where(x <= G, np.exp(-2 * d**2 / r**2),
               np.where(x <= F, np.maximum(0, 4 * G * G * e * x**2 - (4 * G + 8 * G**3) * e * x
                                           + (4 * G**4 + 4 * G * G + 1) * e), 0.0))
print(f"n = {n}, max = {rho.max():.9f}, sum = {rho.sum():.9f}")
