package org.multipose.config;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How compounds are divided into train / validation / test.
 *
 * @param method         how compounds are assigned
 * @param fractions      [train, val, test] fractions of compounds, each in [0, 1], summing to 1
 * @param holdoutTargets for {@link Method#TARGET}: the targets held out as the test set; empty = whole targets are
 *                       assigned by {@code fractions}
 * @param file           for {@link Method#MANUAL}: a CSV assigning each compound to a split
 * @param seed           seed of the split; empty = the run seed ({@link TrainingConfig#splitSeed()})
 */
public record SplitConfig(
        @Doc("how compounds are assigned to train / val / test") Method method,
        @Size(min = 3, max = 3) @Range(min = 0, max = 1) @Doc("[train, val, test] fractions of compounds, summing to 1")
                List<Double> fractions,
        @Doc("method target: targets held out as the test set (empty: whole targets assigned by fractions)")
                List<String> holdoutTargets,
        @Doc("method manual: CSV with columns target, compound_id (or id), split (train | val | test); rows of"
                + " unlabelled compounds are accepted and not scored") Optional<Path> file,
        @Doc(value = "seed of the split", defaultText = "the run seed") Optional<Long> seed) {

    /** Split methods: random by compound, Bemis–Murcko scaffold, by date, by target, from a file. */
    public enum Method { RANDOM, SCAFFOLD, TEMPORAL, TARGET, MANUAL }

    /** Tolerance on the sum of the fractions. */
    static final double SUM_TOLERANCE = 1e-6;

    public SplitConfig {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(seed, "seed");
        fractions = List.copyOf(fractions);
        holdoutTargets = List.copyOf(holdoutTargets);
        if (fractions.size() != 3) {
            throw new ConfigProblem("fractions", "needs exactly 3 numbers [train, val, test]");
        }
        double sum = fractions.get(0) + fractions.get(1) + fractions.get(2);
        if (Math.abs(sum - 1.0) > SUM_TOLERANCE) {
            throw new ConfigProblem("fractions", "must sum to 1, they sum to "
                    + new BigDecimal(sum).round(new MathContext(6)).stripTrailingZeros().toPlainString());
        }
        if (method == Method.MANUAL && file.isEmpty()) {
            throw new ConfigProblem("file", "method manual needs a split file (file: splits.csv)");
        }
        if (method != Method.MANUAL && file.isPresent()) {
            throw ConfigProblem.onlyFor("file", "method", List.of("manual"), Names.yamlName(method));
        }
        if (method != Method.TARGET && !holdoutTargets.isEmpty()) {
            throw ConfigProblem.onlyFor("holdout_targets", "method", List.of("target"), Names.yamlName(method));
        }
    }

    /** Random 0.8 / 0.1 / 0.1 with the run seed. */
    public static SplitConfig defaults() {
        return new SplitConfig(Method.RANDOM, List.of(0.8, 0.1, 0.1), List.of(), Optional.empty(), Optional.empty());
    }
}
