package org.multipose.config;

import java.util.Objects;

/**
 * The training loop (YAML section {@code training}).
 *
 * @param epochs          maximum number of passes over the training compounds; 0 (with {@code model.pretrained}):
 *                        no training, the pretrained weights are saved as the run's checkpoint and predict (zero-shot)
 * @param batchSize       compounds per optimiser step (their gradients are averaged)
 * @param checkpointEvery also checkpoint every this many compounds; 0 = once per epoch only
 * @param earlyStopping   when to stop before {@code epochs}
 * @param ensemble        members trained with different seeds; predictions are their mean ± std
 * @param evalEvery       evaluate the validation split every this many epochs
 * @param deadNetworkEpochs stop a member whose network predicted one constant in this many consecutive epochs (a
 *                        dead network: every ReLU off); 0 = never stop for it
 * @param cacheFrozenTrunk reuse the output of the network's frozen leading stages, computed once per pose, when
 *                        there is no augmentation (the training step's trunk cache)
 */
public record LoopConfig(
        @Range(min = 0) @Doc(value = "maximum passes over the training compounds (0: zero-shot, only with"
                + " model.pretrained: the pretrained weights predict as they are)", unit = "epochs") int epochs,
        @Range(min = 1) @Doc(value = "compounds per optimiser step", unit = "compounds") int batchSize,
        @Range(min = 0) @Doc(value = "also checkpoint every this many compounds (0 = per epoch only)",
                unit = "compounds") long checkpointEvery,
        @Doc("stop early on the validation loss") EarlyStoppingConfig earlyStopping,
        @Range(min = 1) @Doc("ensemble members (different seeds)") int ensemble,
        @Range(min = 1) @Doc(value = "evaluate the validation split every this many epochs", unit = "epochs")
                int evalEvery,
        @Range(min = 0) @Doc(value = "stop a member whose predictions were all equal (a dead network) in this many"
                + " consecutive epochs (0 = never)", unit = "epochs") int deadNetworkEpochs,
        @Doc("when the first stages of the network are frozen and nothing is augmented, compute their output once per"
                + " pose and train the rest on it (the same function and gradients, far fewer operations)")
                boolean cacheFrozenTrunk) {

    public LoopConfig {
        Objects.requireNonNull(earlyStopping, "earlyStopping");
    }

    /** This config with {@code ensemble} members. */
    public LoopConfig withEnsemble(int members) {
        return new LoopConfig(epochs, batchSize, checkpointEvery, earlyStopping, members, evalEvery,
                deadNetworkEpochs, cacheFrozenTrunk);
    }

    public static LoopConfig defaults() {
        return new LoopConfig(50, 8, 0, EarlyStoppingConfig.defaults(), 1, 1, DEFAULT_DEAD_EPOCHS, true);
    }

    /**
     * A dead network never recovers (no gradient reaches a weight through ReLUs that are all off), so a few epochs
     * of evidence suffice; 3 leaves room for a network that outputs one value for one epoch by chance.
     */
    public static final int DEFAULT_DEAD_EPOCHS = 3;
}
