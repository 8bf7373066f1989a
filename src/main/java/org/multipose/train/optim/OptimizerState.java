package org.multipose.train.optim;

import java.util.Objects;
import org.multipose.model.NamedTensors;

/**
 * Everything an {@link Optimizer} needs to continue exactly: its scalars (kind, step count, hyperparameters, checked
 * on restore) and its per-parameter slot arrays (momentum buffer, first and second moments) as heap float32 arrays,
 * named {@code <slot>/<parameter>}, e.g. {@code exp_avg/unit1_conv.weight}. A checkpoint writes both parts.
 *
 * @param scalars the kind, "step" and the hyperparameters
 * @param slots   the slot arrays; empty before the first step
 */
public record OptimizerState(SavedState scalars, NamedTensors slots) {

    public OptimizerState {
        Objects.requireNonNull(scalars, "scalars");
        Objects.requireNonNull(slots, "slots");
    }
}
