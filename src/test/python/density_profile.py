#!/usr/bin/env python3
"""Independent reference values for DensityProfileTest (org.multipose.grid).

One atom of radius r' = 1.625 A at center + (0.125, -0.25, 0.375) on a grid with h = 0.5 A, L = 6 A
(13 points per side), center (10, -5, 2.5). Prints, for chosen grid points (i, j, k), the distance d and the
density under four specs: G = 1, G = 1.5, truncated G = -1.5, binary. The formulas are MATH.md section 1 written
out here in numpy (float64), not the Java code. The printed values are the literals in DensityProfileTest.
"""
import numpy as np

h, L = 0.5, 6.0
n = int(round(L / h)) + 1
center = np.array([10.0, -5.0, 2.5])
atom = center + np.array([0.125, -0.25, 0.375])
r = 1.625  # exactly representable in float32 (so is 3.25 * 0.5, the radius-scale variant)
origin = center - L / 2

POINTS = [(6, 6, 6), (8, 6, 6), (9, 7, 6), (3, 6, 6), (6, 6, 10), (10, 6, 6), (10, 7, 7), (2, 6, 6),
          (11, 6, 6), (1, 6, 6)]


def density(d, rp, G):
    if G < 0:  # truncated
        g = -G
        return np.exp(-2 * d * d / (rp * rp)) if d <= g * rp else 0.0
    F = (1 + 2 * G * G) / (2 * G)
    if d <= G * rp:
        return np.exp(-2 * d * d / (rp * rp))
    if d <= F * rp:
        e = np.exp(-2 * G * G)
        A = 4 * G * G * e
        B = -(4 * G + 8 * G ** 3) * e
        C = (4 * G ** 4 + 4 * G * G + 1) * e
        x = d / rp
        return max(0.0, A * x * x + B * x + C)
    return 0.0


print("n =", n)
for p in POINTS:
    pos = origin + h * np.array(p)
    d = np.linalg.norm(pos - atom)
    vals = [density(d, r, 1.0), density(d, r, 1.5), density(d, r, -1.5), 1.0 if d < r else 0.0]
    print("{%d, %d, %d}, d = %.6f:  {%s}" % (p + (d, ", ".join("%.9e" % v for v in vals))))
