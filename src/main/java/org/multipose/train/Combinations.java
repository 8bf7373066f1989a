package org.multipose.train;

import java.util.Locale;
import java.util.function.Function;
import org.multipose.combination.BoltzmannCombination;
import org.multipose.combination.Combination;
import org.multipose.combination.MaxCombination;
import org.multipose.combination.MeanCombination;
import org.multipose.config.CombinationConfig;
import org.multipose.config.Registry;

/**
 * The combinations by method ({@code combination.method}): the one place a config section becomes a
 * {@link Combination}. Adding a combination: its class (in the combination module, or anywhere implementing
 * {@link Combination}) plus one {@code .with(...)} line in {@link #REGISTRY} (and, for a config method, its constant in
 * {@link CombinationConfig.Method}).
 */
public final class Combinations {

    /** The combinations; one line per method (its YAML name), each made from the config section's settings. */
    public static final Registry<Function<CombinationConfig, Combination>> REGISTRY =
            new Registry<Function<CombinationConfig, Combination>>("combination")
                    .with("mean", c -> new MeanCombination())
                    .with("max", c -> new MaxCombination(c.negate(), c.scale()))
                    .with("boltzmann", c -> new BoltzmannCombination(c.kt()));

    private Combinations() {
    }

    /** The combination of a config section (its method's registry entry applied to it). */
    public static Combination create(CombinationConfig c) {
        return create(c.method().name().toLowerCase(Locale.ROOT), c);
    }

    /**
     * The combination registered as {@code method}, made from {@code c}'s settings.
     *
     * @throws IllegalArgumentException when none is registered under that name
     */
    public static Combination create(String method, CombinationConfig c) {
        return REGISTRY.find(method).orElseThrow(() -> new IllegalArgumentException("no combination registered as '"
                + method + "' (registered: " + String.join(", ", REGISTRY.names()) + ")")).apply(c);
    }
}
