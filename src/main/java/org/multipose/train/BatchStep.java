package org.multipose.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntToLongFunction;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.CompoundGradient;
import org.multipose.combination.CompoundLoss;
import org.multipose.combination.GradientDictionary;
import org.multipose.data.CompoundPoses;
import org.multipose.data.ReceptorRecord;
import org.multipose.train.optim.Optimizer;
import org.multipose.train.optim.StepReport;

/**
 * One optimiser step over a batch of B compounds (MATH.md §2): the batch loss is the mean of the compounds' losses,
 * so its gradient is exactly the mean of the B compound gradients. Each compound's gradient comes from
 * {@link TrainingStep#compound} in its own sub-manager (its per-pose dictionaries never touch the accumulator: the
 * per-pose zeroing acts only on the model's buffers) and is added with weight 1/B into a separate accumulator; then
 * the optimizer clips and updates once.
 */
public final class BatchStep {

    private BatchStep() {
    }

    /**
     * A compound ready for the step.
     *
     * @param compound  the compound and its poses
     * @param receptor  its target's receptor
     * @param loss      its loss (readout and label bound in)
     * @param poseSeeds pose index (0-based) → augmentation seed
     */
    public record Example(CompoundPoses compound, ReceptorRecord receptor, CompoundLoss loss,
            IntToLongFunction poseSeeds) {
        public Example {
            Objects.requireNonNull(compound, "compound");
            Objects.requireNonNull(receptor, "receptor");
            Objects.requireNonNull(loss, "loss");
            Objects.requireNonNull(poseSeeds, "poseSeeds");
        }
    }

    /**
     * What a batch gave.
     *
     * @param losses  each compound's loss, in batch order
     * @param results each compound's combination result (ŷ, y_i, w_i, c_i), in batch order
     * @param report  the optimizer's report (gradient norm before clipping)
     */
    public record Outcome(double[] losses, List<CombinationResult> results, StepReport report) {
        public Outcome {
            losses = losses.clone();
            results = List.copyOf(results);
        }

        @Override
        public double[] losses() {
            return losses.clone();
        }
    }

    /**
     * The batch's mean gradient (1/B)·Σ_c ∂L_c/∂θ as a new dictionary in {@code into}; fills {@code losses} and
     * {@code results} (length B) with each compound's loss and combination result. On the batched route compound
     * c + 1 is gridded in the background while the network runs compound c ({@link TrainingStep#prefetch}) when
     * that {@link #prefetchPays pays}.
     *
     * @throws ArithmeticException from {@link TrainingStep#compound} for a non-finite prediction or loss
     */
    public static GradientDictionary meanGradient(TrainingStep step, List<Example> batch, Augmentation augmentation,
            NDManager into, double[] losses, CombinationResult[] results) {
        return meanGradient(step, batch, augmentation, into, losses, results, prefetchPays(step));
    }

    /**
     * Whether gridding in the background pays for {@code step}: when PyTorch's intra-op threads and the gridder's
     * threads together fit in the cores. Measured on 2 cores (docs/benchmarks.md, "Training step → Prefetch"): with
     * 1 + 1 threads the small network's 8-compound batched step took 0.78–0.85 of the time without prefetch; with
     * 2 + 2 the background gridding slowed the network by about what it saved (0.90–1.20).
     */
    public static boolean prefetchPays(TrainingStep step) {
        return prefetchPays(EngineThreads.intraOp(), step.gridThreads(), Runtime.getRuntime().availableProcessors());
    }

    /** The rule of {@link #prefetchPays(TrainingStep)}: {@code intraOp} unknown (−1) means no. */
    static boolean prefetchPays(int intraOp, int gridThreads, int cores) {
        return intraOp >= 1 && intraOp + gridThreads <= cores;
    }

    /**
     * {@link #meanGradient(TrainingStep, List, Augmentation, NDManager, double[], CombinationResult[])} with the
     * prefetch chosen: true prefetches on the batched route whatever {@link #prefetchPays} says (a batch of one
     * compound has nothing to overlap and never does), false grids every compound on the caller's thread (the same
     * bits either way).
     */
    public static GradientDictionary meanGradient(TrainingStep step, List<Example> batch, Augmentation augmentation,
            NDManager into, double[] losses, CombinationResult[] results, boolean prefetch) {
        int b = batch.size();
        if (b == 0) {
            throw new IllegalArgumentException("an empty batch has no gradient");
        }
        GradientDictionary accumulator = null;
        prefetch = prefetch && b > 1;
        try {
            if (prefetch) {
                step.prefetch(batch.get(0).compound(), batch.get(0).receptor(), augmentation,
                        batch.get(0).poseSeeds());
            }
            for (int c = 0; c < b; c++) {
                Example e = batch.get(c);
                if (prefetch && c + 1 < b) {
                    Example next = batch.get(c + 1);
                    step.prefetch(next.compound(), next.receptor(), augmentation, next.poseSeeds());
                }
                try (NDManager compound = into.newSubManager()) {
                    CompoundGradient g = step.compound(e.compound(), e.receptor(), e.loss(), augmentation,
                            e.poseSeeds(), compound);
                    if (accumulator == null) {
                        accumulator = GradientDictionary.zerosLike(g.gradient(), into);
                    }
                    accumulator.axpyInPlace(1.0 / b, g.gradient());
                    losses[c] = g.loss().loss();
                    results[c] = g.combination();
                }
            }
        } finally {
            step.settlePrefetch();
        }
        return accumulator;
    }

    /**
     * The whole step: mean gradient, then one optimizer update at {@code learningRate}. Every array of the step lives
     * in a sub-manager of {@code manager} that is closed before returning.
     *
     * @throws ArithmeticException for a non-finite prediction, loss or gradient norm (parameters unchanged then)
     */
    public static Outcome run(TrainingStep step, Optimizer optimizer, double learningRate, List<Example> batch,
            Augmentation augmentation, NDManager manager) {
        return run(step, optimizer, learningRate, batch, augmentation, manager, prefetchPays(step));
    }

    /**
     * {@link #run(TrainingStep, Optimizer, double, List, Augmentation, NDManager)} with the prefetch chosen
     * ({@code prefetch} true: always on the batched route, whether it pays or not).
     */
    public static Outcome run(TrainingStep step, Optimizer optimizer, double learningRate, List<Example> batch,
            Augmentation augmentation, NDManager manager, boolean prefetch) {
        double[] losses = new double[batch.size()];
        CombinationResult[] results = new CombinationResult[batch.size()];
        try (NDManager scratch = manager.newSubManager()) {
            GradientDictionary mean = meanGradient(step, batch, augmentation, scratch, losses, results, prefetch);
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            for (String name : mean.names()) {
                gradients.put(name, mean.get(name));
            }
            long t0 = System.nanoTime();
            // frozen parameters have no gradient: they get no update and no optimizer slots
            StepReport report = optimizer.step(step.model().trainableParameters(), gradients, learningRate);
            step.phaseTimes().add(PhaseTimes.Phase.OPTIMIZER, System.nanoTime() - t0);
            return new Outcome(losses, List.of(results), report);
        }
    }
}
