package org.multipose.train.optim;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * A first-order optimizer over NDArrays whose whole state is ours, so a checkpoint can save it and a resumed run
 * continue bit-exactly (DJL's optimizers keep their moments private). Implementations: {@link Sgd}, {@link Adam}
 * (Adam with L2 decay, or AdamW with decoupled decay).
 *
 * <p>A step reads a gradient for every parameter (e.g. a combined gradient dictionary), clips it (see
 * {@link GradientClipping}) and updates the parameter arrays in place. All temporaries live in a sub-manager closed
 * at the end of the step; the only arrays kept are the slot arrays in the optimizer's own manager. Run it outside a
 * GradientCollector (in-place updates of parameters are not recorded there).
 */
public interface Optimizer extends AutoCloseable {

    /** "sgd", "adam" or "adamw". */
    String kind();

    /**
     * One update: θ ← update(θ, clip(g), learningRate).
     *
     * @param parameters   parameter arrays by stable name (updated in place)
     * @param gradients    a gradient for exactly the same names and shapes (not modified)
     * @param learningRate the learning rate for this step (from an {@link LrSchedule}), ≥ 0
     * @throws IllegalArgumentException when names or shapes differ (the message lists them)
     * @throws ArithmeticException when the gradient norm is NaN or infinite; parameters are left unchanged
     */
    StepReport step(Map<String, NDArray> parameters, Map<String, NDArray> gradients, double learningRate);

    /** Number of steps taken (restored by {@link #restoreState}). */
    long steps();

    /** A copy of the state on the heap. */
    OptimizerState saveState();

    /**
     * Replaces the state with a saved one.
     *
     * @throws org.multipose.base.InputException when it was saved by another kind of optimizer or with other
     *                                             hyperparameters
     */
    void restoreState(OptimizerState state);

    /** Frees the slot arrays. */
    @Override
    void close();
}
