package org.multipose.typing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.multipose.structure.Receptor;
import org.openscience.cdk.config.Elements;

/**
 * The receptor typing fallback for residues without a template: bonds from distances, then the XS rules.
 *
 * <p>Two atoms are bonded when 0.4 Å &lt; d &lt; r1 + r2 + 0.45 Å with CDK's covalent radii (OpenBabel's
 * connect-the-dots rule); a hydrogen is bonded only to its nearest heavy atom. Metals are left unbonded (they are
 * typed by element, and a carbon next to a zinc stays as it is; OpenBabel would bond them). Without bond orders,
 * aromatic and sp2 are read from geometry: an atom is aromatic when it lies in a 5- or 6-membered ring of C/N/O/S
 * atoms that is planar within 0.1 Å; a nitrogen is sp2 when aromatic, when it has three neighbours in a plane (bond
 * angles summing to at least 350°), or when bonded to a C/N/O that has three neighbours in a plane (amide,
 * aniline-type N). Hydrogen counts are the hydrogens present in the file: a fallback residue written without
 * hydrogens is typed as if its N and O carried none (no donors).
 */
final class DistanceBonds {

    static final double TOLERANCE = 0.45;
    static final double MIN_DISTANCE = 0.4;
    static final double PLANAR_RING = 0.1;
    static final double PLANAR_ANGLE_SUM = 350.0;
    private static final double CELL = 3.2; // >= the longest bond cutoff (I-I: 1.33 + 1.33 + 0.45)

    private final Receptor r;
    private final int[] z;
    private final float[] xyz;
    private final float[] radius;
    private final Map<Long, List<Integer>> cells = new HashMap<>();
    private final Map<Integer, int[]> neighbourCache = new HashMap<>();

