package org.multipose.model;

import java.util.List;

/**
 * A per-pose network family, registered by name in {@link Architectures}: its default sizes, the sizes it accepts,
 * and its block.
 */
public interface Architecture {

    /** The widths a spec gets when the config gives none. */
    List<Integer> defaultWidths();

    /**
     * Refuses sizes this network cannot be built with.
     *
     * @throws IllegalArgumentException naming the size and what it must be
     */
    void check(int gridPoints, List<Integer> widths);

    /** The network of {@code spec}, its parameters initialised from {@code seed}. */
    PoseNetwork build(ModelSpec spec, long seed);
}
