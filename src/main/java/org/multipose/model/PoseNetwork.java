package org.multipose.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;

/**
 * A per-pose network as one DJL block: grids [B, C, n, n, n] in, the per-pose free energy y [B] (kT) out, and with
 * the pose head also pose logits [B, 2] (gnina's class 1 = good pose). Parameters are the block's own direct
 * parameters under stable names ({@code <layer>.weight} / {@code <layer>.bias}); fixed state that is not trained
 * (BatchNorm running statistics) is held as buffers, saved and loaded with the weights but never given a gradient.
 */
public interface PoseNetwork extends Block {

    /** The spec the block was built for. */
    ModelSpec spec();

    /** The trainable parameters in their stable order. */
    List<Parameter> orderedParameters();

    /**
     * The fixed buffers by stable name, in stable order (empty for the default2018 family); available after
     * {@code initialize}, owned by the manager given to it.
     */
    Map<String, NDArray> buffers();

    /**
     * How many stages the network runs before its heads, each of which it can be cut after (0: it cannot be cut). A
     * network cut after stage k computes the same function as {@code forwardFrom(trunk(x, k), k)}: that is how a
     * frozen trunk's activations are computed once and reused (the training step's trunk cache).
     */
    default int stages() {
        return 0;
    }

    /** The names of the parameters of stage {@code stage} (1-based). */
    default List<String> stageParameters(int stage) {
        throw new UnsupportedOperationException(spec().architecture() + " cannot be cut into stages");
    }

    /**
     * Stages 1…k on grids [B, C, n, n, n]: the activations stage k + 1 reads (k = 0 returns the grids). Arrays live in
     * the grids' manager.
     */
    default NDArray trunk(ParameterStore store, NDArray grids, int k, boolean training) {
        throw new UnsupportedOperationException(spec().architecture() + " cannot be cut into stages");
    }

    /** Stages k + 1… and the heads on the activations after stage k: the outputs of {@code forward}. */
    default NDList forwardFrom(ParameterStore store, NDArray activations, int k, boolean training) {
        throw new UnsupportedOperationException(spec().architecture() + " cannot be cut into stages");
    }

    /** The input shape for a batch of {@code batch} grids. */
    default Shape inputShape(long batch) {
        long n = spec().gridPoints();
        return new Shape(batch, spec().inputChannels(), n, n, n);
    }

    /** The block for {@code spec}, built by its {@link Architectures architecture}. */
    static PoseNetwork of(ModelSpec spec, long seed) {
        return Architectures.get(spec.architecture()).build(spec, seed);
    }
}