    private DistanceBonds(Receptor r) {
        this.r = r;
        this.z = r.atomicNumbers();
        this.xyz = r.coords();
        this.radius = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            Double cov = Elements.ofNumber(z[i]).covalentRadius();
            radius[i] = cov == null ? 1.5f : cov.floatValue();
            if (!Elements.isMetal(z[i])) {
                cells.computeIfAbsent(key(i), k -> new ArrayList<>()).add(i);
            }
        }
    }

    /** Types {@code atoms} of {@code r} into {@code out} by distance-based bonding. */
    static void type(Receptor r, int[] atoms, XsType[] out) {
        DistanceBonds db = new DistanceBonds(r);
        for (int i : atoms) {
            out[i] = db.typeOf(i);
        }
    }

    private XsType typeOf(int i) {
        if (z[i] == 1) {
            int host = hostOf(i);
            return XsRules.hydrogen(host < 0 ? 0 : z[host]);
        }
        if (Elements.isMetal(z[i])) {
            return XsRules.heavy(z[i], false, false, 0, 0, false, r.formalCharges()[i]);
        }
        int[] nb = neighbours(i);
        boolean hetero = false;
        int heavy = 0;
        for (int j : nb) {
            heavy++;
            if (z[j] != 6) {
                hetero = true;
            }
        }
        int h = hydrogensOn(i);
        boolean aromatic = inPlanarRing(i);
        boolean sp2 = false;
        if (z[i] == 7) {
            sp2 = aromatic || trigonalPlanar(i);
            for (int j = 0; !sp2 && j < nb.length; j++) {
                int k = nb[j];
                sp2 = (z[k] == 6 || z[k] == 7 || z[k] == 8) && trigonalPlanar(k);
            }
        }
        return XsRules.heavy(z[i], aromatic, hetero, h, heavy + h, sp2, r.formalCharges()[i]);
    }

    /** Heavy (non-metal) neighbours of atom i. */
    private int[] neighbours(int i) {
        int[] cached = neighbourCache.get(i);
        if (cached != null) {
            return cached;
        }
        List<Integer> out = new ArrayList<>();
        forNear(i, j -> {
            if (z[j] != 1 && bonded(i, j)) {
                out.add(j);
            }
        });
        int[] a = out.stream().mapToInt(Integer::intValue).toArray();
        neighbourCache.put(i, a);
        return a;
    }

    /** Hydrogens whose nearest bonded heavy atom is i. */
    private int hydrogensOn(int i) {
        int[] count = {0};
        forNear(i, j -> {
            if (z[j] == 1 && bonded(i, j) && hostOf(j) == i) {
                count[0]++;
            }
        });
        return count[0];
    }

    /** The nearest heavy atom bonded to hydrogen h, or -1. */
    private int hostOf(int h) {
        int[] best = {-1};
        double[] bestD = {Double.MAX_VALUE};
        forNear(h, j -> {
            if (z[j] != 1 && bonded(h, j)) {
                double d = ReceptorXsTyper.dist2(xyz, h, j);
                if (d < bestD[0]) {
                    bestD[0] = d;
                    best[0] = j;
                }
            }
        });
        return best[0];
    }

    /** Three neighbours (heavy + hydrogens) whose bond angles sum to at least {@link #PLANAR_ANGLE_SUM}. */
    private boolean trigonalPlanar(int i) {
        List<Integer> all = new ArrayList<>();
        for (int j : neighbours(i)) {
            all.add(j);
        }
        forNear(i, j -> {
            if (z[j] == 1 && bonded(i, j) && hostOf(j) == i) {
                all.add(j);
            }
        });
        if (all.size() != 3) {
            return false;
        }
        double sum = angle(all.get(0), i, all.get(1)) + angle(all.get(1), i, all.get(2))
                + angle(all.get(0), i, all.get(2));
        return sum >= PLANAR_ANGLE_SUM;
    }

    /** Member of a planar 5- or 6-ring of C, N, O, S atoms with at most three heavy neighbours each. */
    private boolean inPlanarRing(int i) {
        if (!ringElement(i)) {
            return false;
        }
        List<int[]> rings = new ArrayList<>();
        int[] path = new int[6];
        path[0] = i;
        findRings(i, path, 1, rings);
        for (int[] ring : rings) {
            if (planar(ring)) {
                return true;
            }
        }
        return false;
    }

    private boolean ringElement(int i) {
        return (z[i] == 6 || z[i] == 7 || z[i] == 8 || z[i] == 16) && neighbours(i).length <= 3;
    }

    private void findRings(int start, int[] path, int len, List<int[]> rings) {
        int last = path[len - 1];
        for (int j : neighbours(last)) {
            if (j == start && len >= 5) {
                rings.add(java.util.Arrays.copyOf(path, len));
                continue;
            }
            if (len == 6 || !ringElement(j)) {
                continue;
            }
            boolean seen = false;
            for (int k = 0; k < len; k++) {
                seen |= path[k] == j;
            }
            if (!seen) {
                path[len] = j;
                findRings(start, path, len + 1, rings);
            }
        }
    }

    /** Newell's normal; every atom within {@link #PLANAR_RING} of the mean plane. */
    private boolean planar(int[] ring) {
        double cx = 0;
        double cy = 0;
        double cz = 0;
        double nx = 0;
        double ny = 0;
        double nz = 0;
        int m = ring.length;
        for (int k = 0; k < m; k++) {
            int a = ring[k];
            int b = ring[(k + 1) % m];
            cx += xyz[3 * a];
            cy += xyz[3 * a + 1];
            cz += xyz[3 * a + 2];
            nx += (xyz[3 * a + 1] - xyz[3 * b + 1]) * (xyz[3 * a + 2] + xyz[3 * b + 2]);
            ny += (xyz[3 * a + 2] - xyz[3 * b + 2]) * (xyz[3 * a] + xyz[3 * b]);
            nz += (xyz[3 * a] - xyz[3 * b]) * (xyz[3 * a + 1] + xyz[3 * b + 1]);
        }
        double norm = Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (norm == 0) {
            return false;
        }
        cx /= m;
        cy /= m;
        cz /= m;
        for (int a : ring) {
            double d = ((xyz[3 * a] - cx) * nx + (xyz[3 * a + 1] - cy) * ny + (xyz[3 * a + 2] - cz) * nz) / norm;
            if (Math.abs(d) > PLANAR_RING) {
                return false;
            }
        }
        return true;
    }

    private double angle(int a, int center, int b) {
        double ux = xyz[3 * a] - xyz[3 * center];
        double uy = xyz[3 * a + 1] - xyz[3 * center + 1];
        double uz = xyz[3 * a + 2] - xyz[3 * center + 2];
        double vx = xyz[3 * b] - xyz[3 * center];
        double vy = xyz[3 * b + 1] - xyz[3 * center + 1];
        double vz = xyz[3 * b + 2] - xyz[3 * center + 2];
        double c = (ux * vx + uy * vy + uz * vz)
                / Math.sqrt((ux * ux + uy * uy + uz * uz) * (vx * vx + vy * vy + vz * vz));
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
    }

    private boolean bonded(int i, int j) {
        if (i == j) {
            return false;
        }
        double d2 = ReceptorXsTyper.dist2(xyz, i, j);
        double max = radius[i] + radius[j] + TOLERANCE;
        return d2 > MIN_DISTANCE * MIN_DISTANCE && d2 < max * max;
    }

    private void forNear(int i, java.util.function.IntConsumer action) {
        long cx = (long) Math.floor(xyz[3 * i] / CELL);
        long cy = (long) Math.floor(xyz[3 * i + 1] / CELL);
        long cz = (long) Math.floor(xyz[3 * i + 2] / CELL);
        for (long dx = -1; dx <= 1; dx++) {
            for (long dy = -1; dy <= 1; dy++) {
                for (long dz = -1; dz <= 1; dz++) {
                    List<Integer> cell = cells.get(pack(cx + dx, cy + dy, cz + dz));
                    if (cell != null) {
                        for (int j : cell) {
                            action.accept(j);
                        }
                    }
                }
            }
        }
    }

    private long key(int i) {
        return pack((long) Math.floor(xyz[3 * i] / CELL), (long) Math.floor(xyz[3 * i + 1] / CELL),
                (long) Math.floor(xyz[3 * i + 2] / CELL));
    }

    private static long pack(long x, long y, long z) {
        return ((x & 0x1FFFFF) << 42) | ((y & 0x1FFFFF) << 21) | (z & 0x1FFFFF);
    }
}
