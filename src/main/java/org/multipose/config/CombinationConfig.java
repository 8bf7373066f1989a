package org.multipose.config;

import java.util.List;
import java.util.Objects;

/**
 * How per-pose predictions combine into one per compound (MATH.md §2).
 *
 * @param method the combination
 * @param negate max only: a smooth minimum (right for free energies, lower = tighter)
 * @param scale  max only (a value other than the default for another method is refused): LSE sharpness t per kT; ŷ is shifted by up to ln(N)/t from the true extreme, so with a
 *               small t it depends on the number of poses N
 * @param kt     boltzmann only: temperature in kT units
 * @param posePrior weight each pose by the pose head's probability that it is a correct pose (gnina's CNNscore):
 *                  its log is added to the combination's logits (multipose-combination/README.md, "A pose prior
 *                  from the pose head")
 */
public record CombinationConfig(
        @Doc("mean, smooth max (LSE) or Boltzmann average of the per-pose predictions") Method method,
        @Doc("max: smooth minimum instead of maximum (right for free energies)") boolean negate,
        @Range(min = 0, minOpen = true) @Doc(value = "max: LSE sharpness; shift up to ln(N)/scale from the extreme",
                unit = "1/kT") double scale,
        @Range(min = 0, minOpen = true) @Doc(value = "boltzmann: temperature", unit = "kT") double kt,
        @Doc("multiply each pose's weight by the pose head's CNNscore σ(l1 - l0) (log-prior added to the logits;"
                + " needs a pose head: pretrained gnina models have one, other networks get one)") boolean posePrior) {

    /** Combinations. */
    public enum Method { MEAN, MAX, BOLTZMANN }

    /** The default LSE sharpness (effectively the maximum for pK-sized spreads). */
    public static final double DEFAULT_SCALE = 1000.0;

    /**
     * Refuses a {@code scale} for a method that ignores it (mean, boltzmann). As for the other keys of one variant,
     * "given" means different from the default: a config written by a run (which holds every key) still loads.
     */
    public CombinationConfig {
        Objects.requireNonNull(method, "method");
        if (method != Method.MAX && Double.compare(scale, DEFAULT_SCALE) != 0) {
            throw ConfigProblem.onlyFor("scale", "method", List.of("max"), Names.yamlName(method),
                    "remove scale, or set method: max to use it");
        }
    }

    /** Mean combination; the max and Boltzmann settings at their defaults. */
    public static CombinationConfig defaults() {
        return new CombinationConfig(Method.MEAN, true, DEFAULT_SCALE, 1.0, false);
    }
}
