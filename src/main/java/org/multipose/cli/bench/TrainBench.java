package org.multipose.cli.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.multipose.combination.GradientRoute;
import org.multipose.combination.MaxCombination;
import org.multipose.combination.PKReadout;
import org.multipose.config.GridSpec;
import org.multipose.data.AffinityLabel;
import org.multipose.data.CompoundKey;
import org.multipose.data.CompoundPoses;
import org.multipose.data.CompoundRecord;
import org.multipose.data.Measure;
import org.multipose.data.PoseRecord;
import org.multipose.data.Qualifier;
import org.multipose.data.ReceptorRecord;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;
import org.multipose.train.Augmentation;
import org.multipose.train.BatchStep;
import org.multipose.train.EngineThreads;
import org.multipose.train.GridCenter;
import org.multipose.train.PhaseTimes;
import org.multipose.train.PoseGridder;
import org.multipose.train.TrainingStep;
import org.multipose.train.loss.CensoredMseLoss;
import org.multipose.train.loss.CompoundTarget;
import org.multipose.train.optim.Adam;
import org.multipose.train.optim.GradientClipping;
import org.multipose.train.optim.Optimizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline bench train}: the whole training step of one compound with N poses — gridding with augmentation,
 * per-pose forward/backward by the route, gradient dictionaries or the batched surrogate, combination, loss, one Adam
 * update — timed interleaved against the bare DJL forward + backward of the same poses done the same way (the
 * floor: N single-pose forward + backward passes for the dictionary route, one batched pass for the batched route,
 * on grids made beforehand, no copies, no optimizer). Then the two routes against each other, poses/s, and the peak
 * RSS rise of one step per (route, N) in a fresh JVM (fixed pre-touched heap, fixed glibc mmap threshold), as in
 * {@code bench combination}.
 *
 * <p>The last column is the ratio with the gridding time (measured separately, same poses and augmentation)
 * taken out of the step: the cost of the dictionaries, combination, loss and optimizer on their own.
 *
 * <p>With {@code --compounds K} a step is a batch of K compounds (each with its own augmentation seed, so each
 * grids its receptor frame) and one Adam update, as in training with {@code batch_size: K}; the floor is then K bare
 * passes. On the batched route the step may grid compound k + 1 in the background while the network runs compound k
 * ({@code TrainingStep#prefetch}; as training decides, or {@code --prefetch} / {@code --no-prefetch}), which only a
 * step of several compounds can show.
 *
 * <p>The compound is synthetic at protein density: a receptor of {@code --receptor-atoms} heavy atoms spread
 * uniformly over a shell 4–26 Å around the pocket center (≈ 0.05 atoms/Å³, the heavy-atom density of a protein), 14
 * receptor channels, and a 24-atom ligand in 14 ligand channels, placed N times.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Time the training step (gridding + routes + combination + optimizer) against bare DJL"
                + " forward+backward of the same poses, and its peak memory.")
public final class TrainBench implements Callable<Integer> {

    private static final int CHANNELS = 28;

    @Option(names = "--poses", split = ",", defaultValue = "1,8,32", description = "poses per compound (default 1,8,32)")
    int[] poses;

    @Option(names = "--compounds", defaultValue = "1", description = "compounds per step, i.e. per optimizer update"
            + " (default 1; training's batch_size)")
    int compounds;

    @Option(names = "--prefetch", description = "always grid compound k + 1 in the background while the network runs"
            + " compound k (batched route, --compounds > 1); default: as training decides (when PyTorch's and the"
            + " gridder's threads fit in the cores)")
    boolean forcePrefetch;

    @Option(names = "--no-prefetch", description = "never prefetch: grid every compound on the training thread")
    boolean noPrefetch;

    @Option(names = "--threads", defaultValue = "2", description = "gridding and PyTorch threads (default 2)")
    int threads;

    @Option(names = "--runs", defaultValue = "5", description = "timed runs per measurement (default 5)")
    int runs;

    @Option(names = "--warmup", defaultValue = "3", description = "untimed runs first (default 3)")
    int warmup;

    @Option(names = "--grid-warmup", defaultValue = "3000", description = "grid calls made before any timing, so"
            + " the gridder is at its steady state as in a training run (default 3000; at most 30 s)")
    int gridWarmup;

    @Option(names = "--receptor-atoms", defaultValue = "3650", description = "receptor heavy atoms (default 3650)")
    int receptorAtoms;

    @Option(names = "--architecture", defaultValue = "small", description = "small (24³ grid at 1 Å, default) or"
            + " default2018 (48³ at 0.5 Å; about a second per pose on 2 cores)")
    String architecture;

    @Option(names = "--per-pose", description = "augment each pose with its own transform, centred on its own ligand"
            + " (so every pose grids the receptor); default: one frame per compound, receptor gridded once")
    boolean perPose;

    @Option(names = "--no-memory", description = "skip the peak-memory probes (one JVM each)")
    boolean noMemory;

    @Option(names = "--memory-probe", hidden = true, description = "internal: ROUTE:N, print the peak RSS increase")
    String memoryProbe;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (forcePrefetch && noPrefetch) {
            throw new org.multipose.base.InputException("bench train: --prefetch and --no-prefetch exclude each other");
        }
        if (poses.length == 0 || threads < 1 || runs < 1 || warmup < 0 || gridWarmup < 0 || receptorAtoms < 1
                || compounds < 1) {
            throw new org.multipose.base.InputException("bench train: --poses, --compounds, --threads, --runs and"
                    + " --receptor-atoms must be ≥ 1, --warmup and --grid-warmup ≥ 0");
        }
        for (int n : poses) {
            if (n < 1) {
                throw new org.multipose.base.InputException("bench train: --poses " + n + ": give counts ≥ 1");
            }
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        EngineThreads.Counts counts = EngineThreads.configure(threads);
        if (memoryProbe != null) {
            String[] parts = memoryProbe.split(":");
            out.println(PeakMemory.MARK + probe(GradientRoute.valueOf(parts[0]), Integer.parseInt(parts[1])));
            out.flush();
            return 0;
        }
        GridSpec grid = grid();
        ModelSpec model = model();
        out.printf("train bench: %s network (%d parameters) on %d×%d³ grids (%s Å, %s Å), Adam, LSE smooth"
                + " minimum, censored MSE, augmentation rotate + translate 2 Å; synthetic receptor of %d atoms;"
                + " threads %s; %d compound(s) per step%s; %d runs (median); %d cores, load average %.2f%n",
                model.architecture(), model.parameterCount(), CHANNELS, grid.pointsPerSide(), grid.resolution(),
                grid.dimension(), receptorAtoms, counts, compounds, prefetchNote(), runs, Runtime.getRuntime().availableProcessors(),
                load());
        warmGridder(out);
        out.printf("%-4s %-11s %11s %11s %8s %10s %11s %14s%n", "N", "route", "step ms", "bare ms", "ratio",
                "poses/s", "grid ms", "ratio − grid");
        double[][] stepMs = new double[poses.length][2];
        List<String> splits = new ArrayList<>();
        for (int k = 0; k < poses.length; k++) {
            int n = poses[k];
            for (GradientRoute route : TrainingStep.ROUTES) {
                try (Setup s = new Setup(n, route)) {
                    Timing t = Timing.interleaved(s::step, s::bare, warmup, runs, 1);
                    Timing g = Timing.interleaved(s::gridOnly, () -> { }, 1, runs, 1);
                    stepMs[k][route.ordinal()] = t.subjectMedian() / 1e6;
                    // with prefetch part of the gridding is hidden, so taking all of it out would understate the rest
                    String withoutGrid = route == GradientRoute.BATCHED && compounds > 1 && prefetches(s.step)
                            ? "n/a (prefetch)" : String.format("%.2fx", (t.subjectMedian() - g.subjectMedian())
                                    / t.floorMedian());
                    out.printf("%-4d %-11s %11.1f %11.1f %7.2fx %10.1f %11.1f %14s%n", n,
                            route.name().toLowerCase(java.util.Locale.ROOT), t.subjectMedian() / 1e6,
                            t.floorMedian() / 1e6, t.ratio(), (double) n * compounds / (t.subjectMedian() / 1e9),
                            g.subjectMedian() / 1e6, withoutGrid);
                    splits.add(split(s, n, route));
                }
            }
        }
        for (int k = 0; k < poses.length; k++) {
            out.printf("N = %d: dictionary / batched step time %.2fx%n", poses[k], stepMs[k][0] / stepMs[k][1]);
        }
        out.println("time split of a step (mean of " + runs + " more steps, ms):");
        splits.forEach(out::println);
        out.printf("load average after the timings %.2f%n", load());
        if (!noMemory) {
            out.printf("%-4s %-11s %14s%n", "N", "route", "step peak MB");
            for (int n : poses) {
                for (GradientRoute route : TrainingStep.ROUTES) {
                    out.printf("%-4d %-11s %14.1f%n", n, route.name().toLowerCase(java.util.Locale.ROOT),
                            peakMb(route, n));
                }
            }
        }
        out.flush();
        return 0;
    }

    /**
     * Grids poses until {@code --grid-warmup} grid calls were made (at most 30 s): the vector kernels reach their
     * steady state only after a few thousand calls (docs/benchmarks.md "Grid"), as a training run's first epoch
     * does; a few warm-up steps alone time a half-compiled gridder (measured: 18.5 ms instead of 3.3–3.8 ms per
     * 8-pose step). The JIT's state is per process, so once is enough for every (N, route) that follows.
     */
    private void warmGridder(java.io.PrintWriter out) throws Exception {
        if (gridWarmup == 0) {
            return;
        }
        long t0 = System.nanoTime();
        long deadline = t0 + 30_000_000_000L;
        int calls = 0;
        try (Setup s = new Setup(8, GradientRoute.BATCHED)) {
            while (calls < gridWarmup && System.nanoTime() < deadline) {
                s.gridOnly();
                calls += compounds * (s.n + (perPose ? 0 : 1)); // poses, and the receptor once per compound if shared
            }
        }
        out.printf("gridder warmed up: %,d grid calls in %.1f s%n", calls, (System.nanoTime() - t0) / 1e9);
    }

    private GridSpec grid() {
        return switch (architecture) {
            case "small" -> GridSpec.of(1.0, 23.0, 1.0, 1.0, false);
            case "default2018" -> GridSpec.defaults();
            default -> throw new org.multipose.base.InputException("bench train: --architecture " + architecture
                    + ": use small or default2018");
        };
    }

    /** Whether this run's steps prefetch: forced either way, or as training decides for {@code step}. */
    private boolean prefetches(TrainingStep step) {
        return forcePrefetch || (!noPrefetch && BatchStep.prefetchPays(step));
    }

    private String prefetchNote() {
        return forcePrefetch ? ", prefetch forced" : noPrefetch ? ", no prefetch" : ", prefetch as training decides";
    }

    private ModelSpec model() {
        ModelSpec m = architecture.equals("small") ? ModelSpec.small(CHANNELS) : ModelSpec.default2018(CHANNELS);
        return new ModelSpec(m.architecture(), CHANNELS, grid().pointsPerSide(), m.widths(), false);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** One compound, the model and optimizer, and pre-made grids for the floor. */
    private final class Setup implements AutoCloseable {
        final int n;
        final GradientRoute route;
        final PoseModel model;
        final PoseGridder gridder;
        final Optimizer optimizer;
        final TrainingStep step;
        final NDManager manager = NDManager.newBaseManager();
        final List<BatchStep.Example> batch = new ArrayList<>();
        final CompoundPoses compound;
        final ReceptorRecord receptor;
        final NDArray[] single;
        final NDArray all;
        final float[] grid;
        final Augmentation augmentation = new Augmentation(true, 2.0, 0.0, perPose);
        int calls;

        Setup(int n, GradientRoute route) {
            this.n = n;
            this.route = route;
            GridSpec spec = grid();
            model = PoseModel.create(model(), 1);
            gridder = new PoseGridder(spec, CHANNELS, CHANNELS / 2, perPose ? new GridCenter.LigandCentroid()
                    : new GridCenter.CompoundCentroid(), threads);
            optimizer = new Adam(Adam.Settings.adam(), GradientClipping.none());
            step = new TrainingStep(model, gridder, new MaxCombination(true, 1.0), route);
            receptor = receptor(receptorAtoms);
            compound = compound(n);
            CompoundTarget target = new CompoundTarget(6.5, Qualifier.EQUAL, OptionalDouble.empty(), new double[0]);
            for (int c = 0; c < compounds; c++) {
                int k = c; // each compound its own frame, as different compounds of a batch have
                batch.add(new BatchStep.Example(compound, receptor, new CensoredMseLoss().bind(new PKReadout(), target),
                        i -> seed(k, i)));
            }
            // The floor's inputs: the same poses gridded once, as docked, in direct buffers.
            grid = new float[gridder.gridLength()];
            single = new NDArray[n];
            ByteBuffer whole = ByteBuffer.allocateDirect(n * grid.length * Float.BYTES).order(ByteOrder.nativeOrder());
            for (int i = 0; i < n; i++) {
                gridder.grid(receptor, compound.poses(), i, Augmentation.NONE, 0, grid);
                ByteBuffer one = ByteBuffer.allocateDirect(grid.length * Float.BYTES).order(ByteOrder.nativeOrder());
                one.asFloatBuffer().put(grid);
                whole.asFloatBuffer().position(i * grid.length).put(grid);
                Shape s = new Shape(1, CHANNELS, spec.pointsPerSide(), spec.pointsPerSide(), spec.pointsPerSide());
                single[i] = manager.create(one, s, ai.djl.ndarray.types.DataType.FLOAT32);
            }
            int p = spec.pointsPerSide();
            all = manager.create(whole, new Shape(n, CHANNELS, p, p, p), ai.djl.ndarray.types.DataType.FLOAT32);
        }

        void step() {
            calls++;
            BatchStep.run(step, optimizer, 1e-4, batch, augmentation, manager, prefetches(step));
        }

        /** Bare DJL: the same poses' forward + backward, the way the route does them, once per compound. */
        void bare() {
            for (int c = 0; c < compounds; c++) {
                bareCompound();
            }
        }

        private void bareCompound() {
            if (route == GradientRoute.DICTIONARY) {
                for (int i = 0; i < n; i++) {
                    try (NDManager pose = manager.newSubManager();
                            GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        pose.tempAttachAll(single[i]);
                        c.backward(model.affinity(single[i]));
                    }
                }
            } else {
                try (NDManager scratch = manager.newSubManager();
                        GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    scratch.tempAttachAll(all);
                    c.backward(model.affinity(all).sum());
                }
            }
        }

        void gridOnly() {
            calls++;
            for (int c = 0; c < compounds; c++) {
                for (int i = 0; i < n; i++) {
                    gridder.grid(receptor, compound.poses(), i, augmentation, seed(c, i), grid);
                }
            }
        }

        /**
         * Compound c's seed for pose i in the current step: distinct for every (step, compound), and per pose in
         * per-pose mode. Read by the prefetch worker too; {@code calls} changes only between steps, after the
         * step's prefetch has drained.
         */
        long seed(int c, int i) {
            return ((long) calls * compounds + c) * 100_000L + (perPose ? i : 0);
        }

        @Override
        public void close() {
            manager.close();
            optimizer.close();
            gridder.close();
            model.close();
        }
    }

    static ReceptorRecord receptor(int atoms) {
        SplittableRandom rnd = new SplittableRandom(42);
        float[] xyz = new float[3 * atoms];
        short[] types = new short[atoms];
        float[] radii = new float[atoms];
        for (int a = 0; a < atoms; a++) {
            // uniform in the shell 4 Å < r < 26 Å: r³ uniform, direction uniform
            double r = Math.cbrt(64 + rnd.nextDouble() * (26 * 26 * 26 - 64));
            double z = 2 * rnd.nextDouble() - 1;
            double phi = 2 * Math.PI * rnd.nextDouble();
            double s = Math.sqrt(1 - z * z);
            xyz[3 * a] = (float) (r * s * Math.cos(phi));
            xyz[3 * a + 1] = (float) (r * s * Math.sin(phi));
            xyz[3 * a + 2] = (float) (r * z);
            types[a] = (short) rnd.nextInt(14);
            radii[a] = 1.8f + 0.1f * rnd.nextInt(3);
        }
        return new ReceptorRecord("bench", "synthetic", xyz, types, radii);
    }

    static CompoundPoses compound(int n) {
        SplittableRandom rnd = new SplittableRandom(7);
        int atoms = 24;
        short[] types = new short[atoms];
        float[] radii = new float[atoms];
        for (int a = 0; a < atoms; a++) {
            types[a] = (short) (14 + rnd.nextInt(14));
            radii[a] = 1.7f + 0.1f * rnd.nextInt(3);
        }
        CompoundKey key = new CompoundKey("bench", "ligand");
        List<PoseRecord> poses = new ArrayList<>();
        for (int p = 1; p <= n; p++) {
            float[] xyz = new float[3 * atoms];
            for (int i = 0; i < xyz.length; i++) {
                xyz[i] = (float) rnd.nextDouble(-3.5, 3.5);
            }
            poses.add(new PoseRecord(key, p, "synthetic", p, xyz, types, radii, Map.of()));
        }
        AffinityLabel label = new AffinityLabel(key, Measure.KI, 6.5, Qualifier.EQUAL, OptionalDouble.empty(), 1,
                Optional.empty());
        return new CompoundPoses(new CompoundRecord(key, Optional.of(label), "", n), poses);
    }

    /** Mean time per phase over {@code runs} more steps: grid, network, combination, optimizer, other. */
    private String split(Setup s, int n, GradientRoute route) {
        PhaseTimes times = s.step.phaseTimes();
        times.reset();
        long t0 = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            s.step();
        }
        double total = (System.nanoTime() - t0) / 1e6 / runs;
        double grid = times.nanos(PhaseTimes.Phase.GRID) / 1e6 / runs;
        double network = times.nanos(PhaseTimes.Phase.NETWORK) / 1e6 / runs;
        double combination = times.nanos(PhaseTimes.Phase.COMBINATION) / 1e6 / runs;
        double optimizer = times.nanos(PhaseTimes.Phase.OPTIMIZER) / 1e6 / runs;
        return String.format(java.util.Locale.ROOT, "  N = %d %s: step %.2f = grid %.2f + network %.2f + combination"
                + " %.2f + optimizer %.2f + other %.2f", n, route.name().toLowerCase(java.util.Locale.ROOT), total,
                grid, network, combination, optimizer, total - grid - network - combination - optimizer);
    }

    /** Runs one probe in a fresh JVM ({@link PeakMemory}) and returns MB. */
    private double peakMb(GradientRoute route, int n) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("train", "--memory-probe", route.name() + ":" + n, "--threads",
                Integer.toString(threads), "--receptor-atoms", Integer.toString(receptorAtoms), "--architecture",
                architecture, "--compounds", Integer.toString(compounds)));
        if (perPose) {
            args.add("--per-pose");
        }
        if (noPrefetch) {
            args.add("--no-prefetch");
        }
        if (forcePrefetch) {
            args.add("--prefetch");
        }
        return PeakMemory.measureMb(args, route + ":" + n);
    }

    /** In the probe JVM: the peak RSS rise of one training step, kB ({@link PeakMemory}). */
    private long probe(GradientRoute route, int n) throws IOException {
        try (Setup s = new Setup(n, route)) {
            return PeakMemory.rise(s::step);
        }
    }
}
