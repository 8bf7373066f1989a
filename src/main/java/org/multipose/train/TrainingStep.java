package org.multipose.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.ParameterList;
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
import org.multipose.combination.MultiPoseModel;
import org.multipose.combination.PoseGradientSurrogate;
import org.multipose.combination.PoseLogits;
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
 * The routes themselves are the combination module's {@link MultiPoseModel}; this class supplies the poses to it
 * ({@link MultiPoseModel.PoseForward}: grid the asked poses into one reused buffer, or take their kept trunk
 * activations, and run the network), and its checks and timing ({@link MultiPoseModel.Hooks}). The dictionary route
 * grids each pose just before its forward (one pose's grid in memory, not N).
 *
 * <p><b>Prefetch (batched route).</b> A caller that knows the next compounds ({@link BatchStep}) announces them with
 * {@link #prefetch}; their poses are then gridded on a background thread while the network runs the current compound
 * ({@link GridPrefetch}: same grids, same order, errors thrown when the compound's turn comes), and it must call
 * {@link #settlePrefetch} when done. The gridding time counted ({@link PhaseTimes.Phase#GRID}) is then what the
 * training thread waited for the grids, not the work done in the background.
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
    private final GridBatch batch; // the input buffer without prefetch
    private final GridPrefetch prefetch; // null: the dictionary route or a trunk cache grid on the caller's thread
    private GridBatch prefetched; // the batch of the current call, from prefetch, given back when the call ends
    private final float[] grid;
    private final PhaseTimes times = new PhaseTimes();
    private final MultiPoseModel routes;

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
        this.prefetch = route == GradientRoute.BATCHED && cache == null ? new GridPrefetch(gridder, model.dataType())
                : null;
        this.grid = new float[gridder.gridLength()];
        this.routes = new MultiPoseModel(parameters, combination, logits, new Hooks());
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

    /**
     * Asks for {@code compound}'s grids ahead of its {@link #compound} call, to be made in the background (calls
     * are served in the order asked; does nothing on the dictionary route or with a trunk cache). The same
     * {@code receptor}, {@code augmentation} and {@code poseSeeds} objects must then be given to {@link #compound};
     * {@code poseSeeds} is called on the background thread, so it must be a pure function.
     */
    public void prefetch(CompoundPoses compound, ReceptorRecord receptor, Augmentation augmentation,
            IntToLongFunction poseSeeds) {
        if (prefetch != null) {
            prefetch.ask(compound, receptor, augmentation, poseSeeds);
        }
    }

    /** Gridding threads of this step's gridder (with PyTorch's, what {@link BatchStep#prefetchPays} weighs). */
    public int gridThreads() {
        return gridder.threads();
    }

    /** Compounds whose grids came from {@link #prefetch} so far (for tests: prefetching shows as a count). */
    long prefetchedCompounds() {
        return prefetch == null ? 0 : prefetch.taken();
    }

    /** Waits for every prefetch still in flight and drops it (after the last compound, or when a step failed). */
    public void settlePrefetch() {
        if (prefetch != null) {
            prefetch.drain();
        }
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
        current = compound;
        long t0 = System.nanoTime();
        long gridBefore = times.nanos(PhaseTimes.Phase.GRID);
        long combinedBefore = times.nanos(PhaseTimes.Phase.COMBINATION);
        try {
            CompoundGradient g = routes.gradient(compound.poses().size(),
                    (from, count, training, manager) -> run(compound, receptor, augmentation, poseSeeds, from, count,
                            manager),
                    result -> evaluate(compound, loss, result), route, into);
            addNetworkTime(t0, gridBefore, combinedBefore);
            return g;
        } finally {
            // the backward has run (or failed): nothing reads the batch's arrays any more
            if (prefetched != null) {
                prefetch.release(prefetched);
                prefetched = null;
            }
        }
    }

    /** The network's share of a call that started at {@code t0}: all but the gridding and the combination. */
    private void addNetworkTime(long t0, long gridBefore, long combinedBefore) {
        long other = times.nanos(PhaseTimes.Phase.GRID) - gridBefore + times.nanos(PhaseTimes.Phase.COMBINATION)
                - combinedBefore;
        times.add(PhaseTimes.Phase.NETWORK, System.nanoTime() - t0 - other);
    }

    /** The compound in the current call, named by the checks. */
    private CompoundPoses current;

    /** The checks and timing this step adds around the routes. */
    private final class Hooks implements MultiPoseModel.Hooks {

        @Override
        public void outputs(double[] y, double[] d, int from, int count) {
            for (int i = from; i < from + count; i++) {
                requireFinite(current, y, i);
            }
            for (int i = from; i < from + count && i < d.length; i++) {
                requireFiniteLogit(current, d, i);
            }
        }

        @Override
        public boolean reachesTrainable(boolean logitHead) {
            return reaches(logitHead ? POSE_HEAD : AFFINITY_HEAD);
        }

        @Override
        public void combined(long nanos) {
            times.add(PhaseTimes.Phase.COMBINATION, nanos);
        }
    }

    /**
     * Runs poses {@code from} … {@code from + count − 1} through the network (from the trunk cache when there is
     * one), in {@code manager}.
     */
    private MultiPoseModel.PoseOutputs run(CompoundPoses compound, ReceptorRecord receptor, Augmentation augmentation,
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
            Optional<GridBatch> ready = prefetch != null && from == 0 && count == poses.size() && prefetched == null
                    ? prefetch.take(compound, receptor, augmentation, poseSeeds) : Optional.empty();
            GridBatch input;
            if (ready.isPresent()) {
                input = ready.get();
                prefetched = input;
            } else {
                // with prefetch: a pool buffer, once everything in flight is done (the gridder is not thread-safe)
                input = prefetch != null ? prefetch.spare(count) : batch;
                input.ensure(count);
                for (int i = 0; i < count; i++) {
                    gridder.grid(receptor, poses, from + i, augmentation, poseSeeds.applyAsLong(from + i), grid);
                    input.put(i, grid);
                }
            }
            times.add(PhaseTimes.Phase.GRID, System.nanoTime() - t0);
            out = model.forward(input.wrap(manager, count));
        }
        return new MultiPoseModel.PoseOutputs(out.get(0), logits == PoseLogits.NONE ? Optional.empty()
                : Optional.of(PoseModel.poseLogit(out)));
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

    /**
     * The evaluation pass: all poses as docked (no augmentation), one batched forward without a gradient collector,
     * combined (with the prior and the pose logits when the step uses them).
     *
     * @throws ArithmeticException when a pose prediction is NaN or infinite
     */
    public CombinationResult predict(CompoundPoses compound, ReceptorRecord receptor, NDManager manager) {
        current = compound;
        long t0 = System.nanoTime();
        long gridBefore = times.nanos(PhaseTimes.Phase.GRID);
        long combinedBefore = times.nanos(PhaseTimes.Phase.COMBINATION);
        CombinationResult r = routes.predict(compound.poses().size(),
                (from, count, training, m) -> run(compound, receptor, Augmentation.NONE, i -> 0L, from, count, m),
                manager);
        addNetworkTime(t0, gridBefore, combinedBefore);
        return r;
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
}
