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
 * @param pretrained   start from gnina's pretrained weights, {@code gnina:NAME} (docs/guide/training.md,
 *                     "Fine-tuning gnina's pretrained models"); the network is then the registry entry's, and an
 *                     ensemble entry gives one member per weights file
 * @param freeze       parameters that are not trained: names, layer names or patterns with {@code *} / {@code ?}
 * @param reinit       with {@code pretrained}: layers drawn afresh from the member's seed instead of loaded (new
 *                     layers, trained at {@code optimizer.lr}; loaded ones at {@code optimizer.pretrained_lr})
 */
public record ModelConfig(
        @Doc("per-pose network: gnina's default2018 or the CPU-sized small variant") Architecture architecture,
        @Size(min = 1) @Range(min = 1) @Doc("convolution channels per block (~ = the architecture's own)")
                Optional<List<Integer>> widths,
        @Range(min = 0, max = 1, maxOpen = true) @Doc("dropout probability") double dropout,
        @Doc("folder of gnina's pretrained weights (*.pt) for gnina:NAME models (~ = --weights-dir or"
                + " $MULTIPOSE_GNINA_WEIGHTS)") Optional<Path> weightsDir,
        @Doc("start from gnina's pretrained weights: gnina:NAME (e.g. gnina:crossdock_default2018; an ensemble such"
                + " as gnina:default gives one member per weights file); the network is the entry's, widths must be"
                + " absent") Optional<String> pretrained,
        @Doc("parameters not trained: names, layer names (unit1_conv) or patterns with * and ? (unit?_conv)")
                List<String> freeze,
        @Doc("with pretrained: layers re-initialised from the member's seed instead of loaded (names or patterns)")
                List<String> reinit) {

    /** Network families. */
    public enum Architecture { DEFAULT2018, SMALL }

    public ModelConfig {
        Objects.requireNonNull(architecture, "architecture");
        widths = widths.map(List::copyOf);
        Objects.requireNonNull(weightsDir, "weightsDir");
        Objects.requireNonNull(pretrained, "pretrained");
        freeze = List.copyOf(freeze);
        reinit = List.copyOf(reinit);
        if (pretrained.isPresent() && !pretrained.get().matches("gnina:[A-Za-z0-9_]+")) {
            throw new ConfigProblem("pretrained", "'" + pretrained.get() + "' is not gnina:NAME (e.g."
                    + " gnina:crossdock_default2018, gnina:default)");
        }
        if (pretrained.isPresent() && widths.isPresent()) {
            throw new ConfigProblem("widths", "the network of model.pretrained " + pretrained.get() + " has its own"
                    + " widths; drop model.widths");
        }
        if (!reinit.isEmpty() && pretrained.isEmpty()) {
            throw new ConfigProblem("reinit", "only applies with model.pretrained (a network without pretrained"
                    + " weights is initialised afresh anyway)");
        }
        checkPatterns("freeze", freeze);
        checkPatterns("reinit", reinit);
    }

    private static void checkPatterns(String key, List<String> patterns) {
        for (String p : patterns) {
            if (p == null || p.isBlank() || !p.matches("[A-Za-z0-9_.*?]+")) {
                throw new ConfigProblem(key, "'" + p + "' is not a parameter name or pattern: use letters, digits,"
                        + " '_', '.' and the wildcards * and ? (e.g. unit1_conv, unit?_conv, data_enc_level0_*)");
            }
        }
    }

    /** This config with {@code weights_dir} set (a run records the folder its pretrained weights came from). */
    public ModelConfig withWeightsDir(Path dir) {
        return new ModelConfig(architecture, widths, dropout, Optional.of(dir), pretrained, freeze, reinit);
    }

    /** The pretrained registry name without its {@code gnina:} prefix, if any. */
    public Optional<String> pretrainedName() {
        return pretrained.map(p -> p.substring("gnina:".length()));
    }

    public static ModelConfig defaults() {
        return new ModelConfig(Architecture.DEFAULT2018, Optional.empty(), 0.0, Optional.empty(), Optional.empty(),
                List.of(), List.of());
    }
}
