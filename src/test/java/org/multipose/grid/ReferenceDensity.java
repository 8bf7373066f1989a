package org.multipose.grid;

/**
 * A double-precision, brute-force re-statement of MATH.md §1 for tests: every atom against every grid point, the
 * quadratic tail in the A x² + B x + C form (the production code uses the factored form), no tables, no
 * separability, no threads. It shares nothing with {@link GridMaker} but the spec's numbers.
 *
 * <p>Grids are double[T·n³] in the same [channel][x][y][z] layout; type weights double[N·T].
 */
final class ReferenceDensity {

    final double h;
    final double dimension;
    final double radiusScale;
    final boolean truncated;
    final double g;
    final double f;
    final int n;
    private final double a2;
    private final double b1;
    private final double c0;

    ReferenceDensity(double h, double dimension, double radiusScale, double gaussianMultiple) {
        this.h = h;
        this.dimension = dimension;
        this.radiusScale = radiusScale;
        this.truncated = gaussianMultiple < 0;
        this.g = Math.abs(gaussianMultiple);
        this.f = truncated ? g : (1 + 2 * g * g) / (2 * g);
        this.n = (int) Math.round(dimension / h) + 1;
        double e = Math.exp(-2 * g * g);
        a2 = 4 * g * g * e;
        b1 = -(4 * g + 8 * g * g * g) * e;
        c0 = (4 * g * g * g * g + 4 * g * g + 1) * e;
    }

    int points() {
        return n * n * n;
    }

    /** Position of point index p (flattened x, y, z) along axis ax. */
    double coord(int p, int ax, double[] center) {
        int i = ax == 0 ? p / (n * n) : ax == 1 ? (p / n) % n : p % n;
        return center[ax] - dimension / 2 + i * h;
    }

    double rho(double d, double rp) {
        if (d <= g * rp) {
            return Math.exp(-2 * d * d / (rp * rp));
        }
        if (truncated || d > f * rp) {
            return 0;
        }
        double x = d / rp;
        return Math.max(0, a2 * x * x + b1 * x + c0);
    }

    double drho(double d, double rp) {
        if (d <= g * rp) {
            return -4 * d / (rp * rp) * Math.exp(-2 * d * d / (rp * rp));
        }
        if (truncated || d > f * rp) {
            return 0;
        }
        return (2 * a2 * d / rp + b1) / rp;
    }

    double d2rho(double d, double rp) {
        if (d <= g * rp) {
            double r2 = rp * rp;
            return (-4 / r2 + 16 * d * d / (r2 * r2)) * Math.exp(-2 * d * d / r2);
        }
        if (truncated || d > f * rp) {
            return 0;
        }
        return 2 * a2 / (rp * rp);
    }

    double distance(double[] coords, int a, int p, double[] center) {
        double s = 0;
        for (int ax = 0; ax < 3; ax++) {
            double dd = coord(p, ax, center) - coords[3 * a + ax];
            s += dd * dd;
        }
        return Math.sqrt(s);
    }

    double[] forward(double[] coords, double[] w, double[] radii, double[] center, int channels) {
        double[] grid = new double[channels * points()];
        for (int a = 0; a < radii.length; a++) {
            double rp = radii[a] * radiusScale;
            for (int p = 0; p < points(); p++) {
                double rho = rho(distance(coords, a, p, center), rp);
                for (int t = 0; t < channels; t++) {
                    grid[t * points() + p] += w[a * channels + t] * rho;
                }
            }
        }
        return grid;
    }

    /** Σ_a w_{a,t} · [ρ_a(p) &gt; 0]: how much weight touches each point (for absolute tolerances). */
    double[] support(double[] coords, double[] w, double[] radii, double[] center, int channels) {
        double[] grid = new double[channels * points()];
        for (int a = 0; a < radii.length; a++) {
            double rp = radii[a] * radiusScale;
            for (int p = 0; p < points(); p++) {
                if (rho(distance(coords, a, p, center), rp) > 0) {
                    for (int t = 0; t < channels; t++) {
                        grid[t * points() + p] += w[a * channels + t];
                    }
                }
            }
        }
        return grid;
    }

    /** L = Σ Γ · grid. */
    double loss(double[] coords, double[] w, double[] radii, double[] center, double[] gamma, int channels) {
        double[] grid = forward(coords, w, radii, center, channels);
        double s = 0;
        for (int i = 0; i < grid.length; i++) {
            s += gamma[i] * grid[i];
        }
        return s;
    }

    /** γ_a(p) = Σ_t w_{a,t} Γ_t(p). */
    double gamma(double[] w, double[] gamma, int a, int p, int channels) {
        double s = 0;
        for (int t = 0; t < channels; t++) {
            s += w[a * channels + t] * gamma[t * points() + p];
        }
        return s;
    }

