package org.multipose.cli.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.multipose.base.InputException;
import org.multipose.config.GridSpec;
import org.multipose.grid.GridMaker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline bench grid}: the density grid on a synthetic pose (seeded; atoms uniform in a 16 Å box around
 * the center, radii 1.5–2.2 Å, index types uniform over the channels) at the default spec (48³), each operation
 * timed against zero-filling the same grid buffer with {@link Arrays#fill} in the same run (wall clock, and with
 * one thread also the ratio of thread CPU times, which a busy machine distorts less).
 */
@Command(
        name = "grid",
        mixinStandardHelpOptions = true,
        description = "Density grid forward / backward vs zero-filling the same buffer (ratio of medians).")
public final class GridBench implements Runnable {

    @Option(names = "--threads", defaultValue = "1", description = "Gridding threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--runs", defaultValue = "21", description = "Timed runs per operation (default: ${DEFAULT-VALUE}).")
    int runs;

    // 3000, not 500: after 500 calls the forward is often still in a slow JIT state that looks steady (2.2-3.8 ms
    // against 0.85-1.0 ms after 3000 calls, 3 of 3 runs each, docs/benchmarks.md "Grid").
    @Option(names = "--warmup", defaultValue = "3000",
            description = "Least untimed warm-up runs per operation; the warm-up then lasts until the time is steady,"
                    + " at most " + WARMUP_SECONDS + " s (default: ${DEFAULT-VALUE}).")
    int warmup;

    /**
     * Cap on each operation's warm-up, which otherwise lasts until the subject's time is steady
     * ({@link Timing#warmUp}). The JIT reaches the kernels' steady state only after several hundred calls, and on a
     * busy machine a method the kernel calls once per call (the per-atom tables) can wait seconds in the compile
     * queue: a fixed 3 s warm-up timed it interpreted in some runs (forward 5.9×, 11.4×, 4.5×, 13.0× in four runs).
     * 60 s rather than 30: the second-order pass (~10 ms a call) needs ~30 s for its 3000 calls alone.
     */
    static final int WARMUP_SECONDS = 60;

    @Option(names = "--atoms", defaultValue = "600", description = "Atoms in the pose (default: ${DEFAULT-VALUE}).")
    int atoms;

    @Option(names = "--channels", defaultValue = "28", description = "Channels (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic pose (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (threads < 1 || runs < 1 || warmup < 0 || atoms < 1 || channels < 1) {
            throw new InputException("bench grid: --threads, --runs, --atoms and --channels must be >= 1 and"
                    + " --warmup >= 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        GridSpec gs = GridSpec.defaults();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] center = {12.0, -3.0, 40.0};
        float[] xyz = new float[3 * atoms];
        float[] radii = new float[atoms];
        int[] types = new int[atoms];
        for (int a = 0; a < atoms; a++) {
            for (int ax = 0; ax < 3; ax++) {
                xyz[3 * a + ax] = (float) (center[ax] + rng.nextDouble(-8, 8));
            }
            radii[a] = (float) rng.nextDouble(1.5, 2.2);
            types[a] = rng.nextInt(channels);
        }
        float[] weights = new float[atoms * channels];
        for (int a = 0; a < atoms; a++) {
            weights[a * channels + types[a]] = 1f;
        }
        try (GridMaker gm = new GridMaker(gs, threads)) {
            float[] grid = new float[gm.gridLength(channels)];
            float[] gamma = new float[grid.length];
            for (int i = 0; i < gamma.length; i++) {
                gamma[i] = (float) rng.nextDouble(-1, 1);
            }
            float[] coordGrad = new float[3 * atoms];
            float[] weightGrad = new float[atoms * channels];
            float[] v = new float[3 * atoms];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.nextDouble(-1, 1);
            }
            float[] gridOut = new float[grid.length];
            Runnable floor = () -> Arrays.fill(grid, 0f);

            out.printf("pipeline bench grid: %d atoms, %d channels, %d³ points (h %.2f Å, L %.2f Å), %d thread(s)%n",
                    atoms, channels, gs.pointsPerSide(), gs.resolution(), gs.dimension(), threads);
            out.printf("machine: %d cores, %s %s, Java %s; load average before: %.2f%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                    System.getProperty("os.arch"), System.getProperty("java.version"), loadAverage());
            out.printf("floor: Arrays.fill of the %d-float grid buffer (%.1f MB); median of %d runs (in brackets: p10–p90"
                    + " of the per-run ratios) after a warm-up of at least %d runs until steady (at most %d s) per"
                    + " operation%n", grid.length, grid.length * 4 / 1e6, runs, warmup, WARMUP_SECONDS);
            out.printf("%-40s %13s %13s %9s%s%n", "operation", "subject", "floor", "ratio",
                    threads == 1 ? "   (thread-CPU-time ratio)" : "");
            time(out, "forward (index types, zero-filled)",
                    () -> gm.forward(xyz, types, radii, center, grid), floor);
            time(out, "backward to coordinates (index types)",
                    () -> gm.backward(xyz, types, radii, center, gamma, coordGrad), floor);
            time(out, "forward (type-weight vectors, one-hot)",
                    () -> gm.forward(xyz, weights, radii, center, grid), floor);
            time(out, "backward to type weights (N×T)",
                    () -> gm.backwardTypeWeights(xyz, radii, center, gamma, weightGrad), floor);
            time(out, "second-order backward (index types)",
                    () -> gm.backwardSecondOrder(xyz, types, radii, center, gamma, v, gridOut, coordGrad,
                            weightGrad), floor);
            out.printf("load average after: %.2f%n", loadAverage());
            out.flush();
        }
    }

    private void time(PrintWriter out, String label, Runnable subject, Runnable floor) {
        Timing.Warmup w = Timing.warmUp(subject, floor, warmup, WARMUP_SECONDS);
        Timing wall = Timing.interleaved(subject, floor, 0, runs, 1);
        String line = wall.line(label);
        if (threads == 1) {
            // Thread CPU time of the same interleaved runs: on a busy machine a multi-millisecond subject is
            // preempted far more often than a sub-millisecond fill, which inflates the wall-clock ratio.
            line += String.format("   cpu %8.2fx", cpuRatio(subject, floor));
        }
        out.println(line + "   " + w.describe());
        out.flush();
    }

    private double cpuRatio(Runnable subject, Runnable floor) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] s = new long[runs];
        long[] f = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            floor.run();
            long t1 = mx.getCurrentThreadCpuTime();
            subject.run();
            long t2 = mx.getCurrentThreadCpuTime();
            f[i] = t1 - t0;
            s[i] = t2 - t1;
        }
        return new Timing(s, f).ratio();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
