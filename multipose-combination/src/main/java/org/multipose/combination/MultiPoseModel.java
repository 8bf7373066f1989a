package org.multipose.combination;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A per-pose network turned into a multi-pose predictor: runs the network on each pose of one compound, combines the
 * pose predictions, and computes the combined parameter gradient by the {@link GradientRoute} the caller picks. This
 * is the one implementation of the routes: the training step of multipose supplies its poses through a
 * {@link PoseForward} (it grids a pose only when the route asks for it), a DJL {@link Block} user gives a list of
 * inputs.
 *
 * <p>Shapes: each pose is an {@link NDList} of the block's inputs with a leading batch dimension of 1 (e.g.
 * (1, C, X, Y, Z) for a grid); the head selected from the block's output must hold exactly one value per pose (shape
 * (1), (1, 1), …; (N, 1) for N poses batched). The prediction is a free energy in kT.
 *
 * <p>With {@link PoseLogits#LOSS} or {@link PoseLogits#PRIOR} the network's pose logits d_i go with the y_i: to the
 * loss, and with PRIOR into the combination as the prior σ(d_i). The gradient then has a second sum
 * Σ_i m_i·∂d_i/∂θ: the dictionary route captures h_i = ∂d_i/∂θ by a second forward and backward of each pose (the
 * network must be deterministic), the batched route backpropagates Σ k_i·y_i + Σ m_i·d_i once.
 *
 * <p>Memory: each pose's intermediate arrays live in a scratch manager closed after the pose (the dictionary route
 * keeps one pose's graph); pose inputs stay where the caller made them. The parameters' gradient buffers are zero
 * after every call, also when it throws. Do not call {@link #gradient} while another {@link GradientCollector} is open
 * (PyTorch allows one at a time). Not thread-safe.
 */
public final class MultiPoseModel {

    /** Runs poses {@code from} … {@code from + count − 1} of one compound through the per-pose network. */
    @FunctionalInterface
    public interface PoseForward {

        /**
         * @param training whether a gradient will be taken (a network with dropout or batch statistics may differ)
         * @param manager  where the outputs (and the pose inputs made for them) live; closed by the caller
         */
        PoseOutputs run(int from, int count, boolean training, NDManager manager);
    }

    /**
     * A network's outputs for {@code count} poses.
     *
     * @param y      the free energies, one value per pose (shape (count), (count, 1), …)
     * @param logits the pose logits d_i, one per pose, when the step uses them; empty otherwise
     */
    public record PoseOutputs(NDArray y, Optional<NDArray> logits) {

        public PoseOutputs {
            Objects.requireNonNull(y, "y");
            Objects.requireNonNull(logits, "logits");
        }
    }

    /** What a caller adds around the routes: checks of the outputs, heads without trainable parameters, timing. */
    public interface Hooks {

        /**
         * Called once the values of poses {@code from} … {@code from + count − 1} are known, before any backward; may
         * throw (e.g. on a NaN). {@code y} and {@code d} have one entry per pose of the compound ({@code d} empty
         * without pose logits); entries past {@code from + count − 1} are not known yet.
         */
        default void outputs(double[] y, double[] d, int from, int count) {}

        /**
         * Whether a backward from the pose logits ({@code logitHead}) or from y reaches any trainable parameter; the
         * dictionary route skips a backward that reaches none (PyTorch refuses it).
         */
        default boolean reachesTrainable(boolean logitHead) {
            return true;
        }

        /** Time spent in the combination and the loss of one compound, ns. */
        default void combined(long nanos) {}

        /** No checks, every head trainable, no timing. */
        Hooks NONE = new Hooks() {};
    }

    private final ParameterList parameters;
    private final Combination combination;
    private final PoseLogits logits;
    private final Hooks hooks;
    private final Block block;
    private final ParameterStore store;
    private final Function<NDList, NDArray> head;

    /**
     * A model over any per-pose network, run through a {@link PoseForward} (for {@link #gradient(int, PoseForward,
     * CompoundLoss, GradientRoute, NDManager)} and {@link #predict(int, PoseForward, NDManager)}).
     *
     * @param parameters  the network's parameters under the names the gradient dictionaries should use; frozen ones
     *                    (no gradient required) are left out of the dictionaries
     * @param combination how pose predictions are combined
     * @param logits      whether the pose logits take part
     * @param hooks       checks and timing around the routes
     */
    public MultiPoseModel(ParameterList parameters, Combination combination, PoseLogits logits, Hooks hooks) {
        this(null, parameters, null, combination, null, logits, hooks);
    }

    /**
     * @param block       the per-pose model, initialised
     * @param parameters  its parameters under the names the gradient dictionaries should use
     * @param store       the parameter store to run the block with (e.g. {@code new ParameterStore(manager, false)})
     * @param combination how pose predictions are combined
     * @param head        picks the per-pose prediction from the block's output list
     */
    public MultiPoseModel(Block block, ParameterList parameters, ParameterStore store, Combination combination,
            Function<NDList, NDArray> head) {
        this(block, parameters, store, combination, head, PoseLogits.NONE, Hooks.NONE);
    }

    /** With the block's own parameter names and its first output as the prediction. */
    public MultiPoseModel(Block block, ParameterStore store, Combination combination) {
        this(block, block.getParameters(), store, combination, out -> out.get(0));
    }

    private MultiPoseModel(Block block, ParameterList parameters, ParameterStore store, Combination combination,
            Function<NDList, NDArray> head, PoseLogits logits, Hooks hooks) {
        this.block = block;
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.store = store;
        this.combination = Objects.requireNonNull(combination, "combination");
        this.head = head;
        this.logits = Objects.requireNonNull(logits, "logits");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
    }

    /** The combination in use. */
    public Combination combination() {
        return combination;
    }

    /** The parameters under their dictionary names. */
    public ParameterList parameters() {
        return parameters;
    }

    /**
     * Inference: runs the block on each pose (training = false, no gradient recorded or needed) and combines.
     *
     * @param poses one input list per pose, at least one
     */
    public CombinationResult predict(List<NDList> poses) {
        requirePoses(poses);
        if (block == null) {
            throw new IllegalStateException("this model was made without a block; use predict(n, forward, manager)");
        }
        double[] y = new double[poses.size()];
        for (int i = 0; i < y.length; i++) {
            NDList pose = poses.get(i);
            try (NDManager scratch = NDManager.subManagerOf(pose.head())) {
                scratch.tempAttachAll(pose);
                y[i] = values(head.apply(block.forward(store, pose, false)), 1, i)[0];
            }
        }
        return combination.forward(y);
    }

    /**
     * One compound's forward and backward: predictions, combination, loss, and the combined gradient ∂L/∂θ in a new
     * dictionary in {@code into}. The model's gradient buffers are zeroed first and hold no meaningful value after.
     * Forward runs with training = true.
     *
     * @param poses one input list per pose, at least one
     * @param loss  the compound's loss on the combination result
     * @param route how to compute the gradient
     * @param into  the caller's manager for the returned gradient
     */
    public CompoundGradient gradient(List<NDList> poses, CompoundLoss loss, GradientRoute route, NDManager into) {
        requirePoses(poses);
        return gradient(poses.size(), blockForward(poses), loss, route, into);
    }

    /**
     * One compound of {@code n} poses, supplied by {@code forward} when a route needs them: predictions (and pose
     * logits), combination, loss, and the combined gradient ∂L/∂θ of the trainable parameters in a new dictionary in
     * {@code into}.
     *
     * @throws IllegalArgumentException for a route that cannot serve this model (pose-by-pose with pose logits), or
     *                                  outputs without one value per pose
     */
    public CompoundGradient gradient(int n, PoseForward forward, CompoundLoss loss, GradientRoute route,
            NDManager into) {
        if (n < 1) {
            throw new IllegalArgumentException("no poses: a compound needs at least one pose");
        }
        GradientDictionary.zeroGradients(parameters);
        try {
            return switch (route) {
                case DICTIONARY -> dictionaryRoute(n, forward, loss, into);
                case BATCHED -> batchedRoute(n, forward, loss, into);
                case POSE_BY_POSE -> poseByPoseRoute(n, forward, loss, into);
            };
        } catch (RuntimeException e) {
            GradientDictionary.zeroGradients(parameters);
            throw e;
        }
    }

    /**
     * Inference for {@code n} poses in one batch: forward (training = false, no gradient recorded) and combine (with
     * the prior and the pose logits when the model uses them).
     */
    public CombinationResult predict(int n, PoseForward forward, NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            PoseOutputs out = forward.run(0, n, false, scratch);
            double[] y = values(out.y(), n, -1);
            double[] d = logitValues(out, n, -1);
            hooks.outputs(y, d, 0, n);
            long t0 = System.nanoTime();
            CombinationResult r = combine(y, d);
            hooks.combined(System.nanoTime() - t0);
            return r;
        }
    }

    /** The combination of y (and d): with the prior, or with the logits riding along for the loss. */
    private CombinationResult combine(double[] y, double[] d) {
        return switch (logits) {
            case NONE -> combination.forward(y);
            case LOSS -> combination.forward(y).withPoseLogits(d);
            case PRIOR -> combination.forward(y, d);
        };
    }

    private CompoundGradient dictionaryRoute(int n, PoseForward forward, CompoundLoss loss, NDManager into) {
        double[] y = new double[n];
        double[] d = new double[logits == PoseLogits.NONE ? 0 : n];
        try (NDManager scratch = into.newSubManager()) {
            List<GradientDictionary> perPose = new ArrayList<>(n);
            List<GradientDictionary> perLogit = new ArrayList<>(d.length);
            for (int i = 0; i < n; i++) {
                try (NDManager pose = scratch.newSubManager();
                        GradientCollector collector = into.getEngine().newGradientCollector()) {
                    PoseOutputs out = forward.run(i, 1, true, pose);
                    y[i] = values(out.y(), 1, i)[0];
                    if (d.length > 0) {
                        d[i] = logitValues(out, 1, i)[0];
                    }
                    hooks.outputs(y, d, i, 1);
                    if (hooks.reachesTrainable(false)) {
                        collector.backward(out.y());
                    }
                }
                // Copy out and zero: the next backward must start from zero.
                perPose.add(GradientDictionary.capture(parameters, scratch));
                if (d.length > 0) {
                    // h_i = ∂d_i/∂θ needs a backward of its own; the forward is repeated (a deterministic model gives
                    // the same d_i), as DJL frees the graph after a backward.
                    try (NDManager pose = scratch.newSubManager();
                            GradientCollector collector = into.getEngine().newGradientCollector()) {
                        PoseOutputs again = forward.run(i, 1, true, pose);
                        if (hooks.reachesTrainable(true)) {
                            collector.backward(again.logits().orElseThrow());
                        }
                    }
                    perLogit.add(GradientDictionary.capture(parameters, scratch));
                }
            }
            long t0 = System.nanoTime();
            CombinationResult result = combine(y, d);
            LossGradient lg = loss.evaluate(result);
            GradientDictionary g = combination.backward(result, lg, perPose, perLogit, into);
            hooks.combined(System.nanoTime() - t0);
            return new CompoundGradient(result, lg, g);
        }
    }

    private CompoundGradient batchedRoute(int n, PoseForward forward, CompoundLoss loss, NDManager into) {
        CombinationResult result;
        LossGradient lg;
        try (NDManager scratch = into.newSubManager();
                GradientCollector collector = into.getEngine().newGradientCollector()) {
            PoseOutputs out = forward.run(0, n, true, scratch);
            double[] y = values(out.y(), n, -1);
            double[] d = logitValues(out, n, -1);
            hooks.outputs(y, d, 0, n);
            long t0 = System.nanoTime();
            result = combine(y, d);
            lg = loss.evaluate(result);
            double[] k = combination.backward(result, lg.dLossDCombined(), lg.dLossDPoses());
            NDArray surrogate = d.length == 0 ? PoseGradientSurrogate.of(out.y(), k)
                    : PoseGradientSurrogate.of(out.y(), k, out.logits().orElseThrow(),
                            result.poseLogitLossGradients(lg.dLossDCombined(), lg.dLossDPoseLogits()));
            hooks.combined(System.nanoTime() - t0);
            collector.backward(surrogate);
        }
        return new CompoundGradient(result, lg, GradientDictionary.capture(parameters, into));
    }

    private CompoundGradient poseByPoseRoute(int n, PoseForward forward, CompoundLoss loss, NDManager into) {
        if (logits != PoseLogits.NONE) {
            throw new IllegalArgumentException("POSE_BY_POSE takes no pose logits; use DICTIONARY or BATCHED");
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            try (NDManager scratch = into.newSubManager()) {
                y[i] = values(forward.run(i, 1, true, scratch).y(), 1, i)[0];
            }
            hooks.outputs(y, new double[0], i, 1);
        }
        long t0 = System.nanoTime();
        CombinationResult result = combination.forward(y);
        LossGradient lg = loss.evaluate(result);
        double[] k = combination.backward(result, lg.dLossDCombined(), lg.dLossDPoses());
        hooks.combined(System.nanoTime() - t0);
        try (GradientCollector collector = into.getEngine().newGradientCollector()) {
            for (int i = 0; i < n; i++) {
                try (NDManager scratch = into.newSubManager()) {
                    NDArray out = forward.run(i, 1, true, scratch).y();
                    double again = values(out, 1, i)[0];
                    if (Math.abs(again - y[i]) > 1e-5 * Math.max(1.0, Math.abs(y[i]))) {
                        throw new IllegalStateException("pose " + i + ": the model gave " + y[i]
                                + " in the first pass and " + again + " in the second; POSE_BY_POSE needs a"
                                + " deterministic model (no dropout, BatchNorm in a fixed mode): use DICTIONARY or"
                                + " BATCHED");
                    }
                    // Gradients accumulate across these backwards: that sum is the combined gradient.
                    collector.backward(PoseGradientSurrogate.of(out, k[i]));
                }
            }
        }
        return new CompoundGradient(result, lg, GradientDictionary.capture(parameters, into));
    }

    /** The block run on the given inputs: one pose's own list, or several concatenated along the batch axis. */
    private PoseForward blockForward(List<NDList> poses) {
        if (block == null) {
            throw new IllegalStateException("this model was made without a block; give a PoseForward");
        }
        return (from, count, training, manager) -> {
            NDList input;
            if (count == 1) {
                input = poses.get(from);
                manager.tempAttachAll(input);
            } else {
                input = concat(poses.subList(from, from + count), manager);
            }
            return new PoseOutputs(head.apply(block.forward(store, input, training)), Optional.empty());
        };
    }

    private double[] logitValues(PoseOutputs out, int expected, int pose) {
        if (logits == PoseLogits.NONE) {
            return new double[0];
        }
        return values(out.logits().orElseThrow(() -> new IllegalArgumentException("the step uses pose logits but"
                + " the network gave none")), expected, pose);
    }

    private static void requirePoses(List<NDList> poses) {
        if (poses.isEmpty()) {
            throw new IllegalArgumentException("no poses: a compound needs at least one pose");
        }
        for (int i = 0; i < poses.size(); i++) {
            if (poses.get(i).isEmpty()) {
                throw new IllegalArgumentException("pose " + i + ": empty input list");
            }
        }
    }

    /** Concatenates the poses' inputs slot by slot along the batch axis, into {@code scratch}. */
    private static NDList concat(List<NDList> poses, NDManager scratch) {
        int slots = poses.get(0).size();
        NDList batch = new NDList(slots);
        for (int s = 0; s < slots; s++) {
            NDList column = new NDList(poses.size());
            for (int i = 0; i < poses.size(); i++) {
                if (poses.get(i).size() != slots) {
                    throw new IllegalArgumentException("pose " + i + " has " + poses.get(i).size()
                            + " inputs, pose 0 has " + slots);
                }
                column.add(poses.get(i).get(s));
            }
            NDArray joined = NDArrays.concat(column, 0);
            joined.attach(scratch);
            batch.add(joined);
        }
        return batch;
    }

    /** The head's values as doubles; fails unless there are exactly {@code expected} of them. */
    private static double[] values(NDArray out, int expected, int pose) {
        if (out.size() != expected) {
            String who = pose >= 0 ? "pose " + pose : expected + " poses batched";
            throw new IllegalArgumentException(who + ": the model's prediction has shape " + out.getShape()
                    + "; a multi-pose model needs exactly one value per pose");
        }
        if (out.getDataType() == DataType.FLOAT64) {
            return out.toDoubleArray();
        }
        if (out.getDataType() == DataType.FLOAT32) {
            float[] f = out.toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        try (NDArray d = out.toType(DataType.FLOAT64, true)) {
            return d.toDoubleArray();
        }
    }
}
