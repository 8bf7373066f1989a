package org.multipose.grid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.multipose.base.TaskFailure;
import org.multipose.config.GridSpec;

/**
 * Atomic density grids and their exact gradients (MATH.md §1, libmolgrid's convention): forward, backward to
 * coordinates and to type weights, and the second-order backward, side by side.
 *
 * <p><b>Shapes and units.</b> N atoms, T channels, n = {@link GridSpec#pointsPerSide()} points per side.
 * Coordinates {@code float[N*3]} (x, y, z per atom, Å); radii {@code float[N]} (Å, before the spec's radius scale);
 * grid center {@code double[3]} (Å). Atom types are either index types {@code int[N]} (the channel of each atom; a
 * negative index skips the atom) or type-weight vectors {@code float[N*T]} (atom a contributes
 * w[a*T + t] · ρ to channel t). Grids and their gradients are {@code float[T*n*n*n]} laid out
 * {@code [channel][x][y][z]}, z fastest; T is taken from the grid array's length.
 *
 * <p><b>Speed and accuracy.</b> Plain float arrays; only each atom's cutoff box is visited. The Gaussian core is
 * separable, exp(−2d²/r'²) = Ex·Ey·Ez, from per-atom axis tables (exp by an outward recurrence in double: a few
 * exp calls per axis). The forward flattens an atom's y–z box so each x-plane is one long branch-free loop that
 * the JIT vectorises, evaluating the exact tail ρ = A·(d/r' − F)² with a float square root and blending it with
 * the core by an exact 0/1 step. Errors: the core is a product of three rounded floats (≤ 3e-7 relative); the
 * tail's float evaluation adds at most 2A(F − G)·3 ulp(F) in absolute terms (≈ 1.5e-7 of the peak density 1 for
 * G = 1, less for larger G). The gradients evaluate the tail terms in double from double offsets and sum in
 * double (only the final value is rounded to float): the tail's ρ'/d = 2A/r'²·(1 − F·r'/d) cancels near F and
 * would otherwise amplify float rounding.
 *
 * <p><b>Vector kernels.</b> Those are the plain loops. When the JVM resolved {@code jdk.incubator.vector} and
 * rows are at least one vector long, forward, backward to coordinates and to type weights and the per-atom part
 * of the second-order backward run in {@link VectorKernels} instead (one vector per atom row, ~2–2.5× faster): the
 * same grids bit for bit, the gradients within the same bounds (the tail from a float-float (F r')² − d² instead
 * of double). Γ is assumed finite: there a non-finite Γ within a vector's width of an atom's row may reach that
 * atom's gradient even outside its cutoff.
 *
 * <p><b>Determinism.</b> With {@code threads > 1}, a grid (forward, or the grid part of the second-order
 * backward) is split into slabs of x-planes, and every voxel sums its atoms in atom order; per-atom gradients are
 * split into blocks of atoms, each atom summing its points in a fixed order (the vector kernels: lane sums per
 * plane and row, reduced in lane order). The results are therefore bit-identical whatever the thread count.
 * A call whose estimated work is small ({@link #DEFAULT_MIN_SPLIT_NANOS}) runs in the caller's thread even so: waking
 * the pool costs more than it saves there (a 24-atom ligand at 24³: 15–16 µs on one thread, 92 µs split over two;
 * on the 2-core VM splitting pays only from ~1 ms of work).
 *
 * <p>Instances are thread-safe (no mutable state besides the worker pool, an atomic count of its uses and the
 * tables of the last call, handed over atomically); {@link #close()} stops the pool.
 *
 * <p><b>Size.</b> Over 600 lines on purpose: forward, backward to coordinates, backward to type weights and the
 * second-order backward of the same density sit side by side (as in libmolgrid's GridMaker), sharing the per-atom
 * tables and row bounds, so a change to the density is made once and checked by the finite-difference tests of all
 * four.
 */
public final class GridMaker implements AutoCloseable {

    /** Smallest accepted radius after the radius scale, Å (keeps the branch-free steps exact; see stepLE). */
    public static final double MIN_RADIUS = 0.01;

    private final GridSpec spec;
    private final int threads;
    private final int n;
    private final int n2;
    private final int n3;
    private final ForkJoinPool pool; // null with one thread: everything runs in the caller's thread
    private final double invH;
    private final boolean vectorised;
    private final long minSplitNanos;
    private final AtomicLong splitSections = new AtomicLong();
    /**
     * The tables of the last finished call, without and with the gradient parts, reused by the next call whose
     * atoms fit and whose table width matches (so repeated calls do not allocate them: ~1.1 KB per atom without,
     * ~1.9 KB with the gradient parts at the default spec; measured: ~7 % of a 600-atom forward). Memory held:
     * one set of each kind, as large as the largest call since the table width last changed.
     * Taken with getAndSet, so concurrent calls never share one: a call finding none allocates its own.
     */
    private final AtomicReference<Tables> spareForward = new AtomicReference<>();
    private final AtomicReference<Tables> spareGradient = new AtomicReference<>();
    private final AtomicLong tableReuses = new AtomicLong();

    /**
     * Estimated single-thread work (ns) below which a call is not split over the pool. Measured on the 2-core
     * EPYC VM of docs/benchmarks.md (forward, steady state, one thread vs split over two): at 24³ and 14 channels
     * 24 atoms 15 vs 92 µs, 300 atoms 150 vs 220 µs, 1000 atoms 509 vs 557 µs, 1400 atoms 663 vs 751 µs, 2000
     * atoms 1.25 vs 0.98–1.04 ms; at 48³ and 28 channels 200 atoms 348 vs 570 µs, 400 atoms 624 vs 751 µs, 600
     * atoms 0.71–0.93 vs 0.55–1.03 ms. The threshold separates 1400 atoms at 24³ (estimate 764 µs) from 2000
     * (1.09 ms), and 400 atoms at 48³ (643 µs) from 600 (894 µs).
     */
    static final long DEFAULT_MIN_SPLIT_NANOS = 800_000;

    /**
     * Whether this JVM resolved the incubating Vector API ({@code --add-modules jdk.incubator.vector}, as the
     * launcher and the tests do). Checked before {@link VectorKernels} is ever touched, so GridMaker also runs
     * (with its plain loops) where the module is absent.
     */
    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /**
     * The first channel of {@code grid} ({@code [channel][x][y][z]}, {@code channels} channels) holding a NaN or
     * infinite value, or −1 when every value is finite. A guard on the grids we make: with finite, validated inputs a
     * density is finite by construction, so a hit means a fault in the kernel or memory it wrote. Cost: one pass
     * that the JIT vectorises (an int max over the exponent bits).
     */
    public static int firstNonFiniteChannel(float[] grid, int channels) {
        return firstNonFiniteChannel(grid, channels, 0);
    }

    /** As {@link #firstNonFiniteChannel(float[], int)}, looking only at channels {@code from} and above. */
    public static int firstNonFiniteChannel(float[] grid, int channels, int from) {
        if (channels < 1 || grid.length % channels != 0 || from < 0 || from > channels) {
            throw new IllegalArgumentException("grid of " + grid.length + " values does not hold " + channels
                    + " channels (from " + from + ")");
        }
        int per = grid.length / channels;
        if (exponentMax(grid, from * per, grid.length) != NON_FINITE_EXPONENT) {
            return -1;
        }
        for (int c = from; c < channels; c++) {
            if (exponentMax(grid, c * per, (c + 1) * per) == NON_FINITE_EXPONENT) {
                return c;
            }
        }
        return -1;
    }

    /** Exponent bits of a float that is NaN or ±∞. */
    private static final int NON_FINITE_EXPONENT = 0x7f800000;

    private static int exponentMax(float[] v, int from, int to) {
        int max = 0;
        for (int i = from; i < to; i++) {
            max = Math.max(max, Float.floatToRawIntBits(v[i]) & NON_FINITE_EXPONENT);
        }
        return max;
    }

    /** A single-threaded grid maker. */
    public GridMaker(GridSpec spec) {
        this(spec, 1);
    }

    /** A grid maker using {@code threads} worker threads (≥ 1); results do not depend on the thread count. */
    public GridMaker(GridSpec spec, int threads) {
        this(spec, threads, true);
    }

    /**
     * As {@link #GridMaker(GridSpec, int)}; {@code allowVector = false} forces the plain loops (tests compare both
     * paths).
     */
    GridMaker(GridSpec spec, int threads, boolean allowVector) {
        this(spec, threads, allowVector, DEFAULT_MIN_SPLIT_NANOS);
    }

