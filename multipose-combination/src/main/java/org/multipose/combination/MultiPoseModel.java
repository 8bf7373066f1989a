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
import java.util.function.Function;

/**
 * A per-pose DJL {@link Block} turned into a multi-pose predictor: runs the block on each pose of one compound,
 * combines the pose predictions, and computes the combined parameter gradient by the {@link GradientRoute} the caller
 * picks.
 *
 * <p>Shapes: each pose is an {@link NDList} of the block's inputs with a leading batch dimension of 1 (e.g.
 * (1, C, X, Y, Z) for a grid); the head selected from the block's output must hold exactly one value per pose (shape
 * (1), (1, 1), …; (N, 1) for N poses batched). The prediction is a free energy in kT.
 *
 * <p>Memory: each pose's intermediate arrays live in a scratch manager closed after the pose; pose inputs stay where
 * the caller made them. Do not call {@link #gradient} while another {@link GradientCollector} is open (PyTorch allows
 * one at a time).
 */
public final class MultiPoseModel {

    private final Block block;
    private final ParameterList parameters;
    private final ParameterStore store;
    private final Combination combination;
    private final Function<NDList, NDArray> head;

    /**
     * @param block       the per-pose model, initialised
     * @param parameters  its parameters under the names the gradient dictionaries should use
     * @param store       the parameter store to run the block with (e.g. {@code new ParameterStore(manager, false)})
     * @param combination how pose predictions are combined
     * @param head        picks the per-pose prediction from the block's output list
     */
    public MultiPoseModel(Block block, ParameterList parameters, ParameterStore store, Combination combination,
            Function<NDList, NDArray> head) {
        this.block = block;
        this.parameters = parameters;
        this.store = store;
        this.combination = combination;
        this.head = head;
    }

    /** With the block's own parameter names and its first output as the prediction. */
    public MultiPoseModel(Block block, ParameterStore store, Combination combination) {
        this(block, block.getParameters(), store, combination, out -> out.get(0));
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
        GradientDictionary.zeroGradients(parameters);
        return switch (route) {
            case DICTIONARY -> dictionaryRoute(poses, loss, into);
            case BATCHED -> batchedRoute(poses, loss, into);
            case POSE_BY_POSE -> poseByPoseRoute(poses, loss, into);
        };
    }

    private CompoundGradient dictionaryRoute(List<NDList> poses, CompoundLoss loss, NDManager into) {
        int n = poses.size();
        double[] y = new double[n];
        try (NDManager compound = into.newSubManager()) {
            List<GradientDictionary> perPose = new ArrayList<>(n);
            try (GradientCollector collector = newCollector(poses)) {
                for (int i = 0; i < n; i++) {
                    NDList pose = poses.get(i);
                    try (NDManager scratch = NDManager.subManagerOf(pose.head())) {
                        scratch.tempAttachAll(pose);
                        NDArray out = head.apply(block.forward(store, pose, true));
                        y[i] = values(out, 1, i)[0];
                        collector.backward(out);
                    }
                    // Copy out and zero: the next pose's backward must start from zero.
                    perPose.add(GradientDictionary.capture(parameters, compound));
                }
            }
            CombinationResult result = combination.forward(y);
            LossGradient lg = loss.evaluate(result);
            GradientDictionary g = combination.backward(result, lg.dLossDCombined(), lg.dLossDPoses(), perPose, into);
            return new CompoundGradient(result, lg, g);
        }
    }

    private CompoundGradient batchedRoute(List<NDList> poses, CompoundLoss loss, NDManager into) {
        int n = poses.size();
        try (NDManager scratch = into.newSubManager()) {
            NDList batch = concat(poses, scratch);
            CombinationResult result;
            LossGradient lg;
            try (GradientCollector collector = newCollector(poses)) {
                NDArray out = head.apply(block.forward(store, batch, true));
                result = combination.forward(values(out, n, -1));
                lg = loss.evaluate(result);
                double[] k = combination.backward(result, lg.dLossDCombined(), lg.dLossDPoses());
                collector.backward(PoseGradientSurrogate.of(out, k));
            }
            return new CompoundGradient(result, lg, GradientDictionary.capture(parameters, into));
        }
    }

    private CompoundGradient poseByPoseRoute(List<NDList> poses, CompoundLoss loss, NDManager into) {
        int n = poses.size();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            NDList pose = poses.get(i);
            try (NDManager scratch = NDManager.subManagerOf(pose.head())) {
                scratch.tempAttachAll(pose);
                y[i] = values(head.apply(block.forward(store, pose, true)), 1, i)[0];
            }
        }
        CombinationResult result = combination.forward(y);
        LossGradient lg = loss.evaluate(result);
        double[] k = combination.backward(result, lg.dLossDCombined(), lg.dLossDPoses());
        try (GradientCollector collector = newCollector(poses)) {
            for (int i = 0; i < n; i++) {
                NDList pose = poses.get(i);
                try (NDManager scratch = NDManager.subManagerOf(pose.head())) {
                    scratch.tempAttachAll(pose);
                    NDArray out = head.apply(block.forward(store, pose, true));
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

    private static GradientCollector newCollector(List<NDList> poses) {
        return poses.get(0).head().getManager().getEngine().newGradientCollector();
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
