package org.multipose.model;

import java.util.List;
import org.multipose.config.Registry;

/**
 * The per-pose network architectures by name ({@link ModelSpec#architecture()}): the one lookup behind a spec's
 * validation, its default widths and its block. Adding an architecture: its class (an {@link Architecture} building a
 * {@link PoseNetwork}) plus one {@code .with(...)} line in {@link #REGISTRY} (and, to choose it in a training config,
 * its constant in {@code ModelConfig.Architecture}).
 */
public final class Architectures {

    /** The architectures; one line each. */
    public static final Registry<Architecture> REGISTRY = new Registry<Architecture>("model architecture")
            .with(ModelSpec.DEFAULT2018, new Default2018Family(ModelSpec.DEFAULT2018_WIDTHS))
            .with(ModelSpec.SMALL, new Default2018Family(ModelSpec.SMALL_WIDTHS))
            .with(ModelSpec.DENSE, new Dense());

    private Architectures() {
    }

    /**
     * The architecture {@code name} names.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Architecture get(String name) {
        return REGISTRY.find(name).orElseThrow(() -> new IllegalArgumentException("unknown model architecture '"
                + name + "'; allowed: " + String.join(", ", REGISTRY.names())));
    }

    /**
     * gnina's default2018 family ({@link PoseNetBlock}): five convolutions, three 2× poolings.
     *
     * @param defaultWidths the member's default convolution widths
     */
    record Default2018Family(List<Integer> defaultWidths) implements Architecture {
        @Override
        public void check(int gridPoints, List<Integer> widths) {
            if (gridPoints < 8) {
                throw new IllegalArgumentException("model grid points per side must be ≥ 8 (three 2× poolings), got "
                        + gridPoints);
            }
            if (widths.size() != ModelSpec.CONVOLUTIONS) {
                throw new IllegalArgumentException("model widths must list " + ModelSpec.CONVOLUTIONS
                        + " convolution widths (unit1..unit5), got " + widths.size() + ": " + widths);
            }
        }

        @Override
        public PoseNetwork build(ModelSpec spec, long seed) {
            return new PoseNetBlock(spec, seed);
        }
    }

    /** gnina's densely connected network ({@link DenseNetBlock}). */
    record Dense() implements Architecture {
        @Override
        public List<Integer> defaultWidths() {
            return ModelSpec.DENSE_WIDTHS;
        }

        @Override
        public void check(int gridPoints, List<Integer> widths) {
            if (widths.size() != 4) {
                throw new IllegalArgumentException("dense model widths must list 4 sizes (initial width, growth,"
                        + " convolutions per block, blocks), got " + widths.size() + ": " + widths);
            }
            if (widths.get(3) > 6 || gridPoints < (1 << widths.get(3))) {
                throw new IllegalArgumentException("a dense model with " + widths.get(3) + " blocks pools "
                        + widths.get(3) + " times by 2: it needs at most 6 blocks and ≥ " + (1 << Math.min(6,
                        widths.get(3))) + " grid points per side, got " + gridPoints);
            }
        }

        @Override
        public PoseNetwork build(ModelSpec spec, long seed) {
            return new DenseNetBlock(spec, seed);
        }
    }
}
