package org.multipose.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.multipose.base.InputException;

/**
 * A per-pose network with its parameters: owns the NDManager that holds the parameter arrays, gives them by stable
 * name, runs the forward pass, copies and zeroes gradients without leaking native handles, and saves / loads weights.
 *
 * <p>The network is {@link PoseNetBlock} (default2018, small) or {@link DenseNetBlock} (dense), chosen by the spec.
 * Trainable parameters ({@link #parameters()}) and fixed buffers ({@link #buffers()}: Dense's BatchNorm running
 * statistics) are kept apart: only parameters have gradients and reach optimizers; weights files hold both.
 *
 * <p>Memory discipline: {@link #forward} puts every intermediate array in the grids' manager, so a per-step
 * sub-manager that holds the grids frees the whole graph when closed. The only arrays this object's manager holds are
 * the parameters and one zero scalar; {@link #zeroGradients()} and {@link #copyGradients(NDManager)} close every
 * gradient handle they open.
 */
public final class PoseModel implements AutoCloseable {

    /** {@link TensorFile} kind of a weights file; its metadata is the {@link ModelSpec}. */
    public static final String WEIGHTS_KIND = "multipose-weights";

    private static final NDIndex ALL = new NDIndex("...");

    private final NDManager manager;
    private final PoseNetwork block;
    private final ParameterStore store;
    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> buffers;
    private final DataType dataType;
    private final NDArray zero;
    private final Set<String> frozen = new HashSet<>();

    private PoseModel(ModelSpec spec, long seed, DataType dataType) {
        this.manager = NDManager.newBaseManager();
        this.dataType = dataType;
        this.block = PoseNetwork.of(spec, seed);
        block.initialize(manager, dataType, block.inputShape(1));
        this.store = new ParameterStore(manager, false);
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (Parameter p : block.orderedParameters()) {
            byName.put(p.getName(), p.getArray());
        }
        this.parameters = Collections.unmodifiableMap(byName);
        this.buffers = block.buffers();
        this.zero = manager.zeros(new Shape(), dataType);
    }

    /** A float32 model for {@code spec}, Xavier-initialised from {@code seed}. */
    public static PoseModel create(ModelSpec spec, long seed) {
        return new PoseModel(spec, seed, DataType.FLOAT32);
    }

