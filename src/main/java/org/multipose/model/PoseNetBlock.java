package org.multipose.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * gnina's default2018 network family as one DJL block (layer names as in gnina's PyTorch port):
 * <pre>
 *   unit1_pool avg 2 → unit1_conv 3³ pad 1 → ReLU → unit2_conv 1³ → ReLU
 *   unit3_pool avg 2 → unit3_conv 3³ pad 1 → ReLU → unit4_conv 1³ → ReLU
 *   unit5_pool avg 2 → unit5_conv 3³ pad 1 → ReLU → flatten (channel-major)
 *   → affinity_output (linear → 1)   [→ pose_output (linear → 2), optional]
 * </pre>
 * Input [B, C, n, n, n]; outputs: the per-pose free energy y in kT, shape [B] (lower = tighter), and, with the pose
 * head, raw pose logits [B, 2] (gnina's class 1 = good pose; apply log-softmax in the loss). An affinity head in pK
 * ({@link AffinityHead#PK}, gnina's pretrained weights) is multiplied by −ln 10 on the way out.
 *
 * <p>The layer order, pooling (average, 2, stride 2, no padding) and flattening (channel-major, as PyTorch's
 * {@code view(-1, 128·6³)}) are those of gnina-torch's {@code Default2018} and of gnina's Caffe model.
 *
 * <p>The parameters are this block's own direct parameters (no child blocks), named
 * {@code <layer>.weight} / {@code <layer>.bias}, so their names never depend on DJL's generated child-block prefixes.
 * Weights are Xavier-uniform from (seed, name); biases start at 0. Every operation is called on the activation, so
 * all intermediate arrays live in the input's NDManager (close it after the step).
 *
 * <p>Every convolution runs on channel counts padded to {@link ChannelPadding#BLOCK} (zero input channels, zero
 * weight rows and columns), which computes the same function and avoids an upstream kernel that reads uninitialised
 * memory for other counts; see {@link ChannelPadding}.
 */
public final class PoseNetBlock extends AbstractBlock implements PoseNetwork {

    private static final byte VERSION = 1;
    private static final Shape POOL = new Shape(2, 2, 2);
    private static final Shape NO_PAD = new Shape(0, 0, 0);
    private static final Shape ONE = new Shape(1, 1, 1);

    private final ModelSpec spec;
    private final List<Parameter> convWeights = new ArrayList<>();
    private final List<Parameter> convBiases = new ArrayList<>();
    private final Parameter affinityWeight;
    private final Parameter affinityBias;
    private final Parameter poseWeight;
    private final Parameter poseBias;
    private final List<Parameter> ordered = new ArrayList<>();

    /** Builds the block for {@code spec}; arrays are created by {@code initialize(manager, dataType, shape)}. */
    public PoseNetBlock(ModelSpec spec, long seed) {
        super(VERSION);
        this.spec = spec;
        int in = spec.inputChannels();
        for (int i = 0; i < ModelSpec.CONVOLUTIONS; i++) {
            int k = ModelSpec.kernel(i);
            int out = spec.widths().get(i);
            String layer = "unit" + (i + 1) + "_conv";
            convWeights.add(weight(layer, new Shape(out, in, k, k, k), seed));
            convBiases.add(bias(layer, new Shape(out)));
            in = out;
        }
        long f = spec.flattenedSize();
        affinityWeight = weight("affinity_output", new Shape(1, f), seed);
        affinityBias = bias("affinity_output", new Shape(1));
        poseWeight = spec.poseHead() ? weight("pose_output", new Shape(2, f), seed) : null;
        poseBias = spec.poseHead() ? bias("pose_output", new Shape(2)) : null;
    }

    private Parameter weight(String layer, Shape shape, long seed) {
        String name = layer + ".weight";
        return add(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(new XavierUniform(seed, name)).build());
    }

    private Parameter bias(String layer, Shape shape) {
        return add(Parameter.builder().setName(layer + ".bias").setType(Parameter.Type.BIAS).optShape(shape)
                .optInitializer(Initializer.ZEROS).build());
    }

    private Parameter add(Parameter p) {
        ordered.add(addParameter(p));
        return p;
    }

    /** The spec this block was built for. */
    @Override
    public ModelSpec spec() {
        return spec;
    }

    /** Parameters in their stable order (unit1..unit5 weight, bias; affinity; pose). */
    @Override
    public List<Parameter> orderedParameters() {
        return Collections.unmodifiableList(ordered);
    }

    /** None: this family has no fixed state. */
    @Override
    public Map<String, NDArray> buffers() {
        return Map.of();
    }

    /** Five stages: unit1_conv … unit5_conv, each with the pooling before it and its ReLU. */
    @Override
    public int stages() {
        return ModelSpec.CONVOLUTIONS;
    }

    @Override
    public List<String> stageParameters(int stage) {
        if (stage < 1 || stage > ModelSpec.CONVOLUTIONS) {
            throw new IllegalArgumentException("stage must be in 1.." + ModelSpec.CONVOLUTIONS + ", got " + stage);
        }
        return List.of(convWeights.get(stage - 1).getName(), convBiases.get(stage - 1).getName());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return forwardFrom(store, trunk(store, inputs.singletonOrThrow(), ModelSpec.CONVOLUTIONS, training),
                ModelSpec.CONVOLUTIONS, training);
    }

    /**
     * Stages 1…k. The activations keep the channel padding (to {@link ChannelPadding#BLOCK}) of the convolution that
     * made them: the padded channels are exact zeros, and the next convolution reads them as they are.
     */
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
        if (k < 0 || k > ModelSpec.CONVOLUTIONS) {
            throw new IllegalArgumentException("stage must be in 0.." + ModelSpec.CONVOLUTIONS + ", got " + k);
        }
        NDArray x = stages(store, activations, k, ModelSpec.CONVOLUTIONS, training);
        long batch = x.getShape().get(0);
        x = ChannelPadding.firstChannels(x, spec.widths().get(ModelSpec.CONVOLUTIONS - 1));
        NDArray flat = x.reshape(batch, spec.flattenedSize());
        return OutputHeads.apply(spec, flat, store, training, affinityWeight, affinityBias, poseWeight, poseBias);
    }

    /** Convolutions {@code from} (0-based) to {@code to} (exclusive), each with its pooling and ReLU. */
    private NDArray stages(ParameterStore store, NDArray x, int from, int to, boolean training) {
        Device device = x.getDevice();
        NDManager step = x.getManager();
        // Channels padded to ChannelPadding.BLOCK through all five convolutions (the padded channels carry exact
        // zeros), sliced back before the heads: the upstream conv kernels misbehave on other counts.
        for (int i = from; i < to; i++) {
            if (i % 2 == 0) {
                x = Pool.avgPool3d(x, POOL, POOL, NO_PAD, false, true);
            }
            if (i == 0) {
                x = ChannelPadding.padChannels(x);
            }
            int out = ChannelPadding.padded(spec.widths().get(i));
            NDArray w = ChannelPadding.padWeight(store.getValue(convWeights.get(i), device, training), out,
                    (int) x.getShape().get(1), step);
            NDArray b = ChannelPadding.padBias(store.getValue(convBiases.get(i), device, training), out, step);
            Shape pad = ModelSpec.kernel(i) == 3 ? ONE : NO_PAD;
            x = Conv3d.conv3d(x, w, b, ONE, pad, ONE, 1).singletonOrThrow();
            x = Activation.relu(x);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return spec.poseHead() ? new Shape[] {new Shape(batch), new Shape(batch, 2)}
                : new Shape[] {new Shape(batch)};
    }
}