    /**
     * As {@link #GridMaker(GridSpec, int, boolean)}; calls estimated below {@code minSplitNanos} of one thread's
     * work run unsplit (0: every call with several threads is split, as the thread-count tests need).
     */
    GridMaker(GridSpec spec, int threads, boolean allowVector, long minSplitNanos) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        this.spec = spec;
        this.threads = threads;
        this.n = spec.pointsPerSide();
        this.n2 = n * n;
        this.n3 = n2 * n;
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
        this.minSplitNanos = minSplitNanos;
        this.invH = 1 / spec.resolution();
        // The vector kernels need 128-bit SIMD at least and rows at least one window long.
        this.vectorised = allowVector && VECTOR_API && VectorKernels.LANES >= 4 && n >= VectorKernels.LANES;
    }

    /** True when the vector kernels run (see {@link VectorKernels}); false: the plain loops. */
    boolean vectorised() {
        return vectorised;
    }

    public GridSpec spec() {
        return spec;
    }

    public int threads() {
        return threads;
    }

    /** Length of a grid array with {@code channels} channels: channels · n³. */
    public int gridLength(int channels) {
        return Math.multiplyExact(channels, n3);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    // =====================================================================================================
    // Forward
    // =====================================================================================================

    /** Zero-fills {@code grid} (T·n³), then adds every atom with a non-negative index type to its channel. */
    public void forward(float[] coords, int[] types, float[] radii, double[] center, float[] grid) {
        forwardInto(coords, Channels.indexed(types, radii.length, channels(grid)), radii, center, grid, true);
    }

    /** As {@link #forward(float[], int[], float[], double[], float[])} but adds to what {@code grid} holds. */
    public void forwardAccumulate(float[] coords, int[] types, float[] radii, double[] center, float[] grid) {
        forwardInto(coords, Channels.indexed(types, radii.length, channels(grid)), radii, center, grid, false);
    }

    /** Zero-fills {@code grid} (T·n³), then adds w[a*T + t]·ρ_a to every channel t for every atom a. */
    public void forward(float[] coords, float[] typeWeights, float[] radii, double[] center, float[] grid) {
        forwardInto(coords, Channels.weighted(typeWeights, radii.length, channels(grid)), radii, center, grid, true);
    }

    /** As {@link #forward(float[], float[], float[], double[], float[])} but adds to what {@code grid} holds. */
    public void forwardAccumulate(float[] coords, float[] typeWeights, float[] radii, double[] center,
            float[] grid) {
        forwardInto(coords, Channels.weighted(typeWeights, radii.length, channels(grid)), radii, center, grid,
                false);
    }

    /** Grids the transformed coordinates {@code tf.apply(coords)} on a grid centered at {@code tf.center()}. */
    public void forward(float[] coords, int[] types, float[] radii, Transform tf, float[] grid) {
        forward(tf.apply(coords), types, radii, tf.center(), grid);
    }

    /** Grids the transformed coordinates {@code tf.apply(coords)} on a grid centered at {@code tf.center()}. */
    public void forward(float[] coords, float[] typeWeights, float[] radii, Transform tf, float[] grid) {
        forward(tf.apply(coords), typeWeights, radii, tf.center(), grid);
    }

    private void forwardInto(float[] coords, Channels ch, float[] radii, double[] center, float[] grid,
            boolean zero) {
        int atoms = checkAtoms(coords, radii, center);
        boolean split = split(atoms, radii, ch.count);
        Tables tb = tables(coords, radii, center, 0, atoms, false, split);
        int slabs = slabCount(split);
        int per = (n + slabs - 1) / slabs;
        run(slabs, s -> forwardSlab(tb, ch, grid, s * per, Math.min(n, (s + 1) * per), zero));
        release(tb);
    }

    /**
     * Adds every atom's density to the x-planes [iStart, iEnd) of every channel, atoms in order (so each voxel's
     * sum has the same order whatever the slab split). Per atom, the y–z box is flattened into one array so the
     * per-point work of a plane is a single long, branch-free loop the JIT vectorises: Gaussian and tail are both
     * evaluated and blended by an exact 0/1 step ({@link #stepLE}); the tail's (x − F) is clamped at 0 so points
     * beyond the cutoff come out exactly 0.
     */
    private void forwardSlab(Tables tb, Channels ch, float[] grid, int iStart, int iEnd, boolean zero) {
        if (iStart >= iEnd) {
            return;
        }
        if (zero) {
            for (int c = 0; c < ch.count; c++) {
                Arrays.fill(grid, c * n3 + iStart * n2, c * n3 + iEnd * n2, 0f);
            }
        }
        if (vectorised) {
            VectorKernels.forwardSlab(tb, ch, grid, n, spec.binary(), spec.truncated(), iStart, iEnd);
            return;
        }
        int m = tb.m;
        float[] yz2 = new float[m * m];
        float[] eyz = new float[m * m];
        float[] vals = new float[m * m];
        boolean binary = spec.binary();
        float tailEnd = (float) tb.tailEnd;
        float tailA = spec.truncated() ? 0f : (float) tb.tailA; // truncated: no tail
        float[] d2 = tb.d2;
        float[] e = tb.e;
        for (int a = 0; a < tb.atoms; a++) {
            int cFrom = ch.start[a];
            int cTo = ch.start[a + 1];
            if (cFrom == cTo) {
                continue;
            }
            int b = 6 * a;
            int i0 = Math.max(tb.box[b], iStart);
            int i1 = Math.min(tb.box[b + 1], iEnd);
            int j0 = tb.box[b + 2];
            int wy = tb.box[b + 3] - j0;
            int k0 = tb.box[b + 4];
            int wz = tb.box[b + 5] - k0;
            if (i0 >= i1 || wy <= 0 || wz <= 0) {
                continue;
            }
            int xo = tb.offset(a, 0) - tb.box[b];
            int yo = tb.offset(a, 1);
            int zo = tb.offset(a, 2);
            float cut2 = tb.cut2[a];
            float g2 = tb.g2[a];
            float invR = (float) tb.invR[a];
            for (int jj = 0; jj < wy; jj++) {
                float dy2 = d2[yo + jj];
                float ey = e[yo + jj];
                int q = jj * wz;
                for (int kk = 0; kk < wz; kk++) {
                    yz2[q + kk] = dy2 + d2[zo + kk];
                    eyz[q + kk] = ey * e[zo + kk];
                }
            }
            for (int i = i0; i < i1; i++) {
                float dx2 = d2[xo + i];
                float ex = e[xo + i];
                // rows of this plane that can hold a point within the cutoff
                int ja = 0;
                while (ja < wy && !(dx2 + d2[yo + ja] < cut2)) {
                    ja++;
                }
                int jb = wy;
                while (jb > ja && !(dx2 + d2[yo + jb - 1] < cut2)) {
                    jb--;
                }
                if (ja == jb) {
                    continue;
                }
                int qa = ja * wz;
                int qb = jb * wz;
                if (binary) {
                    for (int q = qa; q < qb; q++) {
                        vals[q] = stepLT(dx2 + yz2[q], cut2);
                    }
                } else {
                    for (int q = qa; q < qb; q++) {
                        float dd = dx2 + yz2[q];
                        float t = Math.min((float) Math.sqrt(dd) * invR - tailEnd, 0f);
                        float core = stepLE(dd, g2);
                        vals[q] = core * (ex * eyz[q]) + (1f - core) * (tailA * t * t);
                    }
                }
                for (int c = cFrom; c < cTo; c++) {
                    float w = ch.weight[c];
                    int cOff = ch.channel[c] * n3 + i * n2 + k0;
                    for (int jj = ja; jj < jb; jj++) {
                        int off = cOff + (j0 + jj) * n;
                        int q = jj * wz;
                        if (binary && ch.indexed) {
                            for (int kk = 0; kk < wz; kk++) {
                                grid[off + kk] = Math.max(grid[off + kk], vals[q + kk]); // an OR
                            }
                        } else if (w == 1f) {
                            for (int kk = 0; kk < wz; kk++) {
                                grid[off + kk] += vals[q + kk];
                            }
                        } else {
                            for (int kk = 0; kk < wz; kk++) {
                                grid[off + kk] += w * vals[q + kk];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * 1 if {@code x ≤ limit}, else 0, without a branch (so loops using it vectorise). Exact for float inputs: a
     * non-negative difference maps to ≥ 1, a negative one is at least one ulp of the operands (≥ 1e-30 for any
     * squared distance this class meets, radii being ≥ {@value #MIN_RADIUS} Å), which 1e30 scales far below −1.
     */
    static float stepLE(float x, float limit) {
        return Math.min(Math.max((limit - x) * 1e30f + 1f, 0f), 1f);
    }

    /** 1 if {@code x < limit}, else 0, without a branch; see {@link #stepLE}. */
    static float stepLT(float x, float limit) {
        return Math.min(Math.max((limit - x) * 1e30f, 0f), 1f);
    }

    // =====================================================================================================
    // Backward (first order)
    // =====================================================================================================

    /**
     * Coordinate gradient ∂L/∂a = Σ_p Γ_{type(a)}(p) · ρ'(d) · (a − p)/d for every atom, given the upstream grid
     * gradient Γ = {@code gridGradient} (T·n³). Writes {@code coordGradient} (N×3); skipped atoms get 0.
     */
    public void backward(float[] coords, int[] types, float[] radii, double[] center, float[] gridGradient,
            float[] coordGradient) {
        backward(coords, types, radii, center, gridGradient, 0, radii.length, coordGradient);
    }

    /**
     * Coordinate gradient for the atoms in [from, to) only (e.g. the ligand's, when the receptor's are not
     * needed): writes rows [from, to) of {@code coordGradient} (N×3) and leaves the other rows untouched.
     */
    public void backward(float[] coords, int[] types, float[] radii, double[] center, float[] gridGradient,
            int from, int to, float[] coordGradient) {
        Channels ch = Channels.indexed(types, radii.length, channels(gridGradient));
        backwardCoords(coords, ch, radii, center, gridGradient, from, to, coordGradient);
    }

    /**
     * Coordinate gradient with type-weight vectors: ∂L/∂a = Σ_p Σ_t w_{a,t} Γ_t(p) · ρ'(d) · (a − p)/d.
     * Writes {@code coordGradient} (N×3).
     */
    public void backward(float[] coords, float[] typeWeights, float[] radii, double[] center, float[] gridGradient,
            float[] coordGradient) {
        backward(coords, typeWeights, radii, center, gridGradient, 0, radii.length, coordGradient);
    }

    /** Coordinate gradient with type-weight vectors for the atoms in [from, to) only; other rows untouched. */
    public void backward(float[] coords, float[] typeWeights, float[] radii, double[] center, float[] gridGradient,
            int from, int to, float[] coordGradient) {
        Channels ch = Channels.weighted(typeWeights, radii.length, channels(gridGradient));
        backwardCoords(coords, ch, radii, center, gridGradient, from, to, coordGradient);
    }

    /**
     * Coordinate gradient through a transform: Γ is the gradient of the grid made by
     * {@link #forward(float[], int[], float[], Transform, float[])}; the result is with respect to the original
     * (untransformed) coordinates, i.e. Rᵀ times the gradient at the transformed coordinates. Rows [from, to).
     */
    public void backward(float[] coords, int[] types, float[] radii, Transform tf, float[] gridGradient, int from,
            int to, float[] coordGradient) {
        backward(tf.apply(coords), types, radii, tf.center(), gridGradient, from, to, coordGradient);
        rotateBackRows(tf, coordGradient, from, to);
    }

    /** Type-weight-vector form of {@link #backward(float[], int[], float[], Transform, float[], int, int, float[])}. */
    public void backward(float[] coords, float[] typeWeights, float[] radii, Transform tf, float[] gridGradient,
            int from, int to, float[] coordGradient) {
        backward(tf.apply(coords), typeWeights, radii, tf.center(), gridGradient, from, to, coordGradient);
        rotateBackRows(tf, coordGradient, from, to);
    }

    /**
     * Type-weight gradient ∂L/∂w_{a,t} = Σ_p Γ_t(p) · ρ_a(p) for every atom and every channel (it does not depend
     * on the weights themselves). Writes {@code typeWeightGradient} (N×T, T from Γ's length).
     */
    public void backwardTypeWeights(float[] coords, float[] radii, double[] center, float[] gridGradient,
            float[] typeWeightGradient) {
        requireDensity();
        int atoms = checkAtoms(coords, radii, center);
        int channels = channels(gridGradient);
        checkLength(typeWeightGradient, (long) atoms * channels, "type-weight gradient (N×T)");
        boolean split = split(atoms, radii, channels);
        if (vectorised) {
            Tables tb = tables(coords, radii, center, 0, atoms, true, split);
            int[] order = spatialOrder(coords, atoms);
            atomBlocks(atoms, split, (q0, q1) -> VectorKernels.backwardTypeWeights(tb, gridGradient, channels, n,
                    spec.truncated(), order, q0, q1, typeWeightGradient));
            release(tb);
            return;
        }
        atomBlocks(atoms, split, (a0, a1) -> {
            Work w = new Work(this);
            double[] acc = new double[channels];
            for (int a = a0; a < a1; a++) {
                Arrays.fill(acc, 0);
                if (w.load(coords, radii, center, a)) {
                    typeWeightKernel(w, gridGradient, channels, acc);
                }
                for (int t = 0; t < channels; t++) {
                    typeWeightGradient[a * channels + t] = (float) acc[t];
                }
            }
        });
    }

    /**
     * Atom indices ordered by the 4 Å cube holding the atom (x, then y, then z; atom order within a cube). The
     * type-weight gradient reads every channel's Γ over each atom's sphere (~0.4 MB per atom at 28 channels):
     * neighbours in this order share most of it while it is still in the core's cache (~10 % faster at 28
     * channels, measured). Each atom's own sum does not depend on the order, so neither do the results.
     */
    private static int[] spatialOrder(float[] coords, int atoms) {
        long[] keys = new long[atoms];
        for (int a = 0; a < atoms; a++) {
            long cube = 0;
            for (int ax = 0; ax < 3; ax++) {
                double c = Math.floor(coords[3 * a + ax] / 4.0); // cube index, clamped to 10 bits
                cube = cube << 10 | (long) (Math.max(-512, Math.min(511, c)) + 512);
            }
            keys[a] = cube << 32 | a;
        }
        Arrays.sort(keys);
        int[] order = new int[atoms];
        for (int a = 0; a < atoms; a++) {
            order[a] = (int) keys[a];
        }
        return order;
    }

    /** Type-weight gradient through a transform (the grid was made from {@code tf.apply(coords)}). */
    public void backwardTypeWeights(float[] coords, float[] radii, Transform tf, float[] gridGradient,
            float[] typeWeightGradient) {
        backwardTypeWeights(tf.apply(coords), radii, tf.center(), gridGradient, typeWeightGradient);
    }

    private void backwardCoords(float[] coords, Channels ch, float[] radii, double[] center, float[] gridGradient,
            int from, int to, float[] coordGradient) {
        requireDensity();
        int atoms = checkAtoms(coords, radii, center);
        checkLength(coordGradient, 3L * atoms, "coordinate gradient (N×3)");
        if (from < 0 || to > atoms || from > to) {
            throw new IllegalArgumentException("atom range [" + from + ", " + to + ") is not within [0, " + atoms
                    + ")");
        }
        boolean split = split(to - from, radii, channels(gridGradient));
        if (vectorised) {
            Tables tb = tables(coords, radii, center, from, to, true, split);
            atomBlocksIn(from, to, split, (a0, a1) -> VectorKernels.backwardCoords(tb, ch, gridGradient, n,
                    spec.truncated(), a0, a1, coordGradient));
            release(tb);
            return;
        }
        atomBlocksIn(from, to, split, (a0, a1) -> {
            Work w = new Work(this);
            double[] out = new double[3];
            for (int a = a0; a < a1; a++) {
                out[0] = 0;
                out[1] = 0;
                out[2] = 0;
                if (ch.start[a] < ch.start[a + 1] && w.load(coords, radii, center, a)) {
                    coordKernel(w, ch, a, gridGradient, out);
                }
                coordGradient[3 * a] = (float) out[0];
                coordGradient[3 * a + 1] = (float) out[1];
                coordGradient[3 * a + 2] = (float) out[2];
            }
        });
    }

    /**
     * Fills w.gam[k] (for k in [r0, r1)) with γ_a(p) = Σ_t w_{a,t} Γ_t(p) of one row, or, for a single channel
     * of weight 1, points w.src/w.srcOff at Γ directly. Returns the multiplier to apply to the row's sums.
     */
    private float gammaRow(Work w, Channels ch, int a, float[] gridGradient, int rowOff, int r0, int r1) {
        int cFrom = ch.start[a];
        int cTo = ch.start[a + 1];
        if (cTo - cFrom == 1) {
            w.src = gridGradient;
            w.srcOff = ch.channel[cFrom] * n3 + rowOff;
            return ch.weight[cFrom];
        }
        float[] gam = w.gam;
        Arrays.fill(gam, r0, r1, 0f);
        for (int c = cFrom; c < cTo; c++) {
            int off = ch.channel[c] * n3 + rowOff;
            float wt = ch.weight[c];
            for (int k = r0; k < r1; k++) {
                gam[k] += wt * gridGradient[off + k];
            }
        }
        w.src = gam;
        w.srcOff = 0;
        return 1f;
    }

    /** out += ∂L/∂a for one loaded atom: −Σ γ q δ with q = ρ'(d)/d and δ = p − a. */
    private void coordKernel(Work w, Channels ch, int a, float[] gridGradient, double[] out) {
        double gaussX = 0;
        double gaussY = 0;
        double gaussZ = 0;
        double tailX = 0;
        double tailY = 0;
        double tailZ = 0;
        double[] d = w.d;
        float[] d2 = w.d2;
        float[] e = w.e;
        int[] rr = w.rr;
        int xo = -w.i0;
        int yo = w.m - w.j0;
        int zo = 2 * w.m - w.k0;
        for (int i = w.i0; i < w.i1; i++) {
            double dx = d[xo + i];
            float dx2 = d2[xo + i];
            float ex = e[xo + i];
            for (int j = w.j0; j < w.j1; j++) {
                float base = dx2 + d2[yo + j];
                if (!rowRange(base, d2, zo, w.k0, w.k1, w.cut2, w.g2, w.zc, rr)) {
                    continue;
                }
                int r0 = rr[0];
                int r1 = rr[1];
                int q0 = rr[2];
                int q1 = rr[3];
                float mult = gammaRow(w, ch, a, gridGradient, i * n2 + j * n, r0, r1);
                float[] src = w.src;
                int so = w.srcOff;
                double s0 = 0;
                double s1 = 0;
                for (int k = q0; k < q1; k++) {
                    double v = src[so + k] * e[zo + k];
                    s0 += v;
                    s1 += v * d[zo + k];
                }
                double exy = (double) mult * (ex * e[yo + j]);
                double dy = d[yo + j];
                double bxy = dx * dx + dy * dy;
                gaussX += exy * dx * s0;
                gaussY += exy * dy * s0;
                gaussZ += exy * s1;
                double tx = 0;
                double tz = 0;
                for (int k = r0; k < q0; k++) {
                    double v = src[so + k] * w.tailQ(bxy + d[zo + k] * d[zo + k]);
                    tx += v;
                    tz += v * d[zo + k];
                }
                for (int k = q1; k < r1; k++) {
                    double v = src[so + k] * w.tailQ(bxy + d[zo + k] * d[zo + k]);
                    tx += v;
                    tz += v * d[zo + k];
                }
                tailX += mult * tx * dx;
                tailY += mult * tx * dy;
                tailZ += mult * tz;
            }
        }
        // Gaussian: q = −(4/r'²)·ρ, so −Σ γ q δ = (4/r'²) Σ γ ρ δ.
        out[0] += w.c1 * gaussX - tailX;
        out[1] += w.c1 * gaussY - tailY;
        out[2] += w.c1 * gaussZ - tailZ;
    }

    /** acc[t] += Σ_p Γ_t(p) ρ(p) for one loaded atom. */
    private void typeWeightKernel(Work w, float[] gridGradient, int channels, double[] acc) {
        float[] d2 = w.d2;
        float[] e = w.e;
        float[] row = w.row;
        int[] rr = w.rr;
        int xo = -w.i0;
        int yo = w.m - w.j0;
        int zo = 2 * w.m - w.k0;
        for (int i = w.i0; i < w.i1; i++) {
            float dx2 = d2[xo + i];
            float ex = e[xo + i];
            for (int j = w.j0; j < w.j1; j++) {
                float base = dx2 + d2[yo + j];
                if (!rowRange(base, d2, zo, w.k0, w.k1, w.cut2, w.g2, w.zc, rr)) {
                    continue;
                }
                int r0 = rr[0];
                int r1 = rr[1];
                double dx = w.d[xo + i];
                double dy = w.d[yo + j];
                w.densityRow(dx * dx + dy * dy, ex * e[yo + j], rr, zo);
                int rowOff = i * n2 + j * n;
                dotChannels(gridGradient, rowOff, row, r0, r1, channels, acc);
            }
        }
    }

    /**
     * acc[t] += Σ_{k in [r0, r1)} grid[t·n³ + rowOff + k] · row[k] for every channel t, each channel summed in k
     * order (in double). Four channels run side by side: one channel's short dot product is a chain of dependent
     * adds, four independent chains keep the adder busy.
     */
    private void dotChannels(float[] grid, int rowOff, float[] row, int r0, int r1, int channels, double[] acc) {
        int t = 0;
        for (; t + 4 <= channels; t += 4) {
            int o0 = t * n3 + rowOff;
            int o1 = o0 + n3;
            int o2 = o1 + n3;
            int o3 = o2 + n3;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int k = r0; k < r1; k++) {
                double v = row[k];
                s0 += grid[o0 + k] * v;
                s1 += grid[o1 + k] * v;
                s2 += grid[o2 + k] * v;
                s3 += grid[o3 + k] * v;
            }
            acc[t] += s0;
            acc[t + 1] += s1;
            acc[t + 2] += s2;
            acc[t + 3] += s3;
        }
        for (; t < channels; t++) {
            int off = t * n3 + rowOff;
            double s0 = 0;
            for (int k = r0; k < r1; k++) {
                s0 += grid[off + k] * (double) row[k];
            }
            acc[t] += s0;
        }
    }

    // =====================================================================================================
    // Second-order backward
    // =====================================================================================================

    /**
     * Second-order backward for a loss L2 placed on the coordinate gradient g (e.g. force matching): given Γ =
     * {@code gridGradient} (T·n³) and V = {@code coordGradientUpstream} = ∂L2/∂g (N×3), writes
     * <ul>
     *   <li>{@code gridGradientOut} (T·n³): ∂L2/∂Γ_t(p) = Σ_a w_{a,t} ρ'(d) u·V_a, u = (a − p)/d;</li>
     *   <li>{@code coordOut} (N×3): ∂L2/∂a = Σ_p γ_a(p) [ρ''(d) uuᵀ + ρ'(d)/d (I − uuᵀ)] V_a with
     *       γ_a = Σ_t w_{a,t} Γ_t; at d = 0 the block is ρ''(0)·I = −4/r'²·I;</li>
     *   <li>{@code typeWeightOut} (N×T): ∂L2/∂w_{a,t} = Σ_p Γ_t(p) ρ'(d) u·V_a.</li>
     * </ul>
     * Atoms whose row of V is zero contribute nothing and cost nothing.
     */
    public void backwardSecondOrder(float[] coords, float[] typeWeights, float[] radii, double[] center,
            float[] gridGradient, float[] coordGradientUpstream, float[] gridGradientOut, float[] coordOut,
            float[] typeWeightOut) {
        Channels ch = Channels.weighted(typeWeights, radii.length, channels(gridGradient));
        secondOrder(coords, ch, radii, center, gridGradient, coordGradientUpstream, gridGradientOut, coordOut,
                typeWeightOut);
    }

    /**
     * Second-order backward with index types (the type-weight output is the derivative with respect to the
     * one-hot weight vectors, N×T). See {@link #backwardSecondOrder(float[], float[], float[], double[], float[],
     * float[], float[], float[], float[])}.
     */
    public void backwardSecondOrder(float[] coords, int[] types, float[] radii, double[] center,
            float[] gridGradient, float[] coordGradientUpstream, float[] gridGradientOut, float[] coordOut,
            float[] typeWeightOut) {
        Channels ch = Channels.indexed(types, radii.length, channels(gridGradient));
        secondOrder(coords, ch, radii, center, gridGradient, coordGradientUpstream, gridGradientOut, coordOut,
                typeWeightOut);
    }

    /**
     * Second-order backward through a transform: V and {@code coordOut} are in the original frame (V is rotated
     * by R into the transformed frame, the coordinate result back by Rᵀ); Γ and {@code gridGradientOut} belong to
     * the grid of {@code tf.apply(coords)}.
     */
    public void backwardSecondOrder(float[] coords, float[] typeWeights, float[] radii, Transform tf,
            float[] gridGradient, float[] coordGradientUpstream, float[] gridGradientOut, float[] coordOut,
            float[] typeWeightOut) {
        float[] v = new float[coordGradientUpstream.length];
        tf.rotateVectors(coordGradientUpstream, v);
        backwardSecondOrder(tf.apply(coords), typeWeights, radii, tf.center(), gridGradient, v, gridGradientOut,
                coordOut, typeWeightOut);
        tf.gradientToOriginal(coordOut, coordOut);
    }

    /** Index-type form of the transformed second-order backward. */
    public void backwardSecondOrder(float[] coords, int[] types, float[] radii, Transform tf, float[] gridGradient,
            float[] coordGradientUpstream, float[] gridGradientOut, float[] coordOut, float[] typeWeightOut) {
        float[] v = new float[coordGradientUpstream.length];
        tf.rotateVectors(coordGradientUpstream, v);
        backwardSecondOrder(tf.apply(coords), types, radii, tf.center(), gridGradient, v, gridGradientOut, coordOut,
                typeWeightOut);
        tf.gradientToOriginal(coordOut, coordOut);
    }

    private void secondOrder(float[] coords, Channels ch, float[] radii, double[] center, float[] gridGradient,
            float[] v, float[] gridGradientOut, float[] coordOut, float[] typeWeightOut) {
        requireDensity();
        int atoms = checkAtoms(coords, radii, center);
        int channels = ch.count;
        checkLength(v, 3L * atoms, "upstream coordinate-gradient gradient V (N×3)");
        checkLength(gridGradientOut, gridGradient.length, "grid-gradient output (T·n³)");
        checkLength(coordOut, 3L * atoms, "coordinate output (N×3)");
        checkLength(typeWeightOut, (long) atoms * channels, "type-weight output (N×T)");
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("V has a non-finite value at atom " + i / 3);
            }
        }
        // ∂/∂Γ: by x-slab over a shared table, every voxel summing its atoms in atom order.
        boolean split = split(atoms, radii, channels);
        Tables tb = tables(coords, radii, center, 0, atoms, true, split);
        int slabs = slabCount(split);
        int per = (n + slabs - 1) / slabs;
        run(slabs, s -> gridSecondOrderSlab(tb, ch, v, gridGradientOut, s * per, Math.min(n, (s + 1) * per)));
        // ∂/∂a and ∂/∂w: by atom.
        if (vectorised) {
            int[] order = spatialOrder(coords, atoms);
            atomBlocks(atoms, split, (q0, q1) -> VectorKernels.secondOrderAtoms(tb, ch, gridGradient, v, n,
                    spec.truncated(), order, q0, q1, coordOut, typeWeightOut));
            release(tb);
            return;
        }
        release(tb);
        atomBlocks(atoms, split, (a0, a1) -> {
            Work w = new Work(this);
            double[] dA = new double[3];
            double[] dW = new double[channels];
            for (int a = a0; a < a1; a++) {
                Arrays.fill(dA, 0);
                Arrays.fill(dW, 0);
                boolean active = v[3 * a] != 0 || v[3 * a + 1] != 0 || v[3 * a + 2] != 0;
                if (active && w.load(coords, radii, center, a)) {
                    atomSecondOrderKernel(w, ch, a, gridGradient, v, dA, dW);
                }
                coordOut[3 * a] = (float) dA[0];
                coordOut[3 * a + 1] = (float) dA[1];
                coordOut[3 * a + 2] = (float) dA[2];
                for (int t = 0; t < channels; t++) {
                    typeWeightOut[a * channels + t] = (float) dW[t];
                }
            }
        });
    }

    private void gridSecondOrderSlab(Tables tb, Channels ch, float[] v, float[] out, int iStart, int iEnd) {
        if (iStart >= iEnd) {
            return;
        }
        for (int c = 0; c < ch.count; c++) {
            Arrays.fill(out, c * n3 + iStart * n2, c * n3 + iEnd * n2, 0f);
        }
        float[] row = new float[n];
        int[] rr = new int[4];
        double[] d = tb.d;
        float[] d2 = tb.d2;
        float[] e = tb.e;
        for (int a = 0; a < tb.atoms; a++) {
            int cFrom = ch.start[a];
            int cTo = ch.start[a + 1];
            double vx = v[3 * a];
            double vy = v[3 * a + 1];
            double vz = v[3 * a + 2];
            if (cFrom == cTo || (vx == 0 && vy == 0 && vz == 0)) {
                continue;
            }
            int b = 6 * a;
            int i0 = Math.max(tb.box[b], iStart);
            int i1 = Math.min(tb.box[b + 1], iEnd);
            if (i0 >= i1) {
                continue;
            }
            int j0 = tb.box[b + 2];
            int j1 = tb.box[b + 3];
            int k0 = tb.box[b + 4];
            int k1 = tb.box[b + 5];
            int xo = tb.offset(a, 0) - tb.box[b];
            int yo = tb.offset(a, 1) - j0;
            int zo = tb.offset(a, 2) - k0;
            float cut2 = tb.cut2[a];
            float g2 = tb.g2[a];
            double zc = tb.zc[a];
            double rp = tb.rp[a];
            double c1 = 4 / (rp * rp);
            double tailQa = 2 * tb.tailA / (rp * rp);
            double tailQb = 2 * tb.tailA * tb.tailEnd / rp;
            for (int i = i0; i < i1; i++) {
                double dx = d[xo + i];
                float dx2 = d2[xo + i];
                float ex = e[xo + i];
                for (int j = j0; j < j1; j++) {
                    float base = dx2 + d2[yo + j];
                    if (!rowRange(base, d2, zo, k0, k1, cut2, g2, zc, rr)) {
                        continue;
                    }
                    int r0 = rr[0];
                    int r1 = rr[1];
                    int q0 = rr[2];
                    int q1 = rr[3];
                    double dy = d[yo + j];
                    double dv0 = dx * vx + dy * vy;
                    double bxy = dx * dx + dy * dy;
                    float exy = ex * e[yo + j];
                    // value = ρ'(d) u·V = −q (δ·V), δ = p − a.
                    for (int k = r0; k < q0; k++) {
                        double q = tailQa - tailQb / Math.sqrt(bxy + d[zo + k] * d[zo + k]);
                        row[k] = (float) (-q * (dv0 + d[zo + k] * vz));
                    }
                    for (int k = q0; k < q1; k++) {
                        row[k] = (float) (c1 * (exy * e[zo + k]) * (dv0 + d[zo + k] * vz));
                    }
                    for (int k = q1; k < r1; k++) {
                        double q = tailQa - tailQb / Math.sqrt(bxy + d[zo + k] * d[zo + k]);
                        row[k] = (float) (-q * (dv0 + d[zo + k] * vz));
                    }
                    int rowOff = i * n2 + j * n;
                    for (int c = cFrom; c < cTo; c++) {
                        int off = ch.channel[c] * n3 + rowOff;
                        float wt = ch.weight[c];
                        for (int k = r0; k < r1; k++) {
                            out[off + k] += wt * row[k];
                        }
                    }
                }
            }
        }
    }

    /**
     * dA += Σ_p γ (q V + κ δ (δ·V)), dW_t += Σ_p Γ_t · (−q δ·V), with q = ρ'/d and κ = (ρ'' − q)/d²:
     * Gaussian q = −c1 ρ, κ = c1² ρ (c1 = 4/r'²); tail q = 2A/r'² − 2AF/(r' d), κ = 2AF/(r' d³).
     */
    private void atomSecondOrderKernel(Work w, Channels ch, int a, float[] gridGradient, float[] v, double[] dA,
            double[] dW) {
        int channels = ch.count;
        boolean typed = ch.start[a] < ch.start[a + 1];
        double vx = v[3 * a];
        double vy = v[3 * a + 1];
        double vz = v[3 * a + 2];
        double[] d = w.d;
        float[] d2 = w.d2;
        float[] e = w.e;
        float[] row = w.row;
        int[] rr = w.rr;
        int xo = -w.i0;
        int yo = w.m - w.j0;
        int zo = 2 * w.m - w.k0;
        double c1 = w.c1;
        double ax = 0;
        double ay = 0;
        double az = 0;
        for (int i = w.i0; i < w.i1; i++) {
            double dx = d[xo + i];
            float dx2 = d2[xo + i];
            float ex = e[xo + i];
            for (int j = w.j0; j < w.j1; j++) {
                float base = dx2 + d2[yo + j];
                if (!rowRange(base, d2, zo, w.k0, w.k1, w.cut2, w.g2, w.zc, rr)) {
                    continue;
                }
                int r0 = rr[0];
                int r1 = rr[1];
                int q0 = rr[2];
                int q1 = rr[3];
                double dy = d[yo + j];
                float exy = ex * e[yo + j];
                double dv0 = dx * vx + dy * vy;
                double bxy = dx * dx + dy * dy;
                float mult = 0;
                float[] src = null;
                int so = 0;
                if (typed) {
                    mult = gammaRow(w, ch, a, gridGradient, i * n2 + j * n, r0, r1);
                    src = w.src;
                    so = w.srcOff;
                }
                double rx = 0;
                double ry = 0;
                double rz = 0;
                for (int k = r0; k < r1; k++) {
                    double dz = d[zo + k];
                    double dv = dv0 + dz * vz;
                    double q;
                    double kap;
                    if (k >= q0 && k < q1) {
                        double rho = exy * e[zo + k];
                        q = -c1 * rho;
                        kap = c1 * c1 * rho;
                    } else {
                        double dist = Math.sqrt(bxy + dz * dz);
                        q = w.tailQa - w.tailQb / dist;
                        kap = w.tailQb / (dist * dist * dist);
                    }
                    row[k] = (float) (-q * dv);
                    if (typed) {
                        double gam = src[so + k];
                        double kd = kap * dv;
                        rx += gam * (q * vx + kd * dx);
                        ry += gam * (q * vy + kd * dy);
                        rz += gam * (q * vz + kd * dz);
                    }
                }
                ax += mult * rx;
                ay += mult * ry;
                az += mult * rz;
                int rowOff = i * n2 + j * n;
                dotChannels(gridGradient, rowOff, row, r0, r1, channels, dW);
            }
        }
        dA[0] += ax;
        dA[1] += ay;
        dA[2] += az;
    }

    // =====================================================================================================
    // Geometry helpers
    // =====================================================================================================

    /**
     * The points of one row (fixed x, y; {@code base} = δx² + δy², float) inside the atom's cutoff, [rr[0], rr[1]),
     * and within it the Gaussian core [rr[2], rr[3]) (δ² ≤ g2). Both are contiguous because δz² first falls then
     * rises along the row and float rounding is monotone. The ends are first estimated from the circle's chord,
     * |k − zc| &lt; √(cut2 − base)/h, widened by one point (the estimate is off by rounding only, ~1e-6 point),
     * then shrunk with the exact float test: two short, predictable loops instead of scanning the whole row.
     * Returns false for an empty row.
     */
    private boolean rowRange(float base, float[] d2, int zo, int kLo, int kHi, float cut2, float g2, double zc,
            int[] rr) {
        if (!(base < cut2)) {
            return false; // δz² ≥ 0: no point of the row is closer than base
        }
        double s = Math.sqrt((double) cut2 - base) * invH;
        int k0 = clampIndex(Math.ceil(zc - s) - 1, kLo, kHi);
        int k1 = clampIndex(Math.floor(zc + s) + 2, kLo, kHi);
        while (k0 < k1 && !(base + d2[zo + k0] < cut2)) {
            k0++;
        }
        if (k0 == k1) {
            return false;
        }
        while (!(base + d2[zo + k1 - 1] < cut2)) {
            k1--;
        }
        int q0 = k1;
        int q1 = k1;
        if (base <= g2) {
            double sg = Math.sqrt((double) g2 - base) * invH;
            q0 = clampIndex(Math.ceil(zc - sg) - 1, k0, k1);
            q1 = clampIndex(Math.floor(zc + sg) + 2, k0, k1);
            while (q0 < q1 && !(base + d2[zo + q0] <= g2)) {
                q0++;
            }
            while (q1 > q0 && !(base + d2[zo + q1 - 1] <= g2)) {
                q1--;
            }
        }
        rr[0] = k0;
        rr[1] = k1;
        rr[2] = q0;
        rr[3] = q1;
        return true;
    }

    private static int clampIndex(double v, int lo, int hi) {
        return (int) Math.max(lo, Math.min(hi, v));
    }

    /** Cutoff radius of an atom in units of r' and the float thresholds used to classify its points. */
    private float cut2(double rp) {
        if (spec.binary()) {
            return (float) (rp * rp);
        }
        if (spec.truncated()) {
            return Math.nextUp(g2(rp)); // d² < nextUp(g2)  ⇔  d² ≤ g2: the truncated Gaussian includes its edge
        }
        double f = spec.tailEnd() * rp;
        return (float) (f * f);
    }

    private float g2(double rp) {
        if (spec.binary()) {
            return -1f; // no Gaussian core: every included point is a plain 1
        }
        double g = spec.gaussianEnd() * rp;
        return (float) (g * g);
    }

    /** Tail coefficient A = 4G²·exp(−2G²): ρ = A (x − F)² for G &lt; x ≤ F. */
    private double tailA() {
        double g = spec.gaussianEnd();
        return 4 * g * g * Math.exp(-2 * g * g);
    }

    /**
     * Index range [lo, hi) along one axis of the points an atom at {@code a} (Å) with cutoff {@code cutoff} (Å)
     * may touch, widened by one point on each side (the exact test is per point) and clipped to the grid.
     */
    private int lo(double a, double origin, double cutoff) {
        double v = Math.ceil((a - cutoff - origin) / spec.resolution()) - 1;
        return (int) Math.max(0, Math.min(n, v));
    }

    private int hi(double a, double origin, double cutoff) {
        double v = Math.floor((a + cutoff - origin) / spec.resolution()) + 2;
        return (int) Math.max(0, Math.min(n, v));
    }

    /**
     * Per-axis entries of one atom: δ = p − a (double, for the gradients' tail terms, whose cancellation near F
     * would amplify float rounding of δ), δ² (float, for classifying points and the forward tail), exp(−2δ²/r'²).
     */
    private void axisTable(double a, double origin, double rp, double q, int lo, int hi, double[] d, float[] d2,
            float[] e, int off) {
        if (lo >= hi) {
            return;
        }
        double h = spec.resolution();
        double k = -2 / (rp * rp);
        for (int i = lo; i < hi; i++) {
            double delta = origin + i * h - a;
            d2[off + i - lo] = (float) (delta * delta);
        }
        if (d != null) {
            for (int i = lo; i < hi; i++) {
                d[off + i - lo] = origin + i * h - a;
            }
        }
        // exp(k δ²) by recurrence outward from the point nearest the atom (2 exp calls per axis and q = exp(2kh²)
        // per atom instead of one per point; exp dominated the per-atom set-up): E(δ ± h) = E(δ) · S±(δ),
        // S±(δ ± h) = S±(δ) · q, and S−(δ) = q / S+(δ). In double, the k-th value carries ~k² ulp of rounding
        // (< 1e-14 relative for any box), far below float.
        int m = (int) Math.max(lo, Math.min(hi - 1, Math.round((a - origin) / h)));
        double dm = origin + m * h - a;
        double em = Math.exp(k * dm * dm);
        e[off + m - lo] = (float) em;
        double ev = em;
        double up = Math.exp(k * (2 * dm * h + h * h));
        double step = up;
        for (int i = m + 1; i < hi; i++) {
            ev *= step;
            step *= q;
            e[off + i - lo] = (float) ev;
        }
        ev = em;
        step = q / up;
        for (int i = m - 1; i >= lo; i--) {
            ev *= step;
            step *= q;
            e[off + i - lo] = (float) ev;
        }
    }

    /** q = exp(2kh²), k = −2/r'²: the ratio of successive steps of the exp recurrence in {@link #axisTable}. */
    private double expRatio(double rp) {
        double h = spec.resolution();
        return Math.exp(-4 * h * h / (rp * rp));
    }

    /** Table width per axis: enough for the widest atom's box. */
    private int tableWidth(float[] radii) {
        int w = (int) Math.min(n, Math.floor(2 * cutoffPoints(radii)) + 4);
        // With the vector kernels at least a third of a vector (n ≥ LANES there): buildRows reads a whole vector
        // from an atom's x slot, which then stays within that atom's own three axis slots (another atom block's
        // thread may be writing the next atom's)
        return vectorised ? Math.max(w, (VectorKernels.LANES + 2) / 3) : w;
    }

    /** The largest atom's cutoff radius in grid points (cutoff / h). */
    private double cutoffPoints(float[] radii) {
        float max = 0;
        for (float r : radii) {
            max = Math.max(max, r);
        }
        return spec.cutoffMultiple() * spec.radiusScale() * max / spec.resolution();
    }

    /**
     * Tables of the atoms [from, to) (the others' boxes stay empty), built in parallel by atom blocks (each atom's
     * entries depend on that atom only); with the vector kernels also each atom's z windows and the row ranges of
     * its x-planes ({@link VectorKernels#buildRows}). The forward needs no
     * {@code gradient} parts (δ in double, the windows' δz and δz² low parts): skipping them saves a third of the
     * set-up, which costs about as much as zero-filling the grid.
     */
    private Tables tables(float[] coords, float[] radii, double[] center, int from, int to, boolean gradient,
            boolean split) {
        int atoms = radii.length;
        int m = tableWidth(radii);
        Tables spare = (gradient ? spareGradient : spareForward).getAndSet(null);
        boolean reused = spare != null && spare.reuse(atoms, m);
        if (reused) {
            tableReuses.incrementAndGet();
        }
        Tables tb = reused ? spare
                : new Tables(atoms, m, vectorised ? VectorKernels.LANES : 0,
                        vectorised ? VectorKernels.maxWindows(m) : 0, gradient);
        double[] o = spec.origin(center);
        double tailEnd = spec.tailEnd();
        tb.tailEnd = tailEnd;
        tb.tailA = tailA();
        atomBlocksIn(from, to, split, (a0, a1) -> {
            for (int a = a0; a < a1; a++) {
                double rp = radii[a] * spec.radiusScale();
                double cutoff = spec.cutoffMultiple() * rp;
                double q = expRatio(rp);
                tb.rp[a] = rp;
                tb.invR[a] = 1 / rp;
                tb.cut2[a] = cut2(rp);
                tb.g2[a] = g2(rp);
                tb.zc[a] = (coords[3 * a + 2] - o[2]) * invH;
                for (int ax = 0; ax < 3; ax++) {
                    double c = coords[3 * a + ax];
                    int lo = lo(c, o[ax], cutoff);
                    int hi = Math.max(lo, hi(c, o[ax], cutoff));
                    tb.box[6 * a + 2 * ax] = lo;
                    tb.box[6 * a + 2 * ax + 1] = hi;
                    axisTable(c, o[ax], rp, q, lo, hi, tb.d, tb.d2, tb.e, tb.offset(a, ax));
                }
                if (vectorised) {
                    VectorKernels.buildWindows(tb, a, n);
                    VectorKernels.buildRows(tb, a);
                }
            }
        });
        return tb;
    }

    /** Keeps {@code tb} for the next call that needs tables of its kind (see {@link #spareForward}). */
    private void release(Tables tb) {
        (tb.d != null ? spareGradient : spareForward).set(tb);
    }

    /**
     * Axis tables of all atoms of one call (shared read-only by the slab tasks). Per atom and axis, entries for
     * the atom's box at {@link #offset}: δ (double), δ² (float), exp(−2δ²/r'²) (float). With the vector kernels
     * also up to {@code maxWindows} z windows of {@code lanes} lanes per atom and the row ranges of each x-plane of
     * its box (see {@link VectorKernels}). Reused by later calls of the same GridMaker ({@link #reuse}).
     */
    static final class Tables {
        int atoms;
        final int m;
        final int maxWindows;
        final int[] wCount;
        /**
         * With the vector kernels: per atom and x-plane of its box, the rows [rowLo, rowHi) within the cutoff
         * (at {@link #rowIndex}; see {@link VectorKernels#buildRows}).
         */
        final float[] rowLo;
        final float[] rowHi;
        final int rowStride;
        final int[] wStart;
        final float[] wz2;
        final float[] wz2lo;
        final float[] wz;
        final float[] wez;
        final int[] box;
        final double[] d;
        final float[] d2;
        final float[] e;
        final double[] rp;
        final double[] invR;
        final float[] cut2;
        final float[] g2;
        final double[] zc;
        double tailEnd;
        double tailA;

        Tables(int atoms, int m, int lanes, int maxWindows, boolean gradient) {
            this.atoms = atoms;
            this.m = m;
            this.maxWindows = maxWindows;
            wCount = new int[atoms];
            rowStride = lanes > 0 ? (m + lanes - 1) / lanes * lanes : 0;
            rowLo = new float[atoms * rowStride]; // small integers, exact in float: the vectors store them whole
            rowHi = new float[atoms * rowStride];
            wStart = new int[atoms * maxWindows];
            wz2 = new float[atoms * maxWindows * lanes];
            wz2lo = gradient ? new float[wz2.length] : null;
            wz = gradient ? new float[wz2.length] : null;
            wez = new float[wz2.length];
            box = new int[6 * atoms];
            d = gradient ? new double[3 * m * atoms] : null;
            d2 = new float[3 * m * atoms];
            e = new float[3 * m * atoms];
            rp = new double[atoms];
            invR = new double[atoms];
            cut2 = new float[atoms];
            g2 = new float[atoms];
            zc = new double[atoms];
        }

        int offset(int atom, int axis) {
            return (3 * atom + axis) * m;
        }

        /** Index of atom {@code atom}'s x-plane {@code x} (a grid index within its box) in rowLo / rowHi. */
        int rowIndex(int atom, int x) {
            return atom * rowStride + x - box[6 * atom];
        }

        /**
         * Readies these tables for a call with {@code atoms} atoms and width {@code m}: false when they are too
         * small or of another width. Every entry a kernel reads is written for each atom in the call's range before
         * use, and no kernel reads an atom outside it; the boxes and window counts are cleared anyway (cheap), so a
         * kernel that did would meet empty atoms, as in fresh tables, not an earlier call's.
         */
        boolean reuse(int atoms, int m) {
            if (m != this.m || 6L * atoms > box.length) {
                return false;
            }
            this.atoms = atoms;
            Arrays.fill(box, 0, 6 * atoms, 0);
            Arrays.fill(wCount, 0, atoms, 0);
            return true;
        }
    }

    /** Scratch of one worker for per-atom kernels: one atom's tables and row buffers. */
    private static final class Work {
        final GridMaker gm;
        final int m;
        final double[] d;
        final float[] d2;
        final float[] e;
        final float[] row;
        final float[] gam;
        final int[] rr = new int[4];
        final int[] lohi = new int[6];
        int i0;
        int i1;
        int j0;
        int j1;
        int k0;
        int k1;
        float cut2;
        float g2;
        double zc;
        double invR;
        double c1;
        double tailQa;
        double tailQb;
        float[] src;
        int srcOff;
        final double tailA;
        final double tailEnd;

        Work(GridMaker gm) {
            this.gm = gm;
            this.m = gm.n;
            d = new double[3 * m];
            d2 = new float[3 * m];
            e = new float[3 * m];
            row = new float[gm.n];
            gam = new float[gm.n];
            tailA = gm.tailA();
            tailEnd = gm.spec.tailEnd();
        }

        /** Loads atom a; false when its box misses the grid. */
        boolean load(float[] coords, float[] radii, double[] center, int a) {
            GridSpec spec = gm.spec;
            double[] o = spec.origin(center);
            double rp = radii[a] * spec.radiusScale();
            double cutoff = spec.cutoffMultiple() * rp;
            double q = gm.expRatio(rp);
            for (int ax = 0; ax < 3; ax++) {
                double c = coords[3 * a + ax];
                int lo = gm.lo(c, o[ax], cutoff);
                int hi = Math.max(lo, gm.hi(c, o[ax], cutoff));
                if (lo >= hi) {
                    return false;
                }
                lohi[2 * ax] = lo;
                lohi[2 * ax + 1] = hi;
                gm.axisTable(c, o[ax], rp, q, lo, hi, d, d2, e, ax * m);
            }
            i0 = lohi[0];
            i1 = lohi[1];
            j0 = lohi[2];
            j1 = lohi[3];
            k0 = lohi[4];
            k1 = lohi[5];
            cut2 = gm.cut2(rp);
            g2 = gm.g2(rp);
            zc = (coords[3 * a + 2] - o[2]) * gm.invH;
            invR = 1 / rp;
            c1 = 4 / (rp * rp);
            tailQa = 2 * tailA / (rp * rp);
            tailQb = 2 * tailA * tailEnd / rp;
            return true;
        }

        /** q = ρ'(d)/d in the tail, from d². */
        double tailQ(double dist2) {
            return tailQa - tailQb / Math.sqrt(dist2);
        }

        /** row[k] = ρ for the row's included points (rr from rowRange; bxy = δx² + δy² in double). */
        void densityRow(double bxy, float exy, int[] r, int zo) {
            for (int k = r[0]; k < r[2]; k++) {
                double t = Math.sqrt(bxy + d[zo + k] * d[zo + k]) * invR - tailEnd;
                row[k] = (float) (tailA * t * t);
            }
            for (int k = r[2]; k < r[3]; k++) {
                row[k] = exy * e[zo + k];
            }
            for (int k = r[3]; k < r[1]; k++) {
                double t = Math.sqrt(bxy + d[zo + k] * d[zo + k]) * invR - tailEnd;
                row[k] = (float) (tailA * t * t);
            }
        }
    }

    /**
     * Which channels each atom adds to, with which weight, in CSR form: atom a uses entries [start[a],
     * start[a+1]). Index types give one entry of weight 1 (none for a negative index); weight vectors give their
     * non-zero entries in channel order.
     */
    static final class Channels {
        final int count;
        final boolean indexed;
        final int[] start;
        final int[] channel;
        final float[] weight;

        private Channels(int count, boolean indexed, int[] start, int[] channel, float[] weight) {
            this.count = count;
            this.indexed = indexed;
            this.start = start;
            this.channel = channel;
            this.weight = weight;
        }

        static Channels indexed(int[] types, int atoms, int channels) {
            if (types.length != atoms) {
                throw new IllegalArgumentException("types has " + types.length + " entries for " + atoms
                        + " atoms (radii)");
            }
            int[] start = new int[atoms + 1];
            int[] channel = new int[atoms];
            float[] weight = new float[atoms];
            int m = 0;
            for (int a = 0; a < atoms; a++) {
                start[a] = m;
                int t = types[a];
                if (t >= channels) {
                    throw new IllegalArgumentException("atom " + a + " has type index " + t + " but the grid has "
                            + channels + " channels");
                }
                if (t >= 0) {
                    channel[m] = t;
                    weight[m] = 1f;
                    m++;
                }
            }
            start[atoms] = m;
            return new Channels(channels, true, start, channel, weight);
        }

        static Channels weighted(float[] w, int atoms, int channels) {
            if ((long) atoms * channels != w.length) {
                throw new IllegalArgumentException("type weights have " + w.length + " values; expected N×T = "
                        + atoms + "×" + channels + " (atoms from radii, channels from the grid)");
            }
            int nz = 0;
            for (int i = 0; i < w.length; i++) {
                if (!Float.isFinite(w[i])) {
                    throw new IllegalArgumentException("atom " + i / channels + " has a non-finite weight for channel "
                            + i % channels);
                }
                if (w[i] != 0) {
                    nz++;
                }
            }
            int[] start = new int[atoms + 1];
            int[] channel = new int[nz];
            float[] weight = new float[nz];
            int m = 0;
            for (int a = 0; a < atoms; a++) {
                start[a] = m;
                for (int t = 0; t < channels; t++) {
                    float x = w[a * channels + t];
                    if (x != 0) {
                        channel[m] = t;
                        weight[m] = x;
                        m++;
                    }
                }
            }
            start[atoms] = m;
            return new Channels(channels, false, start, channel, weight);
        }
    }

    // =====================================================================================================
    // Validation and threading
    // =====================================================================================================

    private int channels(float[] grid) {
        if (grid.length == 0 || grid.length % n3 != 0) {
            throw new IllegalArgumentException("grid array has " + grid.length + " values, not a positive multiple of"
                    + " n³ = " + n3 + " (n = " + n + " points per side)");
        }
        return grid.length / n3;
    }

    private void requireDensity() {
        if (spec.binary()) {
            throw new IllegalStateException("binary grids have no gradient; use a density grid (binary = false)");
        }
    }

    private int checkAtoms(float[] coords, float[] radii, double[] center) {
        int atoms = radii.length;
        if (coords.length != 3L * atoms) {
            throw new IllegalArgumentException("coords has " + coords.length + " values; expected N×3 = " + 3L * atoms
                    + " for " + atoms + " radii");
        }
        if (center.length != 3 || !Double.isFinite(center[0]) || !Double.isFinite(center[1])
                || !Double.isFinite(center[2])) {
            throw new IllegalArgumentException("center needs 3 finite values, got " + Arrays.toString(center));
        }
        for (int a = 0; a < atoms; a++) {
            if (!(radii[a] * spec.radiusScale() >= MIN_RADIUS) || !Float.isFinite(radii[a])) {
                throw new IllegalArgumentException("atom " + a + " has radius " + radii[a] + " (scaled: "
                        + radii[a] * spec.radiusScale() + "); radii must be finite and at least " + MIN_RADIUS
                        + " Å after the radius scale");
            }
            if (!Float.isFinite(coords[3 * a]) || !Float.isFinite(coords[3 * a + 1])
                    || !Float.isFinite(coords[3 * a + 2])) {
                throw new IllegalArgumentException("atom " + a + " has a non-finite coordinate");
            }
        }
        return atoms;
    }

    private static void checkLength(float[] array, long expected, String what) {
        if (array.length != expected) {
            throw new IllegalArgumentException(what + " has " + array.length + " values; expected " + expected);
        }
    }

    private static void rotateBackRows(Transform tf, float[] coordGradient, int from, int to) {
        float[] rows = Arrays.copyOfRange(coordGradient, 3 * from, 3 * to);
        tf.gradientToOriginal(rows, rows);
        System.arraycopy(rows, 0, coordGradient, 3 * from, rows.length);
    }

    private int slabCount(boolean split) {
        return split ? Math.min(n, 4 * threads) : 1;
    }

    /**
     * Whether a call over {@code atoms} atoms and {@code channels} channels is worth splitting over the pool: its
     * estimated single-thread time reaches {@link #minSplitNanos}. The estimate, fitted to the forward (the cheapest
     * pass): ~300 ns of tables per atom, ~7 ns per row of 16 lanes — an atom's cutoff disc, π R² rows with R its
     * cutoff in grid points (the largest radius's) — and 0.045 ns per grid value zero-filled.
     */
    boolean split(int atoms, float[] radii, int channels) {
        if (pool == null) {
            return false;
        }
        double points = cutoffPoints(radii);
        double nanos = atoms * (300 + 7 * Math.PI * points * points) + 0.045 * channels * (double) n3;
        return nanos >= minSplitNanos;
    }

    /** How many calls so far took the tables of an earlier call (tests). */
    long tableReuses() {
        return tableReuses.get();
    }

    /** How many parallel sections (tables, slabs or atom blocks) ran on the pool so far (tests). */
    long splitSections() {
        return splitSections.get();
    }

    /** A task over the atoms [a0, a1). */
    private interface AtomRange {
        void run(int a0, int a1);
    }

    private void atomBlocks(int atoms, boolean split, AtomRange body) {
        atomBlocksIn(0, atoms, split, body);
    }

    private void atomBlocksIn(int from, int to, boolean split, AtomRange body) {
        int count = to - from;
        if (count <= 0) {
            return;
        }
        int blocks = split ? Math.min(count, 4 * threads) : 1;
        int per = (count + blocks - 1) / blocks;
        run(blocks, b -> body.run(Math.min(to, from + b * per), Math.min(to, from + (b + 1) * per)));
    }

    /** Runs body(0..tasks−1): inline with one thread, else on the pool, waiting for all and rethrowing failures. */
    private void run(int tasks, IntConsumer body) {
        if (pool == null || tasks == 1) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        splitSections.incrementAndGet();
        List<Callable<Void>> jobs = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            int id = t;
            jobs.add(() -> {
                body.accept(id);
                return null;
            });
        }
        for (Future<Void> f : pool.invokeAll(jobs)) {
            try {
                f.get();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("gridding interrupted", ex);
            } catch (ExecutionException ex) {
                throw TaskFailure.unwrap(ex);
            }
        }
    }
}
