package org.multipose.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * gnina's Dense network (Francoeur et al. 2020; the PyTorch port in gnina's models repository and gnina-torch's
 * {@code Dense}) as one DJL block. With the spec's sizes (initial width w = 32, growth g = 16, k = 4 convolutions
 * per block, L = 3 blocks) on 48³ grids:
 * <pre>
 *   data_enc_init_pool   max 2 (stride 2)                          C  × 24³
 *   data_enc_init_conv   3³ pad 1 → ReLU                           32 × 24³
 *   dense block 0: for j = 0..3: x ← cat(x, ReLU(conv_j(BN_j(x))))  32 + 4·16 = 96 × 24³
 *     (BN_j = data_enc_level0_batchnorm_conv{j}, eval mode; conv_j = data_enc_level0_conv{j}, 3³ pad 1, g outputs)
 *   data_enc_level0_bottleneck 1³ → ReLU                           96 × 24³
 *   data_enc_level1_pool max 2                                     96 × 12³
 *   dense block 1 → bottleneck → ReLU → data_enc_level2_pool max 2  160 × 6³
 *   dense block 2                                                  224 × 6³
 *   data_enc_level2_global_pool: max over all 6³ points            224
 *   → affinity_output (linear → 1), pose_output (linear → 2)
 * </pre>
 * Every block's output is the channel concatenation of its input and all its convolutions' outputs, in that order;
 * there is no bottleneck or pooling after the last block. BatchNorm always uses its running statistics
 * (inference form y = (x − mean)/√(var + 1e-5)·γ + β, PyTorch's default ε), also while fine-tuning: the statistics
 * are fixed buffers, γ and β trainable parameters — a deterministic forward, which both gradient routes require
 * (MATH.md §2).
 *
 * <p>Outputs as {@link PoseNetBlock}: y [B] in kT (an affinity head in pK is multiplied by −ln 10) and, with the
 * pose head, pose logits [B, 2]. Parameter and buffer names are gnina's layer names without their container
 * prefixes ({@link GninaWeights}). Every convolution runs on input and output channel counts padded to a multiple of
 * {@link ChannelPadding#BLOCK} (the concatenations produce counts such as C + 16j), the output sliced back to its
 * natural width before the next concatenation. All intermediate arrays live in the input's NDManager.
 */
public final class DenseNetBlock extends AbstractBlock implements PoseNetwork {

    private static final byte VERSION = 1;
    private static final Shape POOL = new Shape(2, 2, 2);
    private static final Shape NO_PAD = new Shape(0, 0, 0);
    private static final Shape ONE = new Shape(1, 1, 1);
    /** BatchNorm's ε (PyTorch's and Caffe's default, which gnina's models use). */
    static final float BN_EPS = 1e-5f;

    /** A convolution's parameters and kernel size. */
    private record Conv(Parameter weight, Parameter bias, int kernel, int out) {
    }

    /** A BatchNorm layer: trainable scale and shift, and the names of its two buffers. */
    private record Norm(String layer, Parameter gamma, Parameter beta, int channels) {
    }

    private final ModelSpec spec;
    private final List<Parameter> ordered = new ArrayList<>();
    private final Conv init;
    private final List<List<Norm>> norms = new ArrayList<>();
    private final List<List<Conv>> convs = new ArrayList<>();
    private final List<Conv> bottlenecks = new ArrayList<>();
    private final Parameter affinityWeight;
    private final Parameter affinityBias;
    private final Parameter poseWeight;
    private final Parameter poseBias;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    /** Builds the block for a dense {@code spec}; arrays are created by {@code initialize}. */
    public DenseNetBlock(ModelSpec spec, long seed) {
        super(VERSION);
        if (!spec.isDense()) {
            throw new IllegalArgumentException("DenseNetBlock needs a dense spec, got " + spec.encode());
        }
        this.spec = spec;
        int width = spec.widths().get(0);
        int growth = spec.widths().get(1);
        int perBlock = spec.widths().get(2);
        int blocks = spec.widths().get(3);
        init = conv("data_enc_init_conv", spec.inputChannels(), width, 3, seed);
        int in = width;
        for (int level = 0; level < blocks; level++) {
            List<Norm> n = new ArrayList<>();
            List<Conv> c = new ArrayList<>();
            for (int j = 0; j < perBlock; j++) {
                int channels = in + j * growth;
                String bn = "data_enc_level" + level + "_batchnorm_conv" + j;
                n.add(new Norm(bn, add(param(bn + ".weight", Parameter.Type.GAMMA, new Shape(channels),
                        Initializer.ONES)), add(param(bn + ".bias", Parameter.Type.BETA, new Shape(channels),
                        Initializer.ZEROS)), channels));
                c.add(conv("data_enc_level" + level + "_conv" + j, channels, growth, 3, seed));
            }
            norms.add(n);
            convs.add(c);
            in += perBlock * growth;
            if (level < blocks - 1) {
                bottlenecks.add(conv("data_enc_level" + level + "_bottleneck", in, in, 1, seed));
            }
        }
        long f = spec.flattenedSize();
        affinityWeight = add(weight("affinity_output.weight", new Shape(1, f), seed));
        affinityBias = add(param("affinity_output.bias", Parameter.Type.BIAS, new Shape(1), Initializer.ZEROS));
        poseWeight = spec.poseHead() ? add(weight("pose_output.weight", new Shape(2, f), seed)) : null;
        poseBias = spec.poseHead() ? add(param("pose_output.bias", Parameter.Type.BIAS, new Shape(2),
                Initializer.ZEROS)) : null;
    }

    private Conv conv(String layer, int in, int out, int kernel, long seed) {
        Parameter w = add(weight(layer + ".weight", new Shape(out, in, kernel, kernel, kernel), seed));
        Parameter b = add(param(layer + ".bias", Parameter.Type.BIAS, new Shape(out), Initializer.ZEROS));
        return new Conv(w, b, kernel, out);
    }

    private static Parameter weight(String name, Shape shape, long seed) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(new XavierUniform(seed, name)).build();
    }

    private static Parameter param(String name, Parameter.Type type, Shape shape, Initializer init) {
        return Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init).build();
    }

    private Parameter add(Parameter p) {
        ordered.add(addParameter(p));
        return p;
    }

    /** Initialises the parameters, then the BatchNorm buffers (running mean 0, running variance 1) in {@code manager}. */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        buffers.clear();
        for (List<Norm> level : norms) {
            for (Norm n : level) {
                buffers.put(n.layer() + ".running_mean", manager.zeros(new Shape(n.channels()), dataType));
                buffers.put(n.layer() + ".running_var", manager.ones(new Shape(n.channels()), dataType));
            }
        }
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    /** Parameters in their stable order: init conv, per block (BN γ, β, conv) …, bottlenecks, affinity, pose. */
    @Override
    public List<Parameter> orderedParameters() {
        return Collections.unmodifiableList(ordered);
    }

    /** The BatchNorm running means and variances, by stable name ({@code <bn>.running_mean}, {@code .running_var}). */
    @Override
    public Map<String, NDArray> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    /** 1 + blocks stages: the pooled initial convolution, then each dense block (with its bottleneck and pooling). */
    @Override
    public int stages() {
        return 1 + norms.size();
    }

    /** Stage 1: {@code data_enc_init_conv}; stage L + 2: every parameter named {@code data_enc_level<L>_…}. */
    @Override
    public List<String> stageParameters(int stage) {
        if (stage < 1 || stage > stages()) {
            throw new IllegalArgumentException("stage must be in 1.." + stages() + ", got " + stage);
        }
        String prefix = stage == 1 ? "data_enc_init_conv." : "data_enc_level" + (stage - 2) + "_";
        List<String> out = new ArrayList<>();
        for (Parameter p : ordered) {
            if (p.getName().startsWith(prefix)) {
                out.add(p.getName());
            }
        }
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return forwardFrom(store, trunk(store, inputs.singletonOrThrow(), stages(), training), stages(), training);
    }

    @Override
    public NDArray trunk(ParameterStore store, NDArray grids, int k, boolean training) {
        Shape s = grids.getShape();
        if (s.dimension() != 5 || !s.slice(1).equals(inputShape(1).slice(1))) {
            throw new IllegalArgumentException("model " + spec.architecture() + " expects grids of shape [B, "
                    + spec.inputChannels() + ", " + spec.gridPoints() + ", " + spec.gridPoints() + ", "
                    + spec.gridPoints() + "], got " + s);
        }
        return stages(store, grids, 0, k, training);
    }

    @Override
    public NDList forwardFrom(ParameterStore store, NDArray activations, int k, boolean training) {
        if (k < 0 || k > stages()) {
            throw new IllegalArgumentException("stage must be in 0.." + stages() + ", got " + k);
        }
        NDArray x = stages(store, activations, k, stages(), training);
        long batch = x.getShape().get(0);
        // global max pooling: the largest value of each channel over all points
        NDArray flat = x.reshape(batch, spec.flattenedSize(), -1).max(new int[] {2});
        return OutputHeads.apply(spec, flat, store, training, affinityWeight, affinityBias, poseWeight, poseBias);
    }

    /** Stages {@code from} (0-based) to {@code to} (exclusive). */
    private NDArray stages(ParameterStore store, NDArray x, int from, int to, boolean training) {
        Device device = x.getDevice();
        NDManager step = x.getManager();
        for (int stage = from; stage < to; stage++) {
            if (stage == 0) {
                x = Pool.maxPool3d(x, POOL, POOL, NO_PAD, false);
                x = Activation.relu(conv(x, init, store, device, training, step));
                continue;
            }
            int level = stage - 1;
            List<NDArray> features = new ArrayList<>();
            features.add(x);
            for (int j = 0; j < convs.get(level).size(); j++) {
                Norm n = norms.get(level).get(j);
                // eval-mode BatchNorm: running statistics, never updated (training = false)
                NDArray h = BatchNorm.batchNorm(x, buffers.get(n.layer() + ".running_mean"),
                        buffers.get(n.layer() + ".running_var"), store.getValue(n.gamma(), device, training),
                        store.getValue(n.beta(), device, training), 1, 0.1f, BN_EPS, false).singletonOrThrow();
                h = Activation.relu(conv(h, convs.get(level).get(j), store, device, training, step));
                features.add(h);
                // the first operand is an activation, so the concatenation lives in the step's manager
                x = NDArrays.concat(new NDList(features), 1);
            }
            if (level < bottlenecks.size()) {
                x = Activation.relu(conv(x, bottlenecks.get(level), store, device, training, step));
                x = Pool.maxPool3d(x, POOL, POOL, NO_PAD, false);
            }
        }
        return x;
    }

    /** A convolution on channel counts padded to {@link ChannelPadding#BLOCK}, sliced back to its natural width. */
    private static NDArray conv(NDArray x, Conv c, ParameterStore store, Device device, boolean training,
            NDManager step) {
        NDArray in = ChannelPadding.padChannels(x);
        int out = ChannelPadding.padded(c.out());
        NDArray w = ChannelPadding.padWeight(store.getValue(c.weight(), device, training), out,
                (int) in.getShape().get(1), step);
        NDArray b = ChannelPadding.padBias(store.getValue(c.bias(), device, training), out, step);
        Shape pad = c.kernel() == 3 ? ONE : NO_PAD;
        NDArray y = Conv3d.conv3d(in, w, b, ONE, pad, ONE, 1).singletonOrThrow();
        return ChannelPadding.firstChannels(y, c.out());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return spec.poseHead() ? new Shape[] {new Shape(batch), new Shape(batch, 2)}
                : new Shape[] {new Shape(batch)};
    }
}
