import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A lower bound for issue #11's grid goal (≤ 3× the zero-fill floor): the row work of the density forward and of
 * the backward to coordinates <i>alone</i>, on the rows of {@code ./pipeline bench grid}'s pose, with every per-atom
 * table, window and row range computed before the clock starts. Nothing of multipose is called: the rows are the
 * same (same seeded pose, same float cutoff test, one 16-lane window per row at the box's first z point) and each row
 * runs the same vector operations as {@code VectorKernels}' lean loops (a copy on purpose: the kernels are
 * package-private and take their tables from {@code GridMaker}, and this program must run without the build), so the
 * time is what the current formulation costs before it sets up anything. Variants write the forward into the 12.4 MB grid (as the kernel does) or into a
 * 16 KB buffer that stays in L1 (what a plane-major order could reach at best), and read the backward's Γ from a
 * 12.4 MB gradient grid or from L1.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector docs/harness/GridRowBound.java [runs]} (JDK 17+, AVX-512 gives
 * 16 lanes). Prints medians of thread CPU time over interleaved runs and each against the zero-fill of the grid
 * measured right before it (after the same operation's previous run, as in {@code bench grid}). A scratch tool for the benchmarks' notes, not part of the build.
 */
public final class GridRowBound {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int N = 48;
    static final int N2 = N * N;
    static final int N3 = N2 * N;
    static final int CHANNELS = 28;
    static final int ATOMS = 600;
    static final double H = 0.5;
    static final double F = 1.5; // tail end, G = 1
    static final double A = 4 * Math.exp(-2); // tail coefficient 4G²e^(−2G²)

    // per atom-plane: grid offset of the box's first row in the plane, x terms, row range; per atom-row: yz terms
    static int[] planeOff;
    static int[] planeLo;
    static int[] planeHi;
    static int[] planeAtom;
    static float[] planeDx2;
    static float[] planeEx;
    static double[] planeDx;
    static int[] atomRowBase; // index of the atom's first row in yz2 / eyz (units of L floats)
    static float[] yz2;
    static float[] eyz;
    static double[] rowDy; // δy per atom-row
    static float[] atomCut2 = new float[ATOMS];
    static float[] atomG2 = new float[ATOMS];
    static float[] atomInvR = new float[ATOMS];
    static double[] atomRp = new double[ATOMS];
    static float[] wz2 = new float[ATOMS * 16 * 4];
    static float[] wz2lo = new float[ATOMS * 16 * 4];
    static float[] wez = new float[ATOMS * 16 * 4];
    static long rows;

    static final float[] GRID = new float[CHANNELS * N3];
    static final float[] GAMMA = new float[CHANNELS * N3];
    static final float[] L1 = new float[4096];
    static final float[] ROWSUM = new float[64 * 16];
    static double sink;

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 301;
        pose();
        SplittableRandom g = new SplittableRandom(7);
        for (int i = 0; i < GAMMA.length; i++) {
            GAMMA[i] = (float) g.nextDouble(-1, 1);
        }
        Runnable fill = () -> Arrays.fill(GRID, 0f);
        String[] names = {"forward rows into the grid", "forward rows into L1", "backward rows, Γ from the grid",
            "backward rows, Γ from L1"};
        Runnable[] subjects = {() -> forward(true), () -> forward(false), () -> backward(true), () -> backward(false)};
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int w = 0; w < 3000; w++) {
            for (Runnable s : subjects) {
                fill.run();
                s.run();
            }
        }
        long[][] sub = new long[4][runs];
        long[][] flo = new long[4][runs];
        // per operation, as bench grid does: the floor of run r follows the subject of run r − 1
        for (int k = 0; k < 4; k++) {
            for (int r = 0; r < runs; r++) {
                long t0 = mx.getCurrentThreadCpuTime();
                fill.run();
                long t1 = mx.getCurrentThreadCpuTime();
                subjects[k].run();
                long t2 = mx.getCurrentThreadCpuTime();
                flo[k][r] = t1 - t0;
                sub[k][r] = t2 - t1;
            }
        }
        System.out.printf("%d atoms, %d channels, %d^3, %d lanes, %d rows (one window each); %d runs, medians of"
                + " thread CPU time%n", ATOMS, CHANNELS, N, L, rows, runs);
        for (int k = 0; k < 4; k++) {
            double s = median(sub[k]);
            double f = median(flo[k]);
            // the forward zero-fills the grid before adding its rows; the backward fills nothing
            System.out.printf("%-34s %.3f ms = %.2fx its floor (zero-fill %.3f ms)%s%n", names[k], s / 1e6, s / f,
                    f / 1e6, k < 2 ? String.format("; with the zero-fill %.2fx", 1 + s / f) : "");
        }
        System.out.println("checksum " + sink);
    }

    static double median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** The bench's pose (seed 42, the same draws in the same order) and its rows by the kernels' float test. */
    static void pose() {
        SplittableRandom rng = new SplittableRandom(42);
        double[] center = {12.0, -3.0, 40.0};
        double[] origin = new double[3];
        for (int ax = 0; ax < 3; ax++) {
            origin[ax] = center[ax] - (N - 1) * H / 2;
        }
        float[] xyz = new float[3 * ATOMS];
        float[] radii = new float[ATOMS];
        int[] types = new int[ATOMS];
        for (int a = 0; a < ATOMS; a++) {
            for (int ax = 0; ax < 3; ax++) {
                xyz[3 * a + ax] = (float) (center[ax] + rng.nextDouble(-8, 8));
            }
            radii[a] = (float) rng.nextDouble(1.5, 2.2);
            types[a] = rng.nextInt(CHANNELS);
        }
        List<int[]> planes = new ArrayList<>();
        List<double[]> planeX = new ArrayList<>();
        List<float[]> yzRows = new ArrayList<>();
        List<Double> dys = new ArrayList<>();
        atomRowBase = new int[ATOMS];
        int rowBase = 0;
        for (int a = 0; a < ATOMS; a++) {
            double rp = radii[a];
            double cut = F * rp;
            atomRp[a] = rp;
            atomCut2[a] = (float) (cut * cut);
            atomG2[a] = (float) (rp * rp);
            atomInvR[a] = (float) (1 / rp);
            int[] lo = new int[3];
            int[] hi = new int[3];
            for (int ax = 0; ax < 3; ax++) {
                double c = xyz[3 * a + ax];
                lo[ax] = (int) Math.max(0, Math.min(N, Math.ceil((c - cut - origin[ax]) / H) - 1));
                hi[ax] = (int) Math.max(lo[ax], Math.min(N, Math.floor((c + cut - origin[ax]) / H) + 2));
            }
            int ks = Math.min(lo[2], N - L);
            for (int l = 0; l < L; l++) {
                int k = ks + l;
                boolean in = k >= lo[2] && k < hi[2];
                double dz = origin[2] + k * H - xyz[3 * a + 2];
                float dz2 = (float) (dz * dz);
                wz2[a * L + l] = in ? dz2 : Float.POSITIVE_INFINITY;
                wz2lo[a * L + l] = in ? (float) (dz * dz - dz2) : 0f;
                wez[a * L + l] = in ? (float) Math.exp(-2 * dz * dz / (rp * rp)) : 0f;
            }
            atomRowBase[a] = rowBase;
            for (int j = lo[1]; j < hi[1]; j++) {
                double dy = origin[1] + j * H - xyz[3 * a + 1];
                float dy2 = (float) (dy * dy);
                float[] r2 = new float[2 * L];
                for (int l = 0; l < L; l++) {
                    r2[l] = wz2[a * L + l] + dy2;
                    r2[L + l] = wez[a * L + l] * (float) Math.exp(-2 * dy * dy / (rp * rp));
                }
                yzRows.add(r2);
                dys.add(dy);
            }
            for (int i = lo[0]; i < hi[0]; i++) {
                double dx = origin[0] + i * H - xyz[3 * a];
                float dx2 = (float) (dx * dx);
                int rlo = -1;
                int rhi = -1;
                for (int j = lo[1]; j < hi[1]; j++) {
                    double dy = origin[1] + j * H - xyz[3 * a + 1];
                    if (dx2 + (float) (dy * dy) < atomCut2[a]) {
                        rlo = rlo < 0 ? j - lo[1] : rlo;
                        rhi = j - lo[1] + 1;
                    }
                }
                if (rlo >= 0) {
                    planes.add(new int[] {types[a] * N3 + i * N2 + lo[1] * N + ks, rlo, rhi, a});
                    planeX.add(new double[] {dx2, Math.exp(-2 * dx * dx / (rp * rp)), dx});
                    rows += rhi - rlo;
                }
            }
            rowBase += hi[1] - lo[1];
        }
        int p = planes.size();
        planeOff = new int[p];
        planeLo = new int[p];
        planeHi = new int[p];
        planeAtom = new int[p];
        planeDx2 = new float[p];
        planeEx = new float[p];
        planeDx = new double[p];
        for (int q = 0; q < p; q++) {
            int[] v = planes.get(q);
            planeOff[q] = v[0];
            planeLo[q] = v[1];
            planeHi[q] = v[2];
            planeAtom[q] = v[3];
            planeDx2[q] = (float) planeX.get(q)[0];
            planeEx[q] = (float) planeX.get(q)[1];
            planeDx[q] = planeX.get(q)[2];
        }
        yz2 = new float[yzRows.size() * L];
        eyz = new float[yzRows.size() * L];
        rowDy = new double[yzRows.size()];
        for (int r = 0; r < yzRows.size(); r++) {
            System.arraycopy(yzRows.get(r), 0, yz2, r * L, L);
            System.arraycopy(yzRows.get(r), L, eyz, r * L, L);
            rowDy[r] = dys.get(r);
        }
    }

    /** The forward's lean row loop (VectorKernels.addDensityRows), plane by plane in atom order. */
    static void forward(boolean toGrid) {
        float tailEnd = (float) F;
        float tailA = (float) A;
        float[] target = toGrid ? GRID : L1;
        for (int q = 0; q < planeOff.length; q++) {
            int a = planeAtom[q];
            int base = atomRowBase[a];
            float dx2 = planeDx2[q];
            float ex = planeEx[q];
            float invR = atomInvR[a];
            float g2 = atomG2[a];
            for (int jj = planeLo[q]; jj < planeHi[q]; jj++) {
                FloatVector dd = FloatVector.fromArray(S, yz2, (base + jj) * L).add(dx2);
                FloatVector t = dd.sqrt().mul(invR).sub(tailEnd).min(0f);
                FloatVector core = FloatVector.fromArray(S, eyz, (base + jj) * L).mul(ex);
                FloatVector vals = t.mul(tailA).mul(t).blend(core, dd.compare(VectorOperators.LE, g2));
                int o = toGrid ? planeOff[q] + jj * N : ((q & 15) * 16 + jj) * L & (4096 - L);
                FloatVector.fromArray(S, target, o).add(vals).intoArray(target, o);
            }
        }
    }

    /**
     * The backward-to-coordinates row loop (VectorKernels.backwardCoords, single channel): the float-float tail
     * (F r')² − d², a square root and a division per lane, Γ·s summed per plane and per row; the per-plane sums are
     * kept in a float vector (the kernel goes to double per plane: more work, left out of this bound).
     */
    static void backward(boolean fromGrid) {
        float[] src = fromGrid ? GAMMA : L1;
        FloatVector zero = FloatVector.zero(S);
        FloatVector acc = zero;
        for (int q = 0; q < planeOff.length; q++) {
            int a = planeAtom[q];
            int base = atomRowBase[a];
            float dx2 = planeDx2[q];
            double rp = atomRp[a];
            double fr = F * rp;
            float frF = (float) fr;
            float k2 = (float) (2 * A / (rp * rp));
            double exc = 4 / (rp * rp) * planeEx[q];
            double dx = planeDx[q];
            double rx = fr * fr - dx * dx;
            float g2 = atomG2[a];
            float cut2 = atomCut2[a];
            FloatVector dz2 = FloatVector.fromArray(S, wz2, a * L);
            FloatVector dz2lo = FloatVector.fromArray(S, wz2lo, a * L);
            FloatVector ezv = FloatVector.fromArray(S, wez, a * L);
            FloatVector sumP = zero;
            for (int jj = planeLo[q]; jj < planeHi[q]; jj++) {
                FloatVector dd = FloatVector.fromArray(S, yz2, (base + jj) * L).add(dx2);
                double dy = rowDy[base + jj];
                double r = rx - dy * dy;
                float rHi = (float) r;
                float rLo = (float) (r - rHi);
                FloatVector res = dz2.neg().add(rHi).add(dz2lo.neg().add(rLo));
                FloatVector dist = dd.sqrt();
                FloatVector tail = res.mul(k2).div(dist.mul(dist.add(frF)));
                FloatVector core = ezv.mul((float) (exc * eyz[(base + jj) * L]));
                FloatVector s = tail.blend(core, dd.compare(VectorOperators.LE, g2));
                int o = fromGrid ? planeOff[q] + jj * N : ((q & 15) * 16 + jj) * L & (4096 - L);
                VectorMask<Float> inside = dd.compare(VectorOperators.LT, cut2);
                FloatVector u = zero.blend(FloatVector.fromArray(S, src, o).mul(s), inside);
                sumP = sumP.add(u);
                int ro = (jj & 63) * L;
                FloatVector.fromArray(S, ROWSUM, ro).add(u).intoArray(ROWSUM, ro);
            }
            acc = acc.add(sumP.mul((float) dx));
        }
        sink += acc.reduceLanes(VectorOperators.ADD);
    }
}
