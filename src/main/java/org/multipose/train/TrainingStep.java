package org.multipose.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToLongFunction;
import org.multipose.combination.Combination;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.CompoundGradient;
import org.multipose.combination.CompoundLoss;
import org.multipose.combination.GradientDictionary;
import org.multipose.combination.GradientRoute;
import org.multipose.combination.LossGradient;
import org.multipose.combination.PoseGradientSurrogate;
import org.multipose.data.CompoundPoses;
import org.multipose.data.PoseRecord;
import org.multipose.data.ReceptorRecord;
import org.multipose.model.PoseModel;

/**
 * One compound through the per-pose model (MATH.md §2): grid every pose, predict y_i (free energies, kT), combine,
 * evaluate the compound's loss, and compute the combined parameter gradient ∂L/∂θ = Σ_i k_i·∂y_i/∂θ with
 * k_i = dL/dŷ·c_i + dL/dy_i, by one of two routes (the combination module's primitives):
 * <ul>
 *   <li>{@link GradientRoute#DICTIONARY}: per pose, grid it, forward, backward of y_i, and capture its gradient
 *       dictionary
 *       g_i ({@link GradientDictionary#capture}: a copy, then the model's buffers are zeroed); then
 *       {@link Combination#backward} gives Σ k_i·g_i. Peak memory: one pose's grid and graph plus N dictionaries.</li>
 *   <li>{@link GradientRoute#BATCHED}: grid all N poses into one [N, C, n, n, n] batch, one forward, k_i from the
 *       combination and loss held constant, one backward of Σ k_i·y_i ({@link PoseGradientSurrogate}).</li>
 * </ul>
 * Gridding happens here rather than in {@code MultiPoseModel} so that the dictionary route grids each pose just
 * before its forward into one reused buffer (one pose's grid in memory, not N).
 *
 * <p><b>Pose logits.</b> With {@link PoseLogits#LOSS} or {@link PoseLogits#PRIOR} the pose head's logits
 * d_i = l₁ − l₀ go with the y_i: to the loss (a pose-classification term), and with PRIOR also into the combination
 * as the per-pose prior σ(d_i) ({@link Combination#forward(double[], double[])}). The gradient then has a second
 * sum, Σ_i m_i·∂d_i/∂θ with m_i = dL/dŷ·e_i + dL/dd_i: the dictionary route captures h_i = ∂d_i/∂θ by a second
 * forward and backward of each pose (the model is deterministic), the batched route backpropagates
 * Σ k_i·y_i + Σ m_i·d_i once.
 *
 * <p><b>Frozen parameters</b> ({@link PoseModel#freeze}) take no gradient and are not in the returned dictionary.
 * With a {@link TrunkCache} (the first k stages frozen, no augmentation) the poses' grids are not run through those
 * stages again: the step starts from their kept activations ({@link PoseModel#forwardFrom}).
 *
 * <p>{@link #predict} is the evaluation pass: one batched forward without a gradient collector, so no graph and no
 * per-pose backward.
 *
 * <p>Memory: every array of a compound lives in sub-managers of the caller's manager (pose graphs in a per-pose
 * sub-manager closed after its dictionary is captured). The model's gradient buffers are zero after each call.
 * Not thread-safe.
 */
public final class TrainingStep {

    /** Whether and how the pose head's logits take part. */
    public enum PoseLogits {
        /** Not computed: y_i only. */
        NONE,
        /** Given to the loss (e.g. {@code pose_class}), not to the combination. */
        LOSS,
        /** Given to the loss and used by the combination as the per-pose prior σ(d_i). */
        PRIOR
    }

    private final PoseModel model;
    private final ParameterList parameters;
    private final PoseGridder gridder;
    private final Combination combination;
    /** The routes this step implements (the config's {@code backward}); not {@link GradientRoute#POSE_BY_POSE}. */
    public static final List<GradientRoute> ROUTES = List.of(GradientRoute.DICTIONARY,
            GradientRoute.BATCHED);

    private final GradientRoute route;
    private final PoseLogits logits;
    private final TrunkCache cache;
    private final GridBatch batch;
    private final float[] grid;
    private final PhaseTimes times = new PhaseTimes();

    /**
     * A step on y_i alone, through the whole network.
     *
     * @param model       the per-pose network (its parameters' stable names key the gradient dictionaries)
     * @param gridder     grids poses with the dataset's channels; its grid must match the model's input
     * @param combination per-pose → per-compound
     * @param route       the gradient route
     */
    public TrainingStep(PoseModel model, PoseGridder gridder, Combination combination, GradientRoute route) {
        this(model, gridder, combination, route, PoseLogits.NONE, 0);
    }

