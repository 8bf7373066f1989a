package org.multipose.config;

import java.util.Objects;

/**
 * The training loop (YAML section {@code training}).
 *
 * @param epochs          maximum number of passes over the training compounds
 * @param batchSize       compounds per optimiser step (their gradients are averaged)
 * @param checkpointEvery also checkpoint every this many compounds; 0 = once per epoch only
 * @param earlyStopping   when to stop before {@code epochs}
 * @param ensemble        members trained with different seeds; predictions are their mean ± std
 * @param evalEvery       evaluate the validation split every this many epochs
 * @param deadNetworkEpochs stop a member whose network predicted one constant in this many consecutive epochs (a
 *                        dead network: every ReLU off); 0 = never stop for it
 */
public record LoopConfig(
        @Range(min = 1) @Doc(value = "maximum passes over the training compounds", unit = "epochs") int epochs,
        @Range(min = 1) @Doc(value = "compounds per optimiser step", unit = "compounds") int batchSize,
        @Range(min = 0) @Doc(value = "also checkpoint every this many compounds (0 = per epoch only)",
                unit = "compounds") long checkpointEvery,
        @Doc("stop early on the validation loss") EarlyStoppingConfig earlyStopping,
        @Range(min = 1) @Doc("ensemble members (different seeds)") int ensemble,
        @Range(min = 1) @Doc(value = "evaluate the validation split every this many epochs", unit = "epochs")
                int evalEvery,
        @Range(min = 0) @Doc(value = "stop a member whose predictions were all equal (a dead network) in this many"
                + " consecutive epochs (0 = never)", unit = "epochs") int deadNetworkEpochs) {

    public LoopConfig {
        Objects.requireNonNull(earlyStopping, "earlyStopping");
    }

    public static LoopConfig defaults() {
        return new LoopConfig(50, 8, 0, EarlyStoppingConfig.defaults(), 1, 1, DEFAULT_DEAD_EPOCHS);
    }

    /**
     * A dead network never recovers (no gradient reaches a weight through ReLUs that are all off), so a few epochs
     * of evidence suffice; 3 leaves room for a network that outputs one value for one epoch by chance.
     */
    public static final int DEFAULT_DEAD_EPOCHS = 3;
}
