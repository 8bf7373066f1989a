package org.multipose.cli.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.multipose.combination.BoltzmannCombination;
import org.multipose.combination.Combination;
import org.multipose.combination.CompoundGradient;
import org.multipose.combination.CompoundLoss;
import org.multipose.combination.GradientDictionary;
import org.multipose.combination.GradientRoute;
import org.multipose.combination.LossGradient;
import org.multipose.combination.MaxCombination;
import org.multipose.combination.MultiPoseModel;
import org.multipose.combination.PKReadout;
import org.multipose.combination.Readout;
import org.multipose.config.CombinationConfig;
import org.multipose.train.Combinations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline bench combination}: one compound's gradient step (forward, combination, pK squared-error loss,
 * backward, gradient copied out) on a small 3D CNN for N poses, by the dictionary, batched and pose-by-pose routes,
 * each timed against plain autograd over all N poses at once (the floor: one batched forward, the combination written
 * as NDArray ops, one backward), interleaved. Then the peak RSS increase of each, measured in a fresh JVM per
 * (route, N): a probe's heap is fixed and pre-touched and glibc's mmap threshold fixed, so RSS moves with native
 * memory only.
 */
@Command(name = "combination", mixinStandardHelpOptions = true,
        description = "Time and peak memory of the combination gradient routes vs plain autograd over all poses.")
public final class CombinationBench implements Callable<Integer> {

    private static final String AUTOGRAD = "AUTOGRAD";

    @Option(names = "--poses", split = ",", defaultValue = "1,8,32", description = "pose counts N (default 1,8,32)")
    int[] poses;

    @Option(names = "--grid", defaultValue = "16", description = "grid points per side (default 16)")
    int grid;

    @Option(names = "--channels", defaultValue = "1", description = "input channels (default 1)")
    int channels;

    @Option(names = "--combination", defaultValue = "max", description = "mean, max or boltzmann (default max)")
    String combinationName;

    @Option(names = "--runs", defaultValue = "5", description = "timed runs per measurement (default 5)")
    int runs;

    @Option(names = "--warmup", defaultValue = "2", description = "untimed runs first (default 2)")
    int warmup;

    @Option(names = "--threads", defaultValue = "0", description = "PyTorch intra-op threads (0: DJL's default)")
    int threads;

    @Option(names = "--no-memory", description = "skip the peak-memory probes (one JVM each)")
    boolean noMemory;

    @Option(names = "--memory-probe", hidden = true, description = "internal: ROUTE:N, print the peak RSS increase")
    String memoryProbe;

