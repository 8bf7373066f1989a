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
     * {@code results} (length B) with each compound's loss and combination result.
     *
     * @throws ArithmeticException from {@link TrainingStep#compound} for a non-finite prediction or loss
     */
    public static GradientDictionary meanGradient(TrainingStep step, List<Example> batch, Augmentation augmentation,
            NDManager into, double[] losses, CombinationResult[] results) {
        int b = batch.size();
        if (b == 0) {
            throw new IllegalArgumentException("an empty batch has no gradient");
        }
        GradientDictionary accumulator = null;
        for (int c = 0; c < b; c++) {
            Example e = batch.get(c);
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
        double[] losses = new double[batch.size()];
        CombinationResult[] results = new CombinationResult[batch.size()];
        try (NDManager scratch = manager.newSubManager()) {
            GradientDictionary mean = meanGradient(step, batch, augmentation, scratch, losses, results);
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