    /** Atom a's share of L: Σ_p γ_a(p) ρ_a(p). */
    double atomLoss(double[] coords, double[] w, double[] radii, double[] center, double[] gamma, int channels,
            int a) {
        double rp = radii[a] * radiusScale;
        double s = 0;
        for (int p = 0; p < points(); p++) {
            double rho = rho(distance(coords, a, p, center), rp);
            if (rho != 0) {
                s += gamma(w, gamma, a, p, channels) * rho;
            }
        }
        return s;
    }

    /** Analytic g_a = Σ_p γ ρ'(d) (a − p)/d, term 0 at d = 0. */
    double[] backward(double[] coords, double[] w, double[] radii, double[] center, double[] gamma, int channels) {
        double[] out = new double[coords.length];
        for (int a = 0; a < radii.length; a++) {
            double rp = radii[a] * radiusScale;
            for (int p = 0; p < points(); p++) {
                double d = distance(coords, a, p, center);
                if (d == 0) {
                    continue;
                }
                double s = gamma(w, gamma, a, p, channels) * drho(d, rp) / d;
                for (int ax = 0; ax < 3; ax++) {
                    out[3 * a + ax] += s * (coords[3 * a + ax] - coord(p, ax, center));
                }
            }
        }
        return out;
    }

    /** Σ_p |γ ρ'(d)|: the size of the terms that make up atom a's gradient (for relative tolerances). */
    double gradientScale(double[] coords, double[] w, double[] radii, double[] center, double[] gamma,
            int channels, int a) {
        double rp = radii[a] * radiusScale;
        double s = 0;
        for (int p = 0; p < points(); p++) {
            double d = distance(coords, a, p, center);
            s += Math.abs(gamma(w, gamma, a, p, channels) * drho(d, rp));
        }
        return s;
    }

    /** Σ_p Σ_t |Γ_t| ρ: the size of the terms of atom a's type-weight gradient. */
    double weightScale(double[] coords, double[] radii, double[] center, double[] gamma, int channels, int a) {
        double rp = radii[a] * radiusScale;
        double s = 0;
        for (int p = 0; p < points(); p++) {
            double rho = rho(distance(coords, a, p, center), rp);
            for (int t = 0; t < channels; t++) {
                s += Math.abs(gamma[t * points() + p]) * rho;
            }
        }
        return s;
    }

    /** Σ_p |γ| (|ρ''| + |ρ'/d|) |V_a|, with ρ'/d → 4/r'² at d = 0: the size of atom a's second-order terms. */
    double secondOrderScale(double[] coords, double[] w, double[] radii, double[] center, double[] gamma,
            int channels, int a, double[] v) {
        double rp = radii[a] * radiusScale;
        double vn = Math.sqrt(v[3 * a] * v[3 * a] + v[3 * a + 1] * v[3 * a + 1] + v[3 * a + 2] * v[3 * a + 2]);
        double s = 0;
        for (int p = 0; p < points(); p++) {
            double d = distance(coords, a, p, center);
            double q = d == 0 ? 4 / (rp * rp) : Math.abs(drho(d, rp) / d);
            s += Math.abs(gamma(w, gamma, a, p, channels)) * (Math.abs(d2rho(d, rp)) + q) * vn;
        }
        return s;
    }

    /** Σ_p Σ_t |Γ_t| |ρ'| |V_a|: the size of the terms of atom a's second-order type-weight derivative. */
    double weightSecondOrderScale(double[] coords, double[] radii, double[] center, double[] gamma, int channels,
            int a, double[] v) {
        double rp = radii[a] * radiusScale;
        double vn = Math.sqrt(v[3 * a] * v[3 * a] + v[3 * a + 1] * v[3 * a + 1] + v[3 * a + 2] * v[3 * a + 2]);
        double s = 0;
        for (int p = 0; p < points(); p++) {
            double dr = Math.abs(drho(distance(coords, a, p, center), rp));
            for (int t = 0; t < channels; t++) {
                s += Math.abs(gamma[t * points() + p]) * dr * vn;
            }
        }
        return s;
    }

    /**
     * Zeroes Γ (every channel) at the points whose distance to some atom lies within {@code margin} of a shell
     * (G·r' or F·r'): there ρ'' (or, truncated, ρ itself) jumps, and a central difference straddling the shell
     * says nothing about the derivative. Returns how many points were zeroed.
     */
    int zeroNearShells(double[] coords, double[] radii, double[] center, double[] gamma, int channels,
            double margin) {
        int zeroed = 0;
        for (int p = 0; p < points(); p++) {
            boolean near = false;
            for (int a = 0; a < radii.length && !near; a++) {
                double rp = radii[a] * radiusScale;
                double d = distance(coords, a, p, center);
                near = Math.abs(d - g * rp) <= margin || Math.abs(d - f * rp) <= margin;
            }
            if (near) {
                zeroed++;
                for (int t = 0; t < channels; t++) {
                    gamma[t * points() + p] = 0;
                }
            }
        }
        return zeroed;
    }
}
