package org.multipose.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.multipose.base.InputException;
import org.multipose.model.FloatTensor;
import org.multipose.model.NamedTensors;

/**
 * The shared machinery of our optimizers: name and shape checks, the per-step sub-manager, clipping, the step count,
 * per-parameter learning-rate factors, and the slot arrays with their save / restore. Subclasses give the update of
 * one parameter.
 *
 * <p>A parameter with a learning-rate factor f is updated at f·γ (γ the step's learning rate), e.g. the layers loaded
 * from pretrained weights at {@code optimizer.pretrained_lr}; factors are hyperparameters, saved with the state as
 * {@code lr_factor/<name>} and checked on restore.
 */
public abstract class AbstractOptimizer implements Optimizer {

    /** Prefix of the saved learning-rate factors. */
    static final String LR_FACTOR = "lr_factor/";

    private final NDManager manager = NDManager.newBaseManager();
    private final GradientClipping clipping;
    private final Map<String, Double> lrFactors;
    private final Map<String, NDArray> slots = new LinkedHashMap<>();
    private long steps;
    private boolean checkSlots;

    AbstractOptimizer(GradientClipping clipping) {
        this(clipping, Map.of());
    }

    /**
     * @param lrFactors parameter name → factor on the learning rate (finite, ≥ 0); parameters not named get 1
     */
    AbstractOptimizer(GradientClipping clipping, Map<String, Double> lrFactors) {
        this.clipping = clipping;
        for (Map.Entry<String, Double> e : lrFactors.entrySet()) {
            if (!(e.getValue() >= 0) || Double.isInfinite(e.getValue())) {
                throw new IllegalArgumentException("learning-rate factor of " + e.getKey() + " must be finite and"
                        + " ≥ 0, got " + e.getValue());
            }
        }
        this.lrFactors = new TreeMap<>(lrFactors);
    }

    /** The learning-rate factor of a parameter (1 unless given). */
    public final double lrFactor(String name) {
        return lrFactors.getOrDefault(name, 1.0);
    }

    /** Hyperparameters stored with the state and checked on restore. */
    abstract Map<String, Double> settings();

    /** The slots every parameter has once a step was taken (e.g. exp_avg, exp_avg_sq). */
    abstract List<String> slotNames();

    /**
     * Updates one parameter in place. All arrays given are attached to {@code step} for the duration of the step, so
     * any new array an operation returns lands there.
     *
     * @param t the step number, 1-based
     */
    abstract void update(String name, NDArray parameter, NDArray gradient, double lr, long t, NDManager step);

