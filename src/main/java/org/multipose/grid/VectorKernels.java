package org.multipose.grid;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vectorised kernels of {@link GridMaker}, side by side: forward, backward to coordinates, backward to type
 * weights and the per-atom part of the second-order backward, on the JDK's incubating Vector API. Only loaded when
 * the JVM resolved {@code jdk.incubator.vector} (GridMaker checks first and otherwise runs its plain loops).
 *
 * <p><b>Why windows.</b> An atom's cutoff sphere meets a grid row (fixed x, y) in ~8 consecutive points at the
 * default spec: too short for the JIT's loop vectoriser, which is why the plain forward computes a flattened y–z box
 * and then adds it row by row with scalar code. Here each row of an atom is one vector of {@link #LANES} lanes
 * (16 with AVX-512) laid over the atom's z box, a <i>window</i>: the lanes outside the box carry δz² = +∞ and
 * exp = 0, so they come out exactly 0 and the window is added to the grid row as a whole. A window starts at the
 * box's first point, moved left where the row would end before the window does, so it never leaves its row (and
 * so never its x-slab: threads still write disjoint memory); boxes wider than a window use several, the later ones
 * masking the points the earlier ones covered. Needs n ≥ {@link #LANES}.
 *
 * <p><b>Forward.</b> The per-lane arithmetic is the plain loop's, operation for operation (dd = δx² + (δy² + δz²),
 * core ex·(ey·ez), tail (A·t)·t, the same 0/1 classification), and voxels sum their atoms in the same order, so
 * both paths give bit-identical grids.
 *
 * <p><b>Backward to coordinates.</b> ∂L/∂a = Σ_p γ(p) s(p) δ with s = −ρ'(d)/d and δ = p − a: s = (4/r'²)·ρ in the
 * Gaussian core and s = (2A/r'²)(F r' − d)/d in the tail. The tail's F r' − d cancels near the cutoff; instead of
 * double arithmetic it is evaluated as ((F r')² − d²)/(F r' + d), the numerator from a float-float split of the
 * row's double (F r')² − δx² − δy² and of δz² (the hi parts cancel exactly by Sterbenz's lemma where it matters),
 * so s keeps a few-ulp relative error right up to the cutoff. Lane sums run in float over one x-plane (≤ ~16 rows)
 * and are then added into double per lane; lanes are reduced in a fixed order, so the result does not depend on
 * the thread count. No reduction across lanes uses the Vector API's own (its order for floats is unspecified).
 *
 * <p><b>Writing for the JDK 17 compiler</b> (all measured): a vector variable assigned on two paths is boxed
 * (several times slower), so blends replace branches; a lane sum carried through an array waits for the previous
 * store (~4 ns a row), so running sums stay in variables of simple counted loops; and a kernel that grows too
 * large stops being intrinsified, so the channel sums are a method of their own.
 *
 * <p><b>Size.</b> Over 600 lines: the Vector API kernels of all four passes, kept apart from the scalar reference in
 * {@link GridMaker} because each must stay small enough to be intrinsified; they are one class so their shared lane
 * conventions live in one place.
 */
final class VectorKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Lanes of one window (16 with AVX-512, 8 with AVX2). */
    static final int LANES = S.length();

    private VectorKernels() {
    }

    // =====================================================================================================
    // Windows
    // =====================================================================================================

    /** Windows needed at most for a z box of {@code boxWidth} points. */
    static int maxWindows(int boxWidth) {
        return (boxWidth + LANES - 1) / LANES + 1;
    }

    /**
     * Builds atom a's z windows from its z axis table (box [k0, k1)): start index, δz², exp and (for gradients)
     * the float-float low part of δz² and δz per lane; lanes outside the box or already covered get δz² = +∞ and 0.
     */
    static void buildWindows(GridMaker.Tables tb, int a, int n) {
        int k0 = tb.box[6 * a + 4];
        int k1 = tb.box[6 * a + 5];
        int zo = tb.offset(a, 2);
        int maxW = tb.maxWindows;
        int covered = k0;
        int w = 0;
        while (covered < k1) {
            int s = Math.min(covered, n - LANES);
            tb.wStart[a * maxW + w] = s;
            int base = (a * maxW + w) * LANES;
            for (int l = 0; l < LANES; l++) {
                int k = s + l;
                boolean in = k >= covered && k < k1;
                tb.wz2[base + l] = in ? tb.d2[zo + k - k0] : Float.POSITIVE_INFINITY;
                tb.wez[base + l] = in ? tb.e[zo + k - k0] : 0f;
                if (tb.d != null) {
                    double dz = in ? tb.d[zo + k - k0] : 0;
                    tb.wz2lo[base + l] = in ? (float) (dz * dz - tb.wz2[base + l]) : 0f;
                    tb.wz[base + l] = (float) dz;
                }
            }
            covered = s + LANES;
            w++;
        }
        tb.wCount[a] = w;
    }

    /**
     * Atom a's rows of every x-plane of its box: rows [rowLo, rowHi) (offsets from the box's first row) are exactly
     * those with δx² + δy² &lt; cut2 in float (a lower bound of every point's δ² of the row, float addition being
     * monotone; contiguous since δy² falls then rises); empty planes get lo ≥ hi. Lanes are planes, so one pass
     * over the box's rows classifies up to LANES planes at once: computed per plane and window, with short loops
     * shrinking a chord estimate, the ranges took ~0.1 ms of a 0.8 ms forward (≈ 13 ns per atom-plane).
     */
    static void buildRows(GridMaker.Tables tb, int a) {
        int b = 6 * a;
        int wx = tb.box[b + 1] - tb.box[b];
        int wy = tb.box[b + 3] - tb.box[b + 2];
        int xo = tb.offset(a, 0);
        int yo = tb.offset(a, 1);
        float cut2 = tb.cut2[a];
        float[] d2 = tb.d2;
        FloatVector none = FloatVector.broadcast(S, (float) wy);
        FloatVector zero = FloatVector.zero(S);
        for (int c0 = 0; c0 < wx; c0 += LANES) {
            VectorMask<Float> planes = S.indexInRange(c0, wx);
            FloatVector dx2 = FloatVector.broadcast(S, Float.POSITIVE_INFINITY).blend(
                    FloatVector.fromArray(S, d2, xo + c0), planes);
            FloatVector lo = none;
            FloatVector hi = zero;
            for (int j = 0; j < wy; j++) {
                VectorMask<Float> in = dx2.add(d2[yo + j]).compare(VectorOperators.LT, cut2);
                lo = lo.min(none.blend((float) j, in));
                hi = hi.max(zero.blend((float) (j + 1), in));
            }
            // whole vectors: an atom's slots are a multiple of LANES long (Tables.rowStride), so lanes past its box
            // stay within them
            int o = a * tb.rowStride + c0;
            lo.intoArray(tb.rowLo, o);
            hi.intoArray(tb.rowHi, o);
        }
    }

    // =====================================================================================================
    // Forward
    // =====================================================================================================

    /**
     * Adds every atom's density to the x-planes [iStart, iEnd) (already zero-filled if wanted), atoms in order.
     * Per atom and window, the y–z products (δy² + δz², ey·ez) are tabulated once and reused by every plane.
     */
    static void forwardSlab(GridMaker.Tables tb, GridMaker.Channels ch, float[] grid, int n, boolean binary,
            boolean truncated, int iStart, int iEnd) {
        int n2 = n * n;
        int n3 = n2 * n;
        int m = tb.m;
        float[] yz2 = new float[m * LANES];
        float[] eyz = new float[m * LANES];
        float tailEnd = (float) tb.tailEnd;
        float tailA = truncated ? 0f : (float) tb.tailA;
        float[] d2 = tb.d2;
        float[] e = tb.e;
        FloatVector zero = FloatVector.zero(S);
        for (int a = 0; a < tb.atoms; a++) {
            int cFrom = ch.start[a];
            int cTo = ch.start[a + 1];
            int b = 6 * a;
            int i0 = Math.max(tb.box[b], iStart);
            int i1 = Math.min(tb.box[b + 1], iEnd);
            int j0 = tb.box[b + 2];
            int wy = tb.box[b + 3] - j0;
            if (cFrom == cTo || i0 >= i1 || wy <= 0) {
                continue;
            }
            int xo = tb.offset(a, 0) - tb.box[b];
            int yo = tb.offset(a, 1);
            float cut2 = tb.cut2[a];
            float g2 = tb.g2[a];
            float invR = (float) tb.invR[a];
            // the common case, a density in one channel of weight 1, in a lean loop of its own (measured: 15 %)
            boolean plainAdd = !binary && cTo - cFrom == 1 && ch.weight[cFrom] == 1f;
            int singleOff = ch.channel[cFrom] * n3;
            for (int w = 0; w < tb.wCount[a]; w++) {
                int wb = (a * tb.maxWindows + w) * LANES;
                int ks = tb.wStart[a * tb.maxWindows + w];
                FloatVector dz2 = FloatVector.fromArray(S, tb.wz2, wb);
                FloatVector ez = FloatVector.fromArray(S, tb.wez, wb);
                VectorMask<Float> inBox = dz2.compare(VectorOperators.LT, Float.POSITIVE_INFINITY);
                for (int jj = 0; jj < wy; jj++) {
                    dz2.add(d2[yo + jj]).intoArray(yz2, jj * LANES);
                    ez.mul(e[yo + jj]).intoArray(eyz, jj * LANES);
                }
                for (int i = i0; i < i1; i++) {
                    float dx2 = d2[xo + i];
                    float ex = e[xo + i];
                    int planeOff = i * n2 + j0 * n + ks;
                    int ri = tb.rowIndex(a, i);
                    if (plainAdd) {
                        addDensityRows(grid, singleOff + planeOff, n, (int) tb.rowLo[ri], (int) tb.rowHi[ri], yz2, eyz,
                                dx2, ex, invR, tailEnd, tailA, g2);
                        continue;
                    }
                    for (int jj = (int) tb.rowLo[ri]; jj < (int) tb.rowHi[ri]; jj++) {
                        FloatVector dd = FloatVector.fromArray(S, yz2, jj * LANES).add(dx2);
                        FloatVector vals;
                        if (binary) {
                            vals = zero.blend(1f, dd.compare(VectorOperators.LT, cut2));
                        } else {
                            // the core blend runs on every row: a test for rows without core points would be
                            // a mispredicted branch twice per plane, dearer than the blend
                            FloatVector t = dd.sqrt().mul(invR).sub(tailEnd).min(0f);
                            FloatVector core = FloatVector.fromArray(S, eyz, jj * LANES).mul(ex);
                            vals = t.mul(tailA).mul(t).blend(core, dd.compare(VectorOperators.LE, g2));
                        }
                        int rowOff = planeOff + jj * n;
                        for (int c = cFrom; c < cTo; c++) {
                            float wt = ch.weight[c];
                            int off = ch.channel[c] * n3 + rowOff;
                            FloatVector g = FloatVector.fromArray(S, grid, off);
                            if (binary && ch.indexed) {
                                // an OR, within the box only (as the plain loop: a negative value, possible only
                                // in a grid mixing weights and index types, stays outside the box)
                                g.blend(g.max(vals), inBox).intoArray(grid, off);
                            } else if (wt == 1f) {
                                g.add(vals).intoArray(grid, off);
                            } else {
                                g.add(vals.mul(wt)).intoArray(grid, off);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The common case of {@link #forwardSlab}: rows [ja, jb) of one plane of one atom window (grid offset
     * {@code off} of the box's first row), a density added to one channel with weight 1. The same arithmetic as
     * the general loop.
     */
    private static void addDensityRows(float[] grid, int off, int n, int ja, int jb, float[] yz2, float[] eyz,
            float dx2, float ex, float invR, float tailEnd, float tailA, float g2) {
        for (int jj = ja; jj < jb; jj++) {
            FloatVector dd = FloatVector.fromArray(S, yz2, jj * LANES).add(dx2);
            FloatVector t = dd.sqrt().mul(invR).sub(tailEnd).min(0f);
            FloatVector core = FloatVector.fromArray(S, eyz, jj * LANES).mul(ex);
            FloatVector vals = t.mul(tailA).mul(t).blend(core, dd.compare(VectorOperators.LE, g2));
            int o = off + jj * n;
            FloatVector.fromArray(S, grid, o).add(vals).intoArray(grid, o);
        }
    }

    // =====================================================================================================
    // Backward to coordinates
    // =====================================================================================================

    /**
     * Writes the coordinate gradient of the atoms [a0, a1) (rows of {@code out}, N×3); atoms without a channel or
     * off the grid get 0.
     *
     * <p>Per lane, u = γ·s is summed in float over the rows of one x-plane (P, ≤ ~16 terms) and over the planes
     * of one row (R_j); the sums then meet δ in double: g_x = Σ_i δx_i P_i, g_y = Σ_j δy_j R_j,
     * g_z = Σ_lanes δz Σ_i P_i. Every product with δ is thus exact to double rounding, and the core's s = (c1·ex·ey)
     * ·ez costs two float roundings beyond the tables'.
     */
    static void backwardCoords(GridMaker.Tables tb, GridMaker.Channels ch, float[] gridGradient, int n,
            boolean truncated, int a0, int a1, float[] out) {
        int n2 = n * n;
        int n3 = n2 * n;
        int m = tb.m;
        float[] yz2 = new float[m * LANES];
        float[] plane = new float[LANES];
        float[] rows = new float[m * LANES];
        float[] gam = new float[LANES];
        double[] accX = new double[LANES];
        double[] accZ = new double[LANES];
        double[] d = tb.d;
        float[] d2 = tb.d2;
        float[] e = tb.e;
        FloatVector zero = FloatVector.zero(S);
        for (int a = a0; a < a1; a++) {
            int cFrom = ch.start[a];
            int cTo = ch.start[a + 1];
            int b = 6 * a;
            int i0 = tb.box[b];
            int i1 = tb.box[b + 1];
            int j0 = tb.box[b + 2];
            int wy = tb.box[b + 3] - j0;
            double gx = 0;
            double gy = 0;
            double gz = 0;
            if (cFrom < cTo && i0 < i1 && wy > 0) {
                int xo = tb.offset(a, 0) - i0;
                int yo = tb.offset(a, 1);
                int zo = tb.offset(a, 2) - tb.box[b + 4];
                float cut2 = tb.cut2[a];
                float g2 = tb.g2[a];
                double rp = tb.rp[a];
                double fr = tb.tailEnd * rp; // F·r', where the tail reaches 0
                float frF = (float) fr;
                double c1 = 4 / (rp * rp); // s = c1·ρ in the Gaussian core
                float k2 = truncated ? 0f : (float) (2 * tb.tailA / (rp * rp)); // s = k2 (F r' − d)/d in the tail
                boolean single = cTo - cFrom == 1 && ch.weight[cFrom] == 1f;
                for (int w = 0; w < tb.wCount[a]; w++) {
                    int wb = (a * tb.maxWindows + w) * LANES;
                    int ks = tb.wStart[a * tb.maxWindows + w];
                    FloatVector dz2 = FloatVector.fromArray(S, tb.wz2, wb);
                    FloatVector dz2lo = FloatVector.fromArray(S, tb.wz2lo, wb);
                    FloatVector ezv = FloatVector.fromArray(S, tb.wez, wb);
                    for (int jj = 0; jj < wy; jj++) {
                        dz2.add(d2[yo + jj]).intoArray(yz2, jj * LANES);
                    }
                    Arrays.fill(rows, 0, wy * LANES, 0f);
                    Arrays.fill(accX, 0);
                    Arrays.fill(accZ, 0);
                    for (int i = i0; i < i1; i++) {
                        float dx2 = d2[xo + i];
                        double dx = d[xo + i];
                        double exc = c1 * e[xo + i];
                        double rx = fr * fr - dx * dx;
                        int planeOff = i * n2 + j0 * n + ks;
                        int ri = tb.rowIndex(a, i);
                        int ja = (int) tb.rowLo[ri];
                        int jb = (int) tb.rowHi[ri];
                        FloatVector sumP = zero;
                        for (int jj = ja; jj < jb; jj++) {
                            FloatVector dd = FloatVector.fromArray(S, yz2, jj * LANES).add(dx2);
                            // No vector variable is assigned on two paths: the JDK 17 compiler boxes those
                            // (measured: several times slower). Hence the tail is evaluated on every row (in the
                            // truncated mode k2 = 0 and the core blend covers every included lane).
                            // Tail: (F r')² − d² in float-float (row part in double, split into hi + lo).
                            double dy = d[yo + jj];
                            double r = rx - dy * dy;
                            float rHi = (float) r;
                            float rLo = (float) (r - rHi);
                            FloatVector res = dz2.neg().add(rHi).add(dz2lo.neg().add(rLo));
                            FloatVector dist = dd.sqrt();
                            FloatVector tail = res.mul(k2).div(dist.mul(dist.add(frF)));
                            FloatVector core = ezv.mul((float) (exc * e[yo + jj]));
                            FloatVector s = tail.blend(core, dd.compare(VectorOperators.LE, g2));
                            int rowOff = planeOff + jj * n;
                            float[] src = gridGradient;
                            int srcOff = ch.channel[cFrom] * n3 + rowOff;
                            if (!single) {
                                // γ = Σ_t w_t Γ_t of this row, in channel order
                                zero.intoArray(gam, 0);
                                for (int c = cFrom; c < cTo; c++) {
                                    FloatVector.fromArray(S, gridGradient, ch.channel[c] * n3 + rowOff)
                                            .mul(ch.weight[c]).add(FloatVector.fromArray(S, gam, 0)).intoArray(gam, 0);
                                }
                                src = gam;
                                srcOff = 0;
                            }
                            VectorMask<Float> inside = dd.compare(VectorOperators.LT, cut2);
                            FloatVector u = zero.blend(FloatVector.fromArray(S, src, srcOff).mul(s), inside);
                            // the plane sum stays in a register (through memory, each add would wait for the
                            // last store: ~4 ns a row); a row's sum gets one add per plane
                            sumP = sumP.add(u);
                            FloatVector.fromArray(S, rows, jj * LANES).add(u).intoArray(rows, jj * LANES);
                        }
                        if (ja < jb) {
                            sumP.intoArray(plane, 0);
                            for (int l = 0; l < LANES; l++) {
                                accX[l] += plane[l] * dx;
                                accZ[l] += plane[l];
                                plane[l] = 0f;
                            }
                        }
                    }
                    for (int l = 0; l < LANES; l++) {
                        int k = ks + l;
                        gx += accX[l];
                        gz += k >= tb.box[b + 4] && k < tb.box[b + 5] ? accZ[l] * d[zo + k] : 0;
                    }
                    for (int jj = 0; jj < wy; jj++) {
                        double sum = 0;
                        for (int l = 0; l < LANES; l++) {
                            sum += rows[jj * LANES + l];
                        }
                        gy += sum * d[yo + jj];
                    }
                }
            }
            out[3 * a] = (float) gx;
            out[3 * a + 1] = (float) gy;
            out[3 * a + 2] = (float) gz;
        }
    }

    // =====================================================================================================
    // Backward to type weights
    // =====================================================================================================

    /**
     * acc[c·LANES + l] += Σ_{jj in [ja, jb)} Γ_c(row jj, lane l) · val[jj·LANES + l] for every channel c: channel
     * by channel over one plane's rows (plane offset {@code planeOff} of the first box row, rows n apart), the
     * lane sum in a register (fused multiply-add: one rounding), then into double. A method of its own: inlined
     * into the larger kernels, the JIT gave up intrinsifying it (measured: 1.6× slower second-order backward).
     */
    private static void channelSums(float[] gridGradient, int channels, int n, int planeOff, int ja, int jb,
            float[] val, double[] acc) {
        VectorSpecies<Double> sd = DoubleVector.SPECIES_PREFERRED;
        int half = sd.length(); // a float window converts to LANES / half double vectors
        int n3 = n * n * n;
        for (int c = 0; c < channels; c++) {
            int off = c * n3 + planeOff;
            FloatVector p = FloatVector.zero(S);
            for (int jj = ja; jj < jb; jj++) {
                p = FloatVector.fromArray(S, gridGradient, off + jj * n).fma(FloatVector.fromArray(S, val, jj * LANES), p);
            }
            for (int part = 0; part < LANES / half; part++) {
                int o = c * LANES + part * half;
                ((DoubleVector) p.convertShape(VectorOperators.F2D, sd, part)).add(DoubleVector.fromArray(sd, acc, o))
                        .intoArray(acc, o);
            }
        }
    }

    /**
     * Writes ∂L/∂w_{a,t} = Σ_p Γ_t(p) ρ_a(p) for the atoms order[q0..q1) and every channel t (rows of
     * {@code out}, N×T). ρ of a row is computed once (the tail as (A/r'²)·(((F r')² − d²)/(F r' + d))², float-float like
     * the coordinate gradient's, so it keeps a few-ulp relative error up to the cutoff) and met with every
     * channel's Γ row; lane sums run in float over one x-plane and then in double, reduced in a fixed order.
     */
    static void backwardTypeWeights(GridMaker.Tables tb, float[] gridGradient, int channels, int n,
            boolean truncated, int[] order, int q0, int q1, float[] out) {
        int n2 = n * n;
        int n3 = n2 * n;
        int m = tb.m;
        float[] yz2 = new float[m * LANES];
        float[] rho = new float[m * LANES];
        double[] acc = new double[channels * LANES];
        double[] d = tb.d;
        float[] d2 = tb.d2;
        float[] e = tb.e;
        FloatVector zero = FloatVector.zero(S);
        for (int q = q0; q < q1; q++) {
            int a = order[q];
            Arrays.fill(acc, 0);
            int b = 6 * a;
            int i0 = tb.box[b];
            int i1 = tb.box[b + 1];
            int j0 = tb.box[b + 2];
            int wy = tb.box[b + 3] - j0;
            if (i0 < i1 && wy > 0) {
                int xo = tb.offset(a, 0) - i0;
                int yo = tb.offset(a, 1);
                float cut2 = tb.cut2[a];
                float g2 = tb.g2[a];
                double rp = tb.rp[a];
                double fr = tb.tailEnd * rp;
                float frF = (float) fr;
                float k2 = truncated ? 0f : (float) Math.sqrt(tb.tailA / (rp * rp)); // ρ = (k2·res/(F r' + d))²
                for (int w = 0; w < tb.wCount[a]; w++) {
                    int wb = (a * tb.maxWindows + w) * LANES;
                    int ks = tb.wStart[a * tb.maxWindows + w];
                    FloatVector dz2 = FloatVector.fromArray(S, tb.wz2, wb);
                    FloatVector dz2lo = FloatVector.fromArray(S, tb.wz2lo, wb);
                    FloatVector ezv = FloatVector.fromArray(S, tb.wez, wb);
                    for (int jj = 0; jj < wy; jj++) {
                        dz2.add(d2[yo + jj]).intoArray(yz2, jj * LANES);
                    }
                    for (int i = i0; i < i1; i++) {
                        float dx2 = d2[xo + i];
                        float ex = e[xo + i];
                        double dx = d[xo + i];
                        double rx = fr * fr - dx * dx;
                        int ri = tb.rowIndex(a, i);
                        int ja = (int) tb.rowLo[ri];
                        int jb = (int) tb.rowHi[ri];
                        if (ja >= jb) {
                            continue;
                        }
                        int planeOff = i * n2 + j0 * n + ks;
                        for (int jj = ja; jj < jb; jj++) {
                            FloatVector dd = FloatVector.fromArray(S, yz2, jj * LANES).add(dx2);
                            double dy = d[yo + jj];
                            double r = rx - dy * dy;
                            float rHi = (float) r;
                            float rLo = (float) (r - rHi);
                            FloatVector res = dz2.neg().add(rHi).add(dz2lo.neg().add(rLo));
                            FloatVector t = res.mul(k2).div(dd.sqrt().add(frF));
                            FloatVector core = ezv.mul(e[yo + jj]).mul(ex);
                            zero.blend(t.mul(t).blend(core, dd.compare(VectorOperators.LE, g2)),
                                    dd.compare(VectorOperators.LT, cut2)).intoArray(rho, jj * LANES);
                        }
                        channelSums(gridGradient, channels, n, planeOff, ja, jb, rho, acc);
                    }
                }
            }
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int l = 0; l < LANES; l++) {
                    sum += acc[c * LANES + l];
                }
                out[a * channels + c] = (float) sum;
            }
        }
    }

    // =====================================================================================================
    // Second-order backward, per atom
    // =====================================================================================================

    /**
     * The per-atom outputs of the second-order backward for the atoms order[q0..q1): with s = −ρ'(d)/d,
     * κ = (ρ'' − ρ'/d)/d² (core s = c1 ρ, κ = c1² ρ; tail s as in the coordinate gradient, κ = 2AF/(r' d³)) and
     * dv = δ·V_a, {@code coordOut} gets Σ_p γ (κ dv δ − s V) and {@code typeWeightOut} Σ_p Γ_t s dv for every
     * channel t. The δ-weighted sums go through plane / row / lane sums as in {@link #backwardCoords}, the channel
     * sums as in {@link #backwardTypeWeights}. Atoms whose row of V is zero get 0.
     */
    static void secondOrderAtoms(GridMaker.Tables tb, GridMaker.Channels ch, float[] gridGradient, float[] v, int n,
            boolean truncated, int[] order, int q0, int q1, float[] coordOut, float[] typeWeightOut) {
        int channels = ch.count;
        int n2 = n * n;
        int n3 = n2 * n;
        int m = tb.m;
        float[] yz2 = new float[m * LANES];
        float[] val = new float[m * LANES]; // s·dv of the plane's rows, for the channel sums
        float[] rows = new float[m * LANES];
        float[] plane = new float[LANES];
        float[] gam = new float[LANES];
        double[] acc = new double[channels * LANES];
        double[] accX = new double[LANES];
        double[] accZ = new double[LANES];
        double[] accS = new double[LANES];
        double[] d = tb.d;
        float[] d2 = tb.d2;
        float[] e = tb.e;
        FloatVector zero = FloatVector.zero(S);
        for (int q = q0; q < q1; q++) {
            int a = order[q];
            Arrays.fill(acc, 0);
            double vx = v[3 * a];
            double vy = v[3 * a + 1];
            double vz = v[3 * a + 2];
            int cFrom = ch.start[a];
            int cTo = ch.start[a + 1];
            boolean typed = cFrom < cTo;
            boolean single = cTo - cFrom == 1 && ch.weight[cFrom] == 1f;
            int b = 6 * a;
            int i0 = tb.box[b];
            int i1 = tb.box[b + 1];
            int j0 = tb.box[b + 2];
            int wy = tb.box[b + 3] - j0;
            double gx = 0;
            double gy = 0;
            double gz = 0;
            double gs = 0;
            if ((vx != 0 || vy != 0 || vz != 0) && i0 < i1 && wy > 0) {
                int xo = tb.offset(a, 0) - i0;
                int yo = tb.offset(a, 1);
                float cut2 = tb.cut2[a];
                float g2 = tb.g2[a];
                double rp = tb.rp[a];
                double fr = tb.tailEnd * rp;
                float frF = (float) fr;
                double c1 = 4 / (rp * rp);
                float c1F = (float) c1;
                float k2 = truncated ? 0f : (float) (2 * tb.tailA / (rp * rp));
                float kq = truncated ? 0f : (float) (2 * tb.tailA * tb.tailEnd / rp); // κ = kq/d³ in the tail
                float vzF = (float) vz;
                FloatVector kqv = FloatVector.broadcast(S, kq);
                int zo = tb.offset(a, 2) - tb.box[b + 4];
                for (int w = 0; w < tb.wCount[a]; w++) {
                    int wb = (a * tb.maxWindows + w) * LANES;
                    int ks = tb.wStart[a * tb.maxWindows + w];
                    FloatVector dz2 = FloatVector.fromArray(S, tb.wz2, wb);
                    FloatVector dz2lo = FloatVector.fromArray(S, tb.wz2lo, wb);
                    FloatVector ezv = FloatVector.fromArray(S, tb.wez, wb);
                    FloatVector dzv = FloatVector.fromArray(S, tb.wz, wb);
                    for (int jj = 0; jj < wy; jj++) {
                        dz2.add(d2[yo + jj]).intoArray(yz2, jj * LANES);
                    }
                    Arrays.fill(rows, 0, wy * LANES, 0f);
                    Arrays.fill(accX, 0);
                    Arrays.fill(accZ, 0);
                    Arrays.fill(accS, 0);
                    for (int i = i0; i < i1; i++) {
                        float dx2 = d2[xo + i];
                        double dx = d[xo + i];
                        double exc = c1 * e[xo + i];
                        double rx = fr * fr - dx * dx;
                        int ri = tb.rowIndex(a, i);
                        int ja = (int) tb.rowLo[ri];
                        int jb = (int) tb.rowHi[ri];
                        if (ja >= jb) {
                            continue;
                        }
                        int planeOff = i * n2 + j0 * n + ks;
                        FloatVector sumP = zero; // Σ γ κ dv over the plane (meets δx)
                        FloatVector sumS = zero; // Σ γ s over the plane (meets −V)
                        for (int jj = ja; jj < jb; jj++) {
                            FloatVector dd = FloatVector.fromArray(S, yz2, jj * LANES).add(dx2);
                            double dy = d[yo + jj];
                            double r = rx - dy * dy;
                            float rHi = (float) r;
                            float rLo = (float) (r - rHi);
                            FloatVector res = dz2.neg().add(rHi).add(dz2lo.neg().add(rLo));
                            FloatVector dist = dd.sqrt();
                            VectorMask<Float> core = dd.compare(VectorOperators.LE, g2);
                            VectorMask<Float> inside = dd.compare(VectorOperators.LT, cut2);
                            FloatVector rhoC = ezv.mul((float) (exc * e[yo + jj])); // c1·ρ in the core
                            // masked to 0 outside the cutoff (lanes off the box hold NaN before the blend)
                            FloatVector s = zero.blend(res.mul(k2).div(dist.mul(dist.add(frF))).blend(rhoC, core),
                                    inside);
                            FloatVector kappa = zero.blend(kqv.div(dist.mul(dist).mul(dist))
                                    .blend(rhoC.mul(c1F), core), inside);
                            FloatVector dv = dzv.mul(vzF).add((float) (dx * vx + dy * vy));
                            s.mul(dv).intoArray(val, jj * LANES);
                            if (typed) {
                                int rowOff = planeOff + jj * n;
                                float[] src = gridGradient;
                                int srcOff = ch.channel[cFrom] * n3 + rowOff;
                                if (!single) {
                                    zero.intoArray(gam, 0);
                                    for (int c = cFrom; c < cTo; c++) {
                                        FloatVector.fromArray(S, gridGradient, ch.channel[c] * n3 + rowOff)
                                                .mul(ch.weight[c]).add(FloatVector.fromArray(S, gam, 0))
                                                .intoArray(gam, 0);
                                    }
                                    src = gam;
                                    srcOff = 0;
                                }
                                FloatVector g = FloatVector.fromArray(S, src, srcOff);
                                FloatVector u = g.mul(kappa).mul(dv);
                                sumP = sumP.add(u);
                                sumS = sumS.add(g.mul(s));
                                FloatVector.fromArray(S, rows, jj * LANES).add(u).intoArray(rows, jj * LANES);
                            }
                        }
                        sumP.intoArray(plane, 0);
                        for (int l = 0; l < LANES; l++) {
                            accX[l] += plane[l] * dx;
                            accZ[l] += plane[l];
                        }
                        sumS.intoArray(plane, 0);
                        for (int l = 0; l < LANES; l++) {
                            accS[l] += plane[l];
                        }
                        channelSums(gridGradient, channels, n, planeOff, ja, jb, val, acc);
                    }
                    for (int l = 0; l < LANES; l++) {
                        int k = ks + l;
                        gx += accX[l];
                        gz += k >= tb.box[b + 4] && k < tb.box[b + 5] ? accZ[l] * d[zo + k] : 0;
                        gs += accS[l];
                    }
                    for (int jj = 0; jj < wy; jj++) {
                        double sum = 0;
                        for (int l = 0; l < LANES; l++) {
                            sum += rows[jj * LANES + l];
                        }
                        gy += sum * d[yo + jj];
                    }
                }
            }
            coordOut[3 * a] = (float) (gx - gs * vx);
            coordOut[3 * a + 1] = (float) (gy - gs * vy);
            coordOut[3 * a + 2] = (float) (gz - gs * vz);
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int l = 0; l < LANES; l++) {
                    sum += acc[c * LANES + l];
                }
                typeWeightOut[a * channels + c] = (float) sum;
            }
        }
    }
}