    /**
     * @param logits       whether the pose head's logits go to the loss, and to the combination as a prior
     * @param cachedStages k ≥ 1: keep the output of the first k stages (all frozen) per pose and start from it
     *                     (only for steps without augmentation); 0: run the whole network every time
     * @throws IllegalArgumentException when the route is not one of {@link #ROUTES}, the gridder does not fit the
     *                                  model, logits are asked of a model without a pose head, or k exceeds the frozen
     *                                  stages
     */
    public TrainingStep(PoseModel model, PoseGridder gridder, Combination combination, GradientRoute route,
            PoseLogits logits, int cachedStages) {
        if (!ROUTES.contains(route)) {
            throw new IllegalArgumentException("route " + route + " is not a training route; use one of " + ROUTES);
        }
        if (model.spec().inputChannels() != gridder.channels()
                || model.spec().gridPoints() != gridder.pointsPerSide()) {
            throw new IllegalArgumentException("model expects " + model.spec().inputChannels() + " channels of "
                    + model.spec().gridPoints() + "³ points, the gridder makes " + gridder.channels() + " of "
                    + gridder.pointsPerSide() + "³");
        }
        if (logits != PoseLogits.NONE && !model.spec().poseHead()) {
            throw new IllegalArgumentException("pose logits need a model with a pose head; " + model.spec().encode()
                    + " has none");
        }
        this.model = model;
        this.parameters = model.block().getParameters();
        this.gridder = gridder;
        this.combination = combination;
        this.route = route;
        this.logits = logits;
        this.cache = cachedStages > 0 ? new TrunkCache(model, cachedStages, gridder) : null;
        this.batch = new GridBatch(gridder.channels(), gridder.pointsPerSide(), model.dataType());
        this.grid = new float[gridder.gridLength()];
    }

    public Combination combination() {
        return combination;
    }

    public GradientRoute route() {
        return route;
    }

    public PoseModel model() {
        return model;
    }

    public PoseLogits poseLogits() {
        return logits;
    }

    /** The trunk cache in use, if any (its size and the time it took, for the log). */
    Optional<TrunkCache> trunkCache() {
        return Optional.ofNullable(cache);
    }

    /** Time spent so far per phase (the optimizer's is added by {@link BatchStep}). */
    public PhaseTimes phaseTimes() {
        return times;
    }

    /**
     * Forward and backward of one compound.
     *
     * @param compound     the compound with its poses (pose order = the order of y_i, w_i, c_i)
     * @param receptor     its target's receptor
     * @param loss         the compound's loss (its readout and label bound in)
     * @param augmentation what to randomise per pose
     * @param poseSeeds    pose index (0-based) → that pose's augmentation seed
     * @param into         manager for the returned gradient (the caller closes it or the manager)
     * @return ŷ, y_i, w_i, c_i (and d_i, e_i with pose logits); the loss; ∂L/∂θ by trainable parameter name
     * @throws ArithmeticException when a pose prediction or the loss is NaN or infinite (naming the compound and
     *                             pose); the model's gradient buffers are zeroed before it propagates
     * @throws IllegalStateException when the step keeps a trunk cache and {@code augmentation} is not none
     */
    public CompoundGradient compound(CompoundPoses compound, ReceptorRecord receptor, CompoundLoss loss,
            Augmentation augmentation, IntToLongFunction poseSeeds, NDManager into) {
        if (cache != null && !augmentation.isNone()) {
            throw new IllegalStateException("a trunk cache holds the poses as docked; it cannot serve augmented poses");
        }
        GradientDictionary.zeroGradients(parameters);
        try {
            return route == GradientRoute.DICTIONARY
                    ? dictionaryRoute(compound, receptor, loss, augmentation, poseSeeds, into)
                    : batchedRoute(compound, receptor, loss, augmentation, poseSeeds, into);
        } catch (RuntimeException e) {
            GradientDictionary.zeroGradients(parameters);
            throw e;
        }
    }

    /** The network's per-pose outputs for some poses: y [count] and, with pose logits, d [count] (else null). */
    private record Outputs(NDArray y, NDArray d) {}

