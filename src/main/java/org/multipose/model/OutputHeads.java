package org.multipose.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * The two linear heads every per-pose network ends with, on its flattened features [B, F]: the affinity [B] in kT
 * (a pK head converted exactly, {@link AffinityHead}) and, when the spec has one, gnina's pose head's two logits
 * [B, 2].
 */
final class OutputHeads {

    private OutputHeads() {
    }

    static NDList apply(ModelSpec spec, NDArray flat, ParameterStore store, boolean training, Parameter affinityWeight,
            Parameter affinityBias, Parameter poseWeight, Parameter poseBias) {
        long batch = flat.getShape().get(0);
        Device device = flat.getDevice();
        NDArray affinity = Linear.linear(flat, store.getValue(affinityWeight, device, training),
                store.getValue(affinityBias, device, training)).singletonOrThrow().reshape(batch);
        if (spec.affinityHead() != AffinityHead.KT) {
            affinity = affinity.mul(spec.affinityHead().toKt());
        }
        if (!spec.poseHead()) {
            return new NDList(affinity);
        }
        NDArray pose = Linear.linear(flat, store.getValue(poseWeight, device, training),
                store.getValue(poseBias, device, training)).singletonOrThrow();
        return new NDList(affinity, pose);
    }
}
