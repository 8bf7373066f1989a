package org.multipose.combination;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered map from parameter name to a gradient array: g = {name → ∂y/∂θ} for one pose, or any linear combination
 * of such maps (a compound's combined gradient, a batch accumulator). Names are the keys of the {@link ParameterList}
 * the gradients were captured from (DJL's hierarchical names such as {@code 01Linear_weight}, or stable names a model
 * defines); each array has its parameter's shape and data type.
 *
 * <p>A dictionary owns a sub-manager of the manager it was created in; {@link #close()} frees its arrays, and closing
 * the parent manager frees them too. Arrays returned by {@link #get} belong to the dictionary: do not close them.
 * Arithmetic is in place and in the arrays' data type.
 */
public final class GradientDictionary implements AutoCloseable {

    private static final NDIndex ALL = new NDIndex("...");

    private final NDManager manager;
    private final List<String> names;
    private final NDArray[] arrays;
    private final Map<String, Integer> index;

    private GradientDictionary(NDManager manager, List<String> names, NDArray[] arrays) {
        this.manager = manager;
        this.names = Collections.unmodifiableList(new ArrayList<>(names));
        this.arrays = arrays;
        this.index = new HashMap<>();
        for (int j = 0; j < names.size(); j++) {
            if (index.put(names.get(j), j) != null) {
                manager.close();
                throw new IllegalArgumentException("parameter name '" + names.get(j)
                        + "' occurs twice; every parameter needs a distinct name");
            }
        }
    }

    /**
     * Copies the current gradient of every trainable parameter into a new dictionary in {@code into}, then zeroes the
     * parameters' gradient buffers, so the next backward starts from zero (DJL accumulates gradients otherwise).
     * Frozen parameters (and those without a gradient, such as BatchNorm running statistics) are left out.
     *
     * @param parameters the model's parameters under the names the dictionary should use
     * @param into       the caller's manager; the dictionary lives in a sub-manager of it
     */
    public static GradientDictionary capture(ParameterList parameters, NDManager into) {
        NDManager own = into.newSubManager();
        List<String> names = new ArrayList<>();
        List<NDArray> arrays = new ArrayList<>();
        for (Pair<String, Parameter> e : parameters) {
            Parameter p = e.getValue();
            if (!trainable(p)) {
                continue;
            }
            // getGradient() makes a new native handle in the model's manager each call: close it at once.
            try (NDArray g = p.getArray().getGradient()) {
                NDArray copy = g.duplicate();
                if (copy.getDataType() != p.getArray().getDataType()) {
                    // A parameter no backward has reached yet (e.g. the head the backward did not start from) has no
                    // gradient buffer; DJL then returns float32 zeros whatever the parameter's type.
                    NDArray typed = copy.toType(p.getArray().getDataType(), false);
                    copy.close();
                    copy = typed;
                }
                copy.attach(own);
                names.add(e.getKey());
                arrays.add(copy);
                fillZero(g);
            }
        }
        return new GradientDictionary(own, names, arrays.toArray(new NDArray[0]));
    }

    /** {@link #capture(ParameterList, NDManager)} with the block's own parameter names. */
    public static GradientDictionary capture(Block block, NDManager into) {
        return capture(block.getParameters(), into);
    }

    /**
     * Sets the gradient buffer of every trainable parameter to zero, in place and NaN-safe (a fill, not g − g or 0·g,
     * so a NaN gradient from one pose cannot poison the next). Creates no lasting native handles. In
     * {@code pipeline bench combination} it took 0.1–0.25× the time of DJL's {@code GradientCollector.zeroGradients()},
     * which also leaves two native handles per parameter behind on every call.
     */
    public static void zeroGradients(ParameterList parameters) {
        for (Pair<String, Parameter> e : parameters) {
            Parameter p = e.getValue();
            if (trainable(p)) {
                try (NDArray g = p.getArray().getGradient()) {
                    fillZero(g);
                }
            }
        }
    }

    /** {@link #zeroGradients(ParameterList)} for all parameters of a block. */
    public static void zeroGradients(Block block) {
        zeroGradients(block.getParameters());
    }

    private static boolean trainable(Parameter p) {
        return p.requiresGradient() && p.isInitialized() && p.getArray().hasGradient();
    }

    private static void fillZero(NDArray g) {
        // The indexer creates temporary arrays in g's manager (the model's, long-lived): route them to a scratch
        // manager that is closed here.
        try (NDManager scratch = NDManager.subManagerOf(g)) {
            scratch.tempAttachAll(g);
            g.set(ALL, 0);
        }
    }

    /**
     * A dictionary holding copies of the given arrays under the given names (in that order).
     *
     * @throws IllegalArgumentException if the lists differ in length or a name repeats
     */
    public static GradientDictionary of(List<String> names, List<NDArray> arrays, NDManager into) {
        if (names.size() != arrays.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + arrays.size() + " arrays");
        }
        NDManager own = into.newSubManager();
        NDArray[] copies = new NDArray[arrays.size()];
        for (int j = 0; j < copies.length; j++) {
            copies[j] = arrays.get(j).duplicate();
            copies[j].attach(own);
        }
        return new GradientDictionary(own, names, copies);
    }

    /** A dictionary with the names, shapes and data types of {@code template}, all zero: a batch accumulator. */
    public static GradientDictionary zerosLike(GradientDictionary template, NDManager into) {
        NDManager own = into.newSubManager();
        NDArray[] zeros = new NDArray[template.arrays.length];
        for (int j = 0; j < zeros.length; j++) {
            NDArray t = template.arrays[j];
            zeros[j] = own.zeros(t.getShape(), t.getDataType(), t.getDevice());
        }
        return new GradientDictionary(own, template.names, zeros);
    }

    /**
     * Σ_i k_i·d_i over dictionaries d_i with identical names and shapes (the combined gradient of the dictionary
     * route). Computed in the arrays' data type, pose by pose in order.
     *
     * @param coefficients k_i, finite, one per dictionary
     * @param dictionaries d_i, at least one; d_i is called "pose i" in error messages
     * @throws IllegalArgumentException naming the pose and the parameter on a layout mismatch or non-finite k_i
     */
    public static GradientDictionary linearCombination(double[] coefficients, List<GradientDictionary> dictionaries,
            NDManager into) {
        int n = dictionaries.size();
        if (n == 0 || coefficients.length != n) {
            throw new IllegalArgumentException(coefficients.length + " coefficients for " + n
                    + " dictionaries; need one coefficient per dictionary and at least one dictionary");
        }
        GradientDictionary first = dictionaries.get(0);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(coefficients[i])) {
                throw new IllegalArgumentException("pose " + i + ": coefficient " + coefficients[i]
                        + " is not finite");
            }
            if (i > 0) {
                first.requireSameLayout(dictionaries.get(i), "pose 0", "pose " + i);
            }
        }
        NDManager own = into.newSubManager();
        NDArray[] sums = new NDArray[first.arrays.length];
        for (int j = 0; j < sums.length; j++) {
            String name = first.names.get(j);
            NDArray acc = first.arrays[j].mul(coefficients[0]);
            acc.attach(own);
            for (int i = 1; i < n; i++) {
                GradientDictionary d = dictionaries.get(i);
                try (NDArray term = d.arrays[d.index.get(name)].mul(coefficients[i])) {
                    acc.addi(term);
                }
            }
            sums[j] = acc;
        }
        return new GradientDictionary(own, first.names, sums);
    }

    /** Parameter names, in order. */
    public List<String> names() {
        return names;
    }

    /** Number of parameters. */
    public int size() {
        return names.size();
    }

    /** Whether {@code name} is in the dictionary. */
    public boolean contains(String name) {
        return index.containsKey(name);
    }

    /**
     * The gradient array of {@code name} (owned by this dictionary: read it, do not close it).
     *
     * @throws IllegalArgumentException if the name is absent, listing the names present
     */
    public NDArray get(String name) {
        Integer j = index.get(name);
        if (j == null) {
            throw new IllegalArgumentException("no parameter '" + name + "' in the gradient dictionary; it has "
                    + names);
        }
        return arrays[j];
    }

    /** The gradient of {@code name} as doubles, row-major. */
    public double[] toDoubleArray(String name) {
        NDArray g = get(name);
        if (g.getDataType() == DataType.FLOAT64) {
            return g.toDoubleArray();
        }
        try (NDArray d = g.toType(DataType.FLOAT64, true)) {
            return d.toDoubleArray();
        }
    }

    /** A copy in {@code into}. */
    public GradientDictionary copy(NDManager into) {
        return of(names, List.of(arrays), into);
    }

    /** this ← a·this; returns this. */
    public GradientDictionary scaleInPlace(double a) {
        requireFinite(a, "scale factor");
        for (NDArray g : arrays) {
            g.muli(a);
        }
        return this;
    }

    /** this ← this + a·x; returns this. x must have the same names and shapes. */
    public GradientDictionary axpyInPlace(double a, GradientDictionary x) {
        requireFinite(a, "axpy factor");
        requireSameLayout(x, "this dictionary", "the added dictionary");
        for (int j = 0; j < arrays.length; j++) {
            try (NDArray term = x.arrays[x.index.get(names.get(j))].mul(a)) {
                arrays[j].addi(term);
            }
        }
        return this;
    }

    /** this ← this + x; returns this. */
    public GradientDictionary addInPlace(GradientDictionary x) {
        return axpyInPlace(1.0, x);
    }

    /** Euclidean norm over all entries of all parameters, accumulated in double (for clipping and logs). */
    public double l2Norm() {
        double sum = 0.0;
        for (NDArray g : arrays) {
            try (NDManager scratch = NDManager.subManagerOf(g)) {
                scratch.tempAttachAll(g);
                NDArray d = g.toType(DataType.FLOAT64, true);
                sum += d.mul(d).sum().getDouble();
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Fails unless {@code other} has exactly this dictionary's names, each with the same shape and data type.
     *
     * @param thisLabel  how to call this dictionary in the message (e.g. "pose 0")
     * @param otherLabel how to call {@code other} (e.g. "pose 3")
     * @throws IllegalArgumentException naming the first differing parameter and both labels
     */
    public void requireSameLayout(GradientDictionary other, String thisLabel, String otherLabel) {
        for (int j = 0; j < arrays.length; j++) {
            String name = names.get(j);
            Integer k = other.index.get(name);
            if (k == null) {
                throw new IllegalArgumentException(otherLabel + ": gradient dictionary lacks parameter '" + name
                        + "' that " + thisLabel + " has");
            }
            NDArray a = arrays[j];
            NDArray b = other.arrays[k];
            if (!a.getShape().equals(b.getShape()) || a.getDataType() != b.getDataType()) {
                throw new IllegalArgumentException(otherLabel + ": parameter '" + name + "' has shape "
                        + b.getShape() + " " + b.getDataType() + " but " + thisLabel + " has " + a.getShape() + " "
                        + a.getDataType());
            }
        }
        if (other.arrays.length != arrays.length) {
            for (String name : other.names) {
                if (!index.containsKey(name)) {
                    throw new IllegalArgumentException(otherLabel + ": gradient dictionary has parameter '" + name
                            + "' that " + thisLabel + " lacks");
                }
            }
        }
    }

    /**
     * Hands this gradient to a DJL optimizer: {@code optimizer.update(parameter.getId(), weight, gradient)} for every
     * trainable parameter, which updates the weights in place. DJL's built-in optimizers also zero the parameters'
     * gradient buffers as a side effect.
     *
     * @param parameters the model's parameters under the names of this dictionary; every trainable one must have a
     *                   gradient here with its shape, and every name here must be a trainable parameter
     * @throws IllegalArgumentException naming the parameter on a mismatch (nothing is updated then)
     */
    public void applyTo(Optimizer optimizer, ParameterList parameters) {
        int trainable = 0;
        for (Pair<String, Parameter> e : parameters) {
            Parameter p = e.getValue();
            if (!trainable(p)) {
                continue;
            }
            trainable++;
            NDArray g = index.containsKey(e.getKey()) ? arrays[index.get(e.getKey())] : null;
            if (g == null) {
                throw new IllegalArgumentException("trainable parameter '" + e.getKey()
                        + "' has no gradient in the dictionary (it has " + names + ")");
            }
            if (!g.getShape().equals(p.getArray().getShape())) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' has shape "
                        + p.getArray().getShape() + " but its gradient has " + g.getShape());
            }
        }
        if (trainable != arrays.length) {
            for (String name : names) {
                Parameter p = parameters.get(name);
                if (p == null || !trainable(p)) {
                    throw new IllegalArgumentException("gradient for '" + name
                            + "' has no trainable parameter of that name in the list");
                }
            }
        }
        for (Pair<String, Parameter> e : parameters) {
            Parameter p = e.getValue();
            if (trainable(p)) {
                optimizer.update(p.getId(), p.getArray(), arrays[index.get(e.getKey())]);
            }
        }
    }

    private static void requireFinite(double a, String what) {
        if (!Double.isFinite(a)) {
            throw new IllegalArgumentException(what + " " + a + " is not finite");
        }
    }

    /** Frees the dictionary's arrays. */
    @Override
    public void close() {
        manager.close();
    }
}