    /**
     * Runs poses {@code from} … {@code from + count − 1} through the network (from the trunk cache when there is
     * one), in {@code manager}.
     */
    private Outputs run(CompoundPoses compound, ReceptorRecord receptor, Augmentation augmentation,
            IntToLongFunction poseSeeds, int from, int count, NDManager manager) {
        NDList out;
        if (cache != null) {
            // a cache miss grids the pose and runs the frozen stages: PhaseTimes counts both as gridding
            long t0 = System.nanoTime();
            NDArray a = cache.activations(compound, receptor, from, count, manager);
            times.add(PhaseTimes.Phase.GRID, System.nanoTime() - t0);
            out = model.forwardFrom(a, cache.stages());
        } else {
            long t0 = System.nanoTime();
            List<PoseRecord> poses = compound.poses();
            batch.ensure(count);
            for (int i = 0; i < count; i++) {
                gridder.grid(receptor, poses, from + i, augmentation, poseSeeds.applyAsLong(from + i), grid);
                batch.put(i, grid);
            }
            times.add(PhaseTimes.Phase.GRID, System.nanoTime() - t0);
            out = model.forward(batch.wrap(manager, count));
        }
        return new Outputs(out.get(0), logits == PoseLogits.NONE ? null : PoseModel.poseLogit(out));
    }

    private static final String AFFINITY_HEAD = "affinity_output.";
    private static final String POSE_HEAD = "pose_output.";

    /**
     * Whether a trainable parameter lies on the path to a head's output (every parameter but the other head's), so
     * its backward has something to reach. DJL's {@code hasGradient()} cannot tell: it is false for every computed
     * array.
     */
    private boolean reaches(String head) {
        String other = head.equals(AFFINITY_HEAD) ? POSE_HEAD : AFFINITY_HEAD;
        for (String name : model.trainableParameters().keySet()) {
            if (!name.startsWith(other)) {
                return true;
            }
        }
        return false;
    }

    /** The combination of y (and d): with the prior, or with the logits riding along for the loss. */
    private CombinationResult combine(double[] y, double[] d) {
        return switch (logits) {
            case NONE -> combination.forward(y);
            case LOSS -> combination.forward(y).withPoseLogits(d);
            case PRIOR -> combination.forward(y, d);
        };
    }

    private CompoundGradient dictionaryRoute(CompoundPoses compound, ReceptorRecord receptor, CompoundLoss loss,
            Augmentation augmentation, IntToLongFunction poseSeeds, NDManager into) {
        int n = compound.poses().size();
        double[] y = new double[n];
        double[] d = new double[logits == PoseLogits.NONE ? 0 : n];
        try (NDManager scratch = into.newSubManager()) {
            List<GradientDictionary> perPose = new ArrayList<>(n);
            List<GradientDictionary> perLogit = new ArrayList<>(d.length);
            for (int i = 0; i < n; i++) {
                long t1 = System.nanoTime();
                long gridBefore = times.nanos(PhaseTimes.Phase.GRID);
                try (NDManager pose = scratch.newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    Outputs out = run(compound, receptor, augmentation, poseSeeds, i, 1, pose);
                    y[i] = values(out.y())[0];
                    requireFinite(compound, y, i);
                    if (out.d() != null) {
                        d[i] = values(out.d())[0];
                        requireFiniteLogit(compound, d, i);
                    }
                    if (reaches(AFFINITY_HEAD)) {
                        collector.backward(out.y());
                    }
                }
                // Copy out and zero: the next backward must start from zero.
                perPose.add(GradientDictionary.capture(parameters, scratch));
                if (d.length > 0) {
                    // h_i = ∂d_i/∂θ needs a backward of its own; the forward is repeated (a deterministic model
                    // gives the same d_i), as DJL frees the graph after a backward.
                    try (NDManager pose = scratch.newSubManager();
                            GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        Outputs again = run(compound, receptor, augmentation, poseSeeds, i, 1, pose);
                        if (reaches(POSE_HEAD)) {
                            collector.backward(again.d());
                        }
                    }
                    perLogit.add(GradientDictionary.capture(parameters, scratch));
                }
                long gridded = times.nanos(PhaseTimes.Phase.GRID) - gridBefore;
                times.add(PhaseTimes.Phase.NETWORK, System.nanoTime() - t1 - gridded);
            }
            long t2 = System.nanoTime();
            CombinationResult result = combine(y, d);
            LossGradient lg = evaluate(compound, loss, result);
            GradientDictionary g = combination.backward(result, lg, perPose, perLogit, into);
            times.add(PhaseTimes.Phase.COMBINATION, System.nanoTime() - t2);
            return new CompoundGradient(result, lg, g);
        }
    }

