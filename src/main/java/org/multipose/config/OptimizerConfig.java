package org.multipose.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The optimiser (our own implementations with checkpointable state).
 *
 * @param kind        the algorithm
 * @param lr          base learning rate (a schedule scales it)
 * @param betas       adam / adamw: decay rates of the first and second moment
 * @param eps         adam / adamw: added to the root of the second moment
 * @param weightDecay L2 penalty (adam, sgd) or decoupled decay (adamw)
 * @param momentum    sgd: momentum
 * @param nesterov    sgd: Nesterov momentum
 * @param clipNorm    clip the global gradient norm to this; 0 = off
 * @param pretrainedLr the base learning rate of the parameters loaded from {@code model.pretrained} (those not
 *                    re-initialised); empty = {@code lr}. The schedule scales it like {@code lr}.
 */
public record OptimizerConfig(
        @Doc("optimiser") Kind kind,
        @Range(min = 0, minOpen = true) @Doc("base learning rate (the schedule scales it)") double lr,
        @Size(min = 2, max = 2) @Range(min = 0, max = 1, maxOpen = true) @Doc("adam/adamw: moment decay rates")
                List<Double> betas,
        @Range(min = 0, minOpen = true) @Doc("adam/adamw: denominator epsilon") double eps,
        @Range(min = 0) @Doc("L2 penalty (adam, sgd) or decoupled weight decay (adamw)") double weightDecay,
        @Range(min = 0, max = 1, maxOpen = true) @Doc("sgd: momentum") double momentum,
        @Doc("sgd: Nesterov momentum") boolean nesterov,
        @Range(min = 0) @Doc("clip the global gradient norm to this (0 = off)") double clipNorm,
        @Range(min = 0, minOpen = true) @Doc("base learning rate of the parameters loaded from model.pretrained"
                + " (the schedule scales it like lr; ~ = lr)") Optional<Double> pretrainedLr) {

    /** Optimisers. */
    public enum Kind { ADAM, ADAMW, SGD }

    public OptimizerConfig {
        Objects.requireNonNull(kind, "kind");
        betas = List.copyOf(betas);
        Objects.requireNonNull(pretrainedLr, "pretrainedLr");
        if (nesterov && kind != Kind.SGD) {
            throw ConfigProblem.onlyFor("nesterov", "kind", List.of("sgd"), Names.yamlName(kind));
        }
        if (nesterov && momentum == 0) {
            throw new ConfigProblem("nesterov", "needs momentum > 0");
        }
    }

    public static OptimizerConfig defaults() {
        return new OptimizerConfig(Kind.ADAM, 1e-3, List.of(0.9, 0.999), 1e-8, 0.0, 0.9, false, 0.0, Optional.empty());
    }
}
