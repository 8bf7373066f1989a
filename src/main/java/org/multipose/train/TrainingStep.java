package org.multipose.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.multipose.combination.Combination;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.CompoundGradient;
import org.multipose.combination.CompoundLoss;
import org.multipose.combination.GradientDictionary;
import org.multipose.combination.LossGradient;
import org.multipose.combination.PoseGradientSurrogate;
import org.multipose.config.Backward;
import org.multipose.data.CompoundPoses;
import org.multipose.data.PoseRecord;
import org.multipose.data.ReceptorRecord;
import org.multipose.model.PoseModel;

/**
 * One compound through the per-pose model (MATH.md §2): grid every pose, predict y_i (free energies, kT), combine,
 * evaluate the compound's loss, and compute the combined parameter gradient ∂L/∂θ = Σ_i k_i·∂y_i/∂θ with
 * k_i = dL/dŷ·c_i + dL/dy_i, by one of two routes (the combination module's primitives):
 * <ul>
 *   <li>{@link Backward#DICTIONARY}: per pose, grid it, forward, backward of y_i, and capture its gradient dictionary
 *       g_i ({@link GradientDictionary#capture}: a copy, then the model's buffers are zeroed); then
 *       {@link Combination#backward} gives Σ k_i·g_i. Peak memory: one pose's grid and graph plus N dictionaries.</li>
 *   <li>{@link Backward#BATCHED}: grid all N poses into one [N, C, n, n, n] batch, one forward, k_i from the
 *       combination and loss held constant, one backward of Σ k_i·y_i ({@link PoseGradientSurrogate}).</li>
 * </ul>
 * Gridding happens here rather than in {@code MultiPoseModel} so that the dictionary route grids each pose just
 * before its forward into one reused buffer (one pose's grid in memory, not N).
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
    private final Backward route;
    private final GridBatch batch;
    private final float[] grid;
    private final PhaseTimes times = new PhaseTimes();

    /**
     * @param model       the per-pose network (its parameters' stable names key the gradient dictionaries)
     * @param gridder     grids poses with the dataset's channels; its grid must match the model's input
     * @param combination per-pose → per-compound
     * @param route       the gradient route
     */
    public TrainingStep(PoseModel model, PoseGridder gridder, Combination combination, Backward route) {
        if (model.spec().inputChannels() != gridder.channels()
                || model.spec().gridPoints() != gridder.pointsPerSide()) {
            throw new IllegalArgumentException("model expects " + model.spec().inputChannels() + " channels of "
                    + model.spec().gridPoints() + "³ points, the gridder makes " + gridder.channels() + " of "
                    + gridder.pointsPerSide() + "³");
        }
        this.model = model;
        this.parameters = model.block().getParameters();
        this.gridder = gridder;
        this.combination = combination;
        this.route = route;
        this.batch = new GridBatch(gridder.channels(), gridder.pointsPerSide(), model.dataType());
        this.grid = new float[gridder.gridLength()];
    }

    public Combination combination() {
        return combination;
    }

    public Backward route() {
        return route;
    }

    public PoseModel model() {
        return model;
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
     * @return ŷ, y_i, w_i, c_i; the loss; ∂L/∂θ by parameter name
     * @throws ArithmeticException when a pose prediction or the loss is NaN or infinite (naming the compound and
     *                             pose); the model's gradient buffers are zeroed before it propagates
     */
    public CompoundGradient compound(CompoundPoses compound, ReceptorRecord receptor, CompoundLoss loss,
            Augmentation augmentation, IntToLongFunction poseSeeds, NDManager into) {
        GradientDictionary.zeroGradients(parameters);
        try {
            return route == Backward.DICTIONARY
                    ? dictionaryRoute(compound, receptor, loss, augmentation, poseSeeds, into)
                    : batchedRoute(compound, receptor, loss, augmentation, poseSeeds, into);
        } catch (RuntimeException e) {
            GradientDictionary.zeroGradients(parameters);
            throw e;
        }
    }

    private CompoundGradient dictionaryRoute(CompoundPoses compound, ReceptorRecord receptor, CompoundLoss loss,
            Augmentation augmentation, IntToLongFunction poseSeeds, NDManager into) {
        List<PoseRecord> poses = compound.poses();
        int n = poses.size();
        double[] y = new double[n];
        try (NDManager scratch = into.newSubManager()) {
            List<GradientDictionary> perPose = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                gridder.grid(receptor, poses, i, augmentation, poseSeeds.applyAsLong(i), grid);
                batch.put(0, grid);
                long t1 = System.nanoTime();
                times.add(PhaseTimes.Phase.GRID, t1 - t0);
                try (NDManager pose = scratch.newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray out = model.affinity(batch.wrap(pose, 1));
                    y[i] = values(out)[0];
                    requireFinite(compound, y, i);
                    collector.backward(out);
                }
                // Copy out and zero: the next pose's backward must start from zero.
                perPose.add(GradientDictionary.capture(parameters, scratch));
                times.add(PhaseTimes.Phase.NETWORK, System.nanoTime() - t1);
            }
            long t2 = System.nanoTime();
            CombinationResult result = combination.forward(y);
            LossGradient lg = evaluate(compound, loss, result);
            GradientDictionary g = combination.backward(result, lg.dLossDCombined(), lg.dLossDPoses(), perPose, into);
            times.add(PhaseTimes.Phase.COMBINATION, System.nanoTime() - t2);
            return new CompoundGradient(result, lg, g);
        }
    }

    private CompoundGradient batchedRoute(CompoundPoses compound, ReceptorRecord receptor, CompoundLoss loss,
            Augmentation augmentation, IntToLongFunction poseSeeds, NDManager into) {
        List<PoseRecord> poses = compound.poses();
        int n = poses.size();
        long t0 = System.nanoTime();
        fill(receptor, poses, augmentation, poseSeeds);
        long t1 = System.nanoTime();
        times.add(PhaseTimes.Phase.GRID, t1 - t0);
        CombinationResult result;
        LossGradient lg;
        long combining;
        try (NDManager scratch = into.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = model.affinity(batch.wrap(scratch, n));
            double[] y = values(out);
            for (int i = 0; i < n; i++) {
                requireFinite(compound, y, i);
            }
            long c0 = System.nanoTime();
            result = combination.forward(y);
            lg = evaluate(compound, loss, result);
            double[] k = combination.backward(result, lg.dLossDCombined(), lg.dLossDPoses());
            combining = System.nanoTime() - c0;
            collector.backward(PoseGradientSurrogate.of(out, k));
        }
        CompoundGradient g = new CompoundGradient(result, lg, GradientDictionary.capture(parameters, into));
        times.add(PhaseTimes.Phase.COMBINATION, combining);
        times.add(PhaseTimes.Phase.NETWORK, System.nanoTime() - t1 - combining);
        return g;
    }

    /**
     * The evaluation pass: all poses as docked (no augmentation), one batched forward without a gradient collector,
     * combined.
     *
     * @throws ArithmeticException when a pose prediction is NaN or infinite
     */
    public CombinationResult predict(CompoundPoses compound, ReceptorRecord receptor, NDManager manager) {
        List<PoseRecord> poses = compound.poses();
        long t0 = System.nanoTime();
        fill(receptor, poses, Augmentation.NONE, i -> 0L);
        long t1 = System.nanoTime();
        times.add(PhaseTimes.Phase.GRID, t1 - t0);
        double[] y;
        try (NDManager scratch = manager.newSubManager()) {
            y = values(model.affinity(batch.wrap(scratch, poses.size())));
        }
        long t2 = System.nanoTime();
        times.add(PhaseTimes.Phase.NETWORK, t2 - t1);
        for (int i = 0; i < y.length; i++) {
            requireFinite(compound, y, i);
        }
        CombinationResult r = combination.forward(y);
        times.add(PhaseTimes.Phase.COMBINATION, System.nanoTime() - t2);
        return r;
    }

    private void fill(ReceptorRecord receptor, List<PoseRecord> poses, Augmentation augmentation,
            IntToLongFunction poseSeeds) {
        batch.ensure(poses.size());
        for (int i = 0; i < poses.size(); i++) {
            gridder.grid(receptor, poses, i, augmentation, poseSeeds.applyAsLong(i), grid);
            batch.put(i, grid);
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