    @Override
    public final StepReport step(Map<String, NDArray> parameters, Map<String, NDArray> gradients,
            double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and ≥ 0, got " + learningRate);
        }
        checkNames(parameters, gradients);
        if (checkSlots) {
            checkRestoredSlots(parameters);
            checkSlots = false;
        }
        try (NDManager step = manager.newSubManager()) {
            Map<String, NDArray> g = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                NDArray grad = gradients.get(e.getKey());
                step.tempAttachAll(e.getValue(), grad);
                g.put(e.getKey(), grad);
            }
            double norm = globalNorm(g);
            if (!Double.isFinite(norm)) {
                throw new ArithmeticException("gradient norm is " + norm + " at optimizer step " + (steps + 1)
                        + "; parameters left unchanged");
            }
            boolean clipped = false;
            if (clipping.maxValue() > 0) {
                double c = clipping.maxValue();
                for (Map.Entry<String, NDArray> e : g.entrySet()) {
                    e.setValue(e.getValue().clip(scalar(-c, e.getValue()), scalar(c, e.getValue())));
                }
                clipped = true;
            }
            if (clipping.maxNorm() > 0) {
                double n = clipping.maxValue() > 0 ? globalNorm(g) : norm;
                double coefficient = clipping.maxNorm() / (n + GradientClipping.NORM_EPSILON);
                if (coefficient < 1) {
                    for (Map.Entry<String, NDArray> e : g.entrySet()) {
                        e.setValue(e.getValue().mul(scalar(coefficient, e.getValue())));
                    }
                    clipped = true;
                }
            }
            steps++;
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                update(e.getKey(), e.getValue(), g.get(e.getKey()), learningRate * lrFactor(e.getKey()), steps,
                        step);
            }
            requireFinite(parameters, norm);
            return new StepReport(norm, clipped);
        }
    }

    /**
     * A finite gradient can still overflow a weight (a huge step, a denormal blow-up in a kernel): name the first
     * parameter that is no longer finite, so the failure points at the step that made it, not at a later NaN
     * prediction. max |θ| propagates NaN, so one reduction per parameter decides.
     */
    private void requireFinite(Map<String, NDArray> parameters, double norm) {
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            double max = e.getValue().abs().max().toType(DataType.FLOAT64, false).getDouble();
            if (!Double.isFinite(max)) {
                throw new ArithmeticException("parameter " + e.getKey() + " is no longer finite (max |value| "
                        + max + ") after optimizer step " + steps + " (gradient norm " + norm + ")");
            }
        }
    }

    /** √(Σ g²) over all arrays, accumulated in float64. */
    private static double globalNorm(Map<String, NDArray> gradients) {
        double sum = 0;
        for (NDArray g : gradients.values()) {
            NDArray d = g.toType(DataType.FLOAT64, true);
            sum += d.mul(d).sum().getDouble();
        }
        return Math.sqrt(sum);
    }

    private static void checkNames(Map<String, NDArray> parameters, Map<String, NDArray> gradients) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray g = gradients.get(e.getKey());
            if (g == null) {
                problems.add("no gradient for '" + e.getKey() + "'");
            } else if (!g.getShape().equals(e.getValue().getShape())) {
                problems.add("gradient of '" + e.getKey() + "' has shape " + g.getShape() + ", parameter "
                        + e.getValue().getShape());
            } else if (g.getDataType() != e.getValue().getDataType()) {
                problems.add("gradient of '" + e.getKey() + "' is " + g.getDataType() + ", parameter "
                        + e.getValue().getDataType());
            }
        }
        for (String name : gradients.keySet()) {
            if (!parameters.containsKey(name)) {
                problems.add("gradient for unknown parameter '" + name + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("optimizer step: " + String.join("; ", problems));
        }
    }

    /** After a restore: the saved slots must be exactly those of these parameters, with their shapes. */
    private void checkRestoredSlots(Map<String, NDArray> parameters) {
        List<String> problems = new ArrayList<>();
        Map<String, NDArray> expected = new LinkedHashMap<>();
        if (steps > 0) {
            for (String slot : slotNames()) {
                for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                    expected.put(slot + "/" + e.getKey(), e.getValue());
                }
            }
        }
        for (Map.Entry<String, NDArray> e : expected.entrySet()) {
            NDArray a = slots.get(e.getKey());
            if (a == null) {
                problems.add("missing " + e.getKey());
            } else if (!a.getShape().equals(e.getValue().getShape())) {
                problems.add(e.getKey() + " has shape " + a.getShape() + ", parameter " + e.getValue().getShape());
            }
        }
        for (String key : slots.keySet()) {
            if (!expected.containsKey(key)) {
                problems.add("unexpected " + key);
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException("checkpoint's " + kind() + " state does not fit the model's parameters: "
                    + String.join("; ", problems) + "; resume with the model the run was started with");
        }
    }

    /** A scalar in the array's precision: float32 math uses float32(x), as PyTorch does with Python numbers. */
    static Number scalar(double x, NDArray like) {
        return like.getDataType() == DataType.FLOAT64 ? (Number) x : (Number) (float) x;
    }

    /** The slot array {@code slot/name}, attached to {@code step} for this step, or null when not created yet. */
    NDArray slot(String slot, String name, NDManager step) {
        NDArray a = slots.get(slot + "/" + name);
        if (a != null) {
            step.tempAttachAll(a);
        }
        return a;
    }

    /** Keeps {@code value} (moved to the optimizer's manager) as slot {@code slot/name}; returns it, attached to step. */
    NDArray keepSlot(String slot, String name, NDArray value, NDManager step) {
        value.attach(manager);
        NDArray old = slots.put(slot + "/" + name, value);
        if (old != null) {
            old.close();
        }
        step.tempAttachAll(value);
        return value;
    }

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public final OptimizerState saveState() {
        Map<String, Double> values = new TreeMap<>(settings());
        lrFactors.forEach((name, f) -> values.put(LR_FACTOR + name, f));
        values.put("step", (double) steps);
        return new OptimizerState(new SavedState(kind(), values), NamedTensors.copyOf(slots));
    }

    @Override
    public final void restoreState(OptimizerState state) {
        SavedState s = state.scalars().requireKind(kind());
        for (Map.Entry<String, Double> e : settings().entrySet()) {
            s.requireSetting(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Double> e : lrFactors.entrySet()) {
            s.requireSetting(LR_FACTOR + e.getKey(), e.getValue());
        }
        for (String key : s.values().keySet()) {
            if (key.startsWith(LR_FACTOR) && !lrFactors.containsKey(key.substring(LR_FACTOR.length()))) {
                throw new InputException("checkpoint's " + kind() + " was run with " + key + " = "
                        + s.values().get(key) + ", this run has none; resume with the optimizer settings the run was"
                        + " started with");
            }
        }
        long restoredSteps = s.getLong("step");
        if (restoredSteps < 0) {
            throw new InputException("checkpoint's " + kind() + " state has a negative step count");
        }
        for (NDArray a : slots.values()) {
            a.close();
        }
        slots.clear();
        for (Map.Entry<String, FloatTensor> e : state.slots().entries().entrySet()) {
            slots.put(e.getKey(), NamedTensors.toArray(e.getValue(), manager));
        }
        steps = restoredSteps;
        checkSlots = true;
    }

    @Override
    public final void close() {
        manager.close();
    }
}