    /**
     * A model in float32 or float64 (float64 is for finite-difference checks of the whole network; both precisions
     * start from the same float32-drawn values).
     */
    public static PoseModel create(ModelSpec spec, long seed, DataType dataType) {
        if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT64) {
            throw new IllegalArgumentException("model data type must be float32 or float64, got " + dataType);
        }
        return new PoseModel(spec, seed, dataType);
    }

    /**
     * A model built from a weights file's own spec, with its weights.
     *
     * @throws InputException if the file is missing, corrupted, or not a weights file
     */
    public static PoseModel load(Path weightsFile) {
        TensorFile.Contents c = TensorFile.read(weightsFile).requireKind(WEIGHTS_KIND, weightsFile.toString());
        ModelSpec spec = ModelSpec.decode(c.metadata(), weightsFile.toString());
        PoseModel model = create(spec, 0L);
        try {
            model.loadWeights(c.tensors(), weightsFile.toString());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    public ModelSpec spec() {
        return block.spec();
    }

    /** The parameter names of the network {@code spec} describes, in stable order (no arrays are made). */
    public static List<String> parameterNames(ModelSpec spec) {
        List<String> out = new ArrayList<>();
        for (Parameter p : PoseNetwork.of(spec, 0L).orderedParameters()) {
            out.add(p.getName());
        }
        return out;
    }

    /** The DJL block (for tools that want one); use {@link #forward} to run it. */
    public Block block() {
        return block;
    }

    /** float32 or float64. */
    public DataType dataType() {
        return dataType;
    }

    /** Parameter arrays by stable name, in stable order (owned by this model; do not close them). */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /**
     * Fixed, untrained arrays by stable name (Dense's BatchNorm running means and variances; empty for the
     * default2018 family), owned by this model. They take no gradient and no optimizer step.
     */
    public Map<String, NDArray> buffers() {
        return buffers;
    }

    /**
     * Freezes the named parameters: they take no gradient (autograd stops at them, so a frozen prefix of the network
     * is not differentiated at all), are left out of gradient dictionaries and of {@link #trainableParameters()}, and
     * so get no optimizer step and no optimizer slots. Freezing is for this object's life; weights files hold frozen
     * parameters like the others.
     *
     * @throws IllegalArgumentException for a name that is not a parameter
     */
    public void freeze(Collection<String> names) {
        for (String n : names) {
            if (!parameters.containsKey(n)) {
                throw new IllegalArgumentException("no parameter '" + n + "' to freeze; parameters: "
                        + parameters.keySet());
            }
        }
        for (Parameter p : block.orderedParameters()) {
            if (names.contains(p.getName())) {
                p.freeze(true);
                frozen.add(p.getName());
            }
        }
    }

    /** The frozen parameters' names, in parameter order. */
    public Set<String> frozen() {
        Set<String> out = new LinkedHashSet<>();
        for (String n : parameters.keySet()) {
            if (frozen.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** The parameters that are not frozen, by stable name, in stable order: what an optimizer updates. */
    public Map<String, NDArray> trainableParameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            if (!frozen.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * The number of leading stages whose parameters are all frozen (0 when none is, or the network cannot be cut):
     * their output depends on the input alone, so it can be computed once per input and reused.
     */
    public int frozenStages() {
        int k = 0;
        while (k < block.stages() && frozen.containsAll(block.stageParameters(k + 1))) {
            k++;
        }
        return k;
    }

    /** The stages the network can be cut after (0: none). */
    public int stages() {
        return block.stages();
    }

    /**
     * The activations after the first {@code k} stages of grids [B, C, n, n, n], in the grids' manager (see
     * {@link PoseNetwork#trunk}).
     */
    public NDArray trunk(NDArray grids, int k) {
        if (grids.getDataType() != dataType) {
            throw new IllegalArgumentException("grids are " + grids.getDataType() + " but the model is " + dataType);
        }
        return block.trunk(store, grids, k, false);
    }

    /**
     * The network's outputs (as {@link #forward}) from the activations after the first {@code k} stages:
     * {@code forwardFrom(trunk(x, k), k)} equals {@code forward(x)}.
     */
    public NDList forwardFrom(NDArray activations, int k) {
        return block.forwardFrom(store, activations, k, false);
    }

    /**
     * The pose logit d = l₁ − l₀ of each pose [B] from the outputs of {@link #forward} with the pose head: the
     * two-class softmax is σ(d) in class 1 (gnina's CNNscore = softmax(l)₁ = σ(d)).
     *
     * @throws IllegalArgumentException when the outputs have no pose logits
     */
    public static NDArray poseLogit(NDList outputs) {
        if (outputs.size() < 2) {
            throw new IllegalArgumentException("the model has no pose head; pose logits need one");
        }
        NDArray logits = outputs.get(1);
        return logits.get(":, 1").sub(logits.get(":, 0"));
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (NDArray a : parameters.values()) {
            n += a.size();
        }
        return n;
    }

    /**
     * Runs the network on a batch of grids [B, C, n, n, n] (the model's data type). Returns [affinity [B]] or, with the
     * pose head, [affinity [B], pose logits [B, 2]]. Affinity is a free energy in kT, lower = tighter binding. All new
     * arrays live in the grids' manager. Gradients are recorded only inside an open GradientCollector.
     */
    public NDList forward(NDArray grids) {
        if (grids.getDataType() != dataType) {
            throw new IllegalArgumentException("grids are " + grids.getDataType() + " but the model is " + dataType);
        }
        return block.forward(store, new NDList(grids), false);
    }

    /** The per-pose free energies [B] in kT. */
    public NDArray affinity(NDArray grids) {
        return forward(grids).get(0);
    }

    /**
     * Sets every parameter gradient to 0 in place. Gradients accumulate across backward passes, so call this before
     * each pose's backward when building per-pose gradient dictionaries. Leak-free and NaN-safe: each gradient handle
     * is closed, and the value is assigned (not multiplied by 0, which would keep NaN). DJL's
     * {@code GradientCollector.zeroGradients()} is avoided: it scans every array of the engine, leaves one handle open
     * per call and took 12–17 ms.
     */
    public void zeroGradients() {
        for (NDArray p : trainableParameters().values()) {
            try (NDArray g = p.getGradient()) {
                g.set(ALL, zero);
            }
        }
    }

    /**
     * Copies of the current parameter gradients, by stable name, as new arrays in {@code into} (the per-pose gradient
     * dictionary g_i = ∂y_i/∂θ after a backward of y_i). Before any backward they are zeros. Frozen parameters have
     * no gradient and are left out.
     */
    public Map<String, NDArray> copyGradients(NDManager into) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : trainableParameters().entrySet()) {
            NDArray g = e.getValue().getGradient();
            g.attach(into);
            NDArray copy = g.duplicate();
            g.close();
            out.put(e.getKey(), copy);
        }
        return out;
    }

    /**
     * Sets the affinity head's bias so that it contributes {@code kT} to y: e.g. the mean training label, so training
     * starts near the data (a head in pK gets kT / (−ln 10)).
     */
    public void setAffinityBias(double kT) {
        double value = kT / spec().affinityHead().toKt();
        assign(parameters.get("affinity_output.bias"), new float[] {(float) value});
    }

    /** The weights as heap arrays, by stable name: the parameters, then the buffers. */
    public NamedTensors weights() {
        Map<String, NDArray> all = new LinkedHashMap<>(parameters);
        all.putAll(buffers);
        return NamedTensors.copyOf(all);
    }

    /**
     * Overwrites the parameters with {@code weights}.
     *
     * @param source names where the weights came from, for error messages
     * @throws InputException naming the missing, unexpected or mis-shaped parameters
     */
    public void loadWeights(NamedTensors weights, String source) {
        Map<String, NDArray> all = new LinkedHashMap<>(parameters);
        all.putAll(buffers);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : all.entrySet()) {
            FloatTensor t = weights.entries().get(e.getKey());
            long[] expected = e.getValue().getShape().getShape();
            if (t == null) {
                problems.add("parameter '" + e.getKey() + "' is missing");
            } else if (!t.sameShape(expected)) {
                problems.add("parameter '" + e.getKey() + "' has shape " + t.shapeText() + " but the model expects "
                        + Arrays.toString(expected));
            }
        }
        for (String name : weights.entries().keySet()) {
            if (!all.containsKey(name)) {
                problems.add("parameter '" + name + "' is not part of this model");
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(source + ": weights do not fit model " + spec().encode() + ": "
                    + String.join("; ", problems) + "; load them into the model spec they were saved from");
        }
        for (Map.Entry<String, NDArray> e : all.entrySet()) {
            assign(e.getValue(), weights.get(e.getKey()).data());
        }
    }

    /**
     * Overwrites {@code target} in place with {@code values} (converted to the model's data type). Goes through an
     * indexed assignment from a temporary array rather than {@code NDArray.set(Buffer)}: DJL implements the latter
     * with PyTorch's deprecated AutoNonVariableTypeMode, which prints a deprecation warning to the user's terminal.
     */
    private static void assign(NDArray target, float[] values) {
        try (NDManager scratch = target.getManager().newSubManager();
                NDArray src = scratch.create(values, target.getShape()).toType(target.getDataType(), false)) {
            target.set(ALL, src);
        }
    }

    /** Writes the weights with the spec as a {@link TensorFile} (atomically). */
    public void saveWeights(Path file) {
        TensorFile.write(file, WEIGHTS_KIND, spec().encode(), weights());
    }

    /**
     * Loads a weights file into this model, checking the stored spec first.
     *
     * @throws InputException if the file's spec or parameters differ from this model's
     */
    public void loadWeights(Path file) {
        TensorFile.Contents c = TensorFile.read(file).requireKind(WEIGHTS_KIND, file.toString());
        spec().requireSame(ModelSpec.decode(c.metadata(), file.toString()), file.toString());
        loadWeights(c.tensors(), file.toString());
    }

    /** Frees the parameters and every array still in this model's manager. */
    @Override
    public void close() {
        manager.close();
    }
}
