package org.multipose.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-pose network.
 *
 * @param architecture the network family
 * @param widths       convolution channel counts per block; empty = the architecture's own
 * @param dropout      dropout probability before the output layer
 * @param weightsDir   the folder of gnina's pretrained weight files ({@code dense.pt}, {@code
 *                     crossdock_default2018_1.pt}, ...) that {@code gnina:NAME} models are read from; when absent,
 *                     {@code --weights-dir} or the environment variable {@code MULTIPOSE_GNINA_WEIGHTS} names it
 */
public record ModelConfig(
        @Doc("per-pose network: gnina's default2018 or the CPU-sized small variant") Architecture architecture,
        @Size(min = 1) @Range(min = 1) @Doc("convolution channels per block (~ = the architecture's own)")
                Optional<List<Integer>> widths,
        @Range(min = 0, max = 1, maxOpen = true) @Doc("dropout probability") double dropout,
        @Doc("folder of gnina's pretrained weights (*.pt) for gnina:NAME models (~ = --weights-dir or"
                + " $MULTIPOSE_GNINA_WEIGHTS)") Optional<Path> weightsDir) {

    /** Network families. */
    public enum Architecture { DEFAULT2018, SMALL }

    public ModelConfig {
        Objects.requireNonNull(architecture, "architecture");
        widths = widths.map(List::copyOf);
        Objects.requireNonNull(weightsDir, "weightsDir");
    }

    public static ModelConfig defaults() {
        return new ModelConfig(Architecture.DEFAULT2018, Optional.empty(), 0.0, Optional.empty());
    }
}