    private CompoundGradient batchedRoute(CompoundPoses compound, ReceptorRecord receptor, CompoundLoss loss,
            Augmentation augmentation, IntToLongFunction poseSeeds, NDManager into) {
        int n = compound.poses().size();
        long t1 = System.nanoTime();
        long gridBefore = times.nanos(PhaseTimes.Phase.GRID);
        CombinationResult result;
        LossGradient lg;
        long combining;
        try (NDManager scratch = into.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            Outputs out = run(compound, receptor, augmentation, poseSeeds, 0, n, scratch);
            double[] y = values(out.y());
            for (int i = 0; i < n; i++) {
                requireFinite(compound, y, i);
            }
            double[] d = out.d() == null ? new double[0] : values(out.d());
            for (int i = 0; i < d.length; i++) {
                requireFiniteLogit(compound, d, i);
            }
            long c0 = System.nanoTime();
            result = combine(y, d);
            lg = evaluate(compound, loss, result);
            double[] k = combination.backward(result, lg.dLossDCombined(), lg.dLossDPoses());
            NDArray surrogate = out.d() == null ? PoseGradientSurrogate.of(out.y(), k)
                    : PoseGradientSurrogate.of(out.y(), k, out.d(),
                            result.poseLogitLossGradients(lg.dLossDCombined(), lg.dLossDPoseLogits()));
            combining = System.nanoTime() - c0;
            collector.backward(surrogate);
        }
        CompoundGradient g = new CompoundGradient(result, lg, GradientDictionary.capture(parameters, into));
        long gridded = times.nanos(PhaseTimes.Phase.GRID) - gridBefore;
        times.add(PhaseTimes.Phase.COMBINATION, combining);
        times.add(PhaseTimes.Phase.NETWORK, System.nanoTime() - t1 - combining - gridded);
        return g;
    }

    /**
     * The evaluation pass: all poses as docked (no augmentation), one batched forward without a gradient collector,
     * combined (with the prior and the pose logits when the step uses them).
     *
     * @throws ArithmeticException when a pose prediction is NaN or infinite
     */
    public CombinationResult predict(CompoundPoses compound, ReceptorRecord receptor, NDManager manager) {
        int n = compound.poses().size();
        try (NDManager scratch = manager.newSubManager()) {
            long gridBefore = times.nanos(PhaseTimes.Phase.GRID);
            long t1 = System.nanoTime();
            Outputs out = run(compound, receptor, Augmentation.NONE, i -> 0L, 0, n, scratch);
            double[] y = values(out.y());
            double[] d = out.d() == null ? new double[0] : values(out.d());
            long t2 = System.nanoTime();
            times.add(PhaseTimes.Phase.NETWORK, t2 - t1 - (times.nanos(PhaseTimes.Phase.GRID) - gridBefore));
            for (int i = 0; i < y.length; i++) {
                requireFinite(compound, y, i);
            }
            for (int i = 0; i < d.length; i++) {
                requireFiniteLogit(compound, d, i);
            }
            CombinationResult r = combine(y, d);
            times.add(PhaseTimes.Phase.COMBINATION, System.nanoTime() - t2);
            return r;
        }
    }

    private static LossGradient evaluate(CompoundPoses compound, CompoundLoss loss, CombinationResult result) {
        LossGradient lg = loss.evaluate(result);
        if (!Double.isFinite(lg.loss())) {
            throw new ArithmeticException(compound.key() + ": the loss is " + lg.loss() + " (combined prediction "
                    + result.combined() + " kT)");
        }
        return lg;
    }

    private static void requireFinite(CompoundPoses compound, double[] y, int i) {
        if (!Double.isFinite(y[i])) {
            throw new ArithmeticException(compound.key() + ": pose " + compound.poses().get(i).poseIndex()
                    + " of " + y.length + " predicts " + y[i] + " kT from a finite grid and finite weights (the"
                    + " network overflowed, or a kernel failed: docs/reliability.md)");
        }
    }

    private static void requireFiniteLogit(CompoundPoses compound, double[] d, int i) {
        if (!Double.isFinite(d[i])) {
            throw new ArithmeticException(compound.key() + ": pose " + compound.poses().get(i).poseIndex()
                    + " of " + d.length + " has the pose logit " + d[i] + " from a finite grid and finite weights"
                    + " (the network overflowed, or a kernel failed: docs/reliability.md)");
        }
    }

    private static double[] values(NDArray out) {
        if (out.getDataType() == DataType.FLOAT64) {
            return out.toDoubleArray();
        }
        float[] f = out.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