    @Override
    public Integer call() throws Exception {
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        if (memoryProbe != null) {
            String[] parts = memoryProbe.split(":");
            System.out.println(PeakMemory.MARK + probe(parts[0], Integer.parseInt(parts[1])));
            return 0;
        }
        Combination combination = combination();
        try (NDManager base = NDManager.newBaseManager()) {
            Setup s = new Setup(base, combination);
            System.out.printf("combination bench: %s, CNN with %d parameters on %d×%d³ grids, float32, %d intra-op"
                    + " threads, %d runs (median), %d cores, load average %.2f%n", combination.name(),
                    s.parameterCount(), channels, grid, threads > 0 ? threads : Runtime.getRuntime()
                            .availableProcessors(), runs, Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf("%-4s %-13s %12s %12s %8s %11s%n", "N", "route", "route ms", "autograd ms", "ratio",
                    "max rel Δg");
            for (int n : poses) {
                List<NDList> inputs = s.poses(n);
                for (GradientRoute route : GradientRoute.values()) {
                    double diff = s.agreement(inputs, route);
                    Timing t = Timing.interleaved(() -> s.route(inputs, route), () -> s.autograd(inputs), warmup,
                            runs, 1);
                    System.out.printf("%-4d %-13s %12.1f %12.1f %7.2fx %11.1e%n", n, route, t.subjectMedian() / 1e6,
                            t.floorMedian() / 1e6, t.ratio(), diff);
                }
            }
            Timing zero = s.zeroing();
            System.out.printf("zeroing all %d parameter gradients: GradientDictionary.zeroGradients %.3f ms,"
                    + " GradientCollector.zeroGradients() %.3f ms (ratio %.2f)%n", s.parameterArrays(),
                    zero.subjectMedian() / 1e6, zero.floorMedian() / 1e6, zero.ratio());
            System.out.printf("load average after the timings %.2f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        // After all timings: a probe JVM perturbed the timings of this one that followed it (10x on this VM).
        if (!noMemory) {
            System.out.printf("%-4s %-13s %14s %14s %8s%n", "N", "route", "route peak MB", "autograd MB", "ratio");
            for (int n : poses) {
                double autogradMb = peakMb(AUTOGRAD, n);
                for (GradientRoute route : GradientRoute.values()) {
                    double routeMb = peakMb(route.name(), n);
                    System.out.printf("%-4d %-13s %14.1f %14.1f %7.2fx%n", n, route, routeMb, autogradMb,
                            routeMb / autogradMb);
                }
            }
        }
        return 0;
    }

    private Combination combination() {
        if (Combinations.REGISTRY.find(combinationName).isEmpty()) {
            throw new IllegalArgumentException("--combination " + combinationName + ": use "
                    + Combinations.REGISTRY.choices());
        }
        return Combinations.create(combinationName, CombinationConfig.defaults());
    }

    /** Runs one probe in a fresh JVM ({@link PeakMemory}) and returns MB. */
    private double peakMb(String route, int n) throws IOException, InterruptedException {
        return PeakMemory.measureMb(List.of("combination", "--memory-probe", route + ":" + n, "--grid",
                Integer.toString(grid), "--channels", Integer.toString(channels), "--combination", combinationName,
                "--threads", Integer.toString(threads)), route + ":" + n);
    }

    /** In the probe JVM: the peak RSS increase of the route's (or autograd's) gradient, kB ({@link PeakMemory}). */
    private long probe(String route, int n) throws IOException {
        try (NDManager base = NDManager.newBaseManager()) {
            Setup s = new Setup(base, combination());
            List<NDList> inputs = s.poses(n);
            return PeakMemory.rise(AUTOGRAD.equals(route) ? () -> s.autograd(inputs)
                    : () -> s.route(inputs, GradientRoute.valueOf(route)));
        }
    }

    /** The model, its inputs and the four ways to get one compound's gradient. */
    private final class Setup {
        final NDManager base;
        final Combination combination;
        final Block block;
        final ParameterStore store;
        final MultiPoseModel model;
        final Readout pK = new PKReadout();
        final double label = 6.0;
        final CompoundLoss loss;

        Setup(NDManager base, Combination combination) {
            this.base = base;
            this.combination = combination;
            Engine.getInstance().setRandomSeed(1);
            block = smallCnn();
            block.initialize(base, DataType.FLOAT32, new Shape(1, channels, grid, grid, grid));
            store = new ParameterStore(base, false);
            model = new MultiPoseModel(block, store, combination);
            loss = r -> {
                double d = pK.apply(r.combined()) - label;
                return LossGradient.onCombined(d * d, pK.backward(r.combined(), 2 * d));
            };
        }

        /** conv 3³ 16 → ReLU → max-pool 2 → conv 3³ 32 → ReLU → max-pool 2 → conv 3³ 64 → ReLU → mean → linear 1. */
        private Block smallCnn() {
            Shape k = new Shape(3, 3, 3);
            Shape pad = new Shape(1, 1, 1);
            return new SequentialBlock()
                    .add(Conv3d.builder().setKernelShape(k).optPadding(pad).setFilters(16).build())
                    .add(Activation::relu)
                    .add(Pool.maxPool3dBlock(new Shape(2, 2, 2)))
                    .add(Conv3d.builder().setKernelShape(k).optPadding(pad).setFilters(32).build())
                    .add(Activation::relu)
                    .add(Pool.maxPool3dBlock(new Shape(2, 2, 2)))
                    .add(Conv3d.builder().setKernelShape(k).optPadding(pad).setFilters(64).build())
                    .add(Activation::relu)
                    .add(Pool.globalAvgPool3dBlock())
                    .add(Linear.builder().setUnits(1).build());
        }

        long parameterCount() {
            long c = 0;
            for (var p : block.getParameters()) {
                c += p.getValue().getArray().size();
            }
            return c;
        }

        int parameterArrays() {
            return block.getParameters().size();
        }

        List<NDList> poses(int n) {
            Engine.getInstance().setRandomSeed(2);
            List<NDList> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(new NDList(base.randomUniform(0f, 1f, new Shape(1, channels, grid, grid, grid))));
            }
            return out;
        }

        void route(List<NDList> inputs, GradientRoute route) {
            try (NDManager scratch = base.newSubManager();
                    CompoundGradient g = model.gradient(inputs, loss, route, scratch)) {
                g.gradient().size();
            }
        }

        /** Plain autograd: one batched forward, the combination as NDArray ops, one backward, gradient copied out. */
        void autograd(List<NDList> inputs) {
            try (NDManager scratch = base.newSubManager()) {
                autograd(inputs, scratch).close();
            }
        }

        GradientDictionary autograd(List<NDList> inputs, NDManager into) {
            GradientDictionary.zeroGradients(block);
            try (NDManager scratch = base.newSubManager()) {
                NDList column = new NDList();
                for (NDList p : inputs) {
                    column.add(p.head());
                }
                NDArray batch = NDArrays.concat(column, 0);
                batch.attach(scratch);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray y = block.forward(store, new NDList(batch), true).head().reshape(inputs.size());
                    NDArray d = combine(y).mul(-1.0 / Math.log(10.0)).sub(label);
                    collector.backward(d.mul(d));
                }
            }
            return GradientDictionary.capture(block, into);
        }

        private NDArray combine(NDArray y) {
            if (combination instanceof MaxCombination max) {
                double st = (max.negate() ? -1.0 : 1.0) * max.scale();
                NDArray a = y.mul(st);
                NDArray m = a.max().stopGradient();
                return a.sub(m).exp().sum().log().add(m).div(st);
            }
            if (combination instanceof BoltzmannCombination b) {
                NDArray w = y.mul(-1.0 / b.kT()).softmax(0);
                return w.mul(y).sum();
            }
            return y.mean();
        }

        /**
         * Largest |route − autograd| over all gradient entries, relative to the largest |autograd| entry of the whole
         * dictionary (not per parameter or per entry). That scale is not 0 for a correct reference, whatever ReLU
         * units are dead: the final linear layer's bias alone gets 2 (pK − label) · (−1/ln 10) · Σ ∂combined/∂y_i,
         * and the combination's derivatives sum to 1 (mean, LSE and Boltzmann alike). So an infinite or NaN result
         * means a non-finite gradient or an all-zero reference, which the WARNING lines tell apart.
         */
        double agreement(List<NDList> inputs, GradientRoute route) {
            try (NDManager scratch = base.newSubManager()) {
                GradientDictionary reference = autograd(inputs, scratch);
                CompoundGradient g = model.gradient(inputs, loss, route, scratch);
                double scale = 0;
                double diff = 0;
                int nonFiniteReference = 0;
                int nonFiniteRoute = 0;
                for (String name : reference.names()) {
                    double[] a = reference.toDoubleArray(name);
                    double[] b = g.gradient().toDoubleArray(name);
                    for (int j = 0; j < a.length; j++) {
                        scale = Math.max(scale, Math.abs(a[j]));
                        diff = Math.max(diff, Math.abs(a[j] - b[j]));
                        nonFiniteReference += Double.isFinite(a[j]) ? 0 : 1;
                        nonFiniteRoute += Double.isFinite(b[j]) ? 0 : 1;
                    }
                }
                if (!(diff / scale < 1e-3)) {
                    // Should never happen (the tests bound it by 1e-5); print enough to investigate if it does.
                    System.out.printf("WARNING %s: largest |autograd| entry %g, largest |route − autograd| %g,"
                            + " non-finite entries: autograd %d, route %d%n", route, scale, diff, nonFiniteReference,
                            nonFiniteRoute);
                    for (String name : reference.names()) {
                        double[] a = reference.toDoubleArray(name);
                        double[] b = g.gradient().toDoubleArray(name);
                        double sa = 0;
                        double sb = 0;
                        for (int j = 0; j < a.length; j++) {
                            sa += Math.abs(a[j]);
                            sb += Math.abs(b[j]);
                        }
                        System.out.printf("WARNING %s disagrees with autograd: %s Σ|autograd| = %g, Σ|route| = %g%n",
                                route, name, sa, sb);
                    }
                    System.out.println("WARNING pose predictions "
                            + java.util.Arrays.toString(g.combination().predictions()));
                }
                return diff / scale;
            }
        }

        /** Our zeroing (subject) against DJL's GradientCollector.zeroGradients() (floor). */
        Timing zeroing() {
            return Timing.interleaved(() -> GradientDictionary.zeroGradients(block), () -> {
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    c.zeroGradients();
                }
            }, 3, 15, 5);
        }
    }
}
