package org.multipose.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-pose network.
 *
 * @param architecture the network family
 * @param widths       convolution channel counts per block; empty = the architecture's own
 * @param dropout      dropout probability before the output layer
 */
public record ModelConfig(
        @Doc("per-pose network: gnina's default2018 or the CPU-sized small variant") Architecture architecture,
        @Size(min = 1) @Range(min = 1) @Doc("convolution channels per block (~ = the architecture's own)")
                Optional<List<Integer>> widths,
        @Range(min = 0, max = 1, maxOpen = true) @Doc("dropout probability") double dropout) {

    /** Network families. */
    public enum Architecture { DEFAULT2018, SMALL }

    public ModelConfig {
        Objects.requireNonNull(architecture, "architecture");
        widths = widths.map(List::copyOf);
    }

    public static ModelConfig defaults() {
        return new ModelConfig(Architecture.DEFAULT2018, Optional.empty(), 0.0);
    }
}
