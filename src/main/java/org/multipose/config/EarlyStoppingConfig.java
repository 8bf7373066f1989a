package org.multipose.config;

import java.util.Objects;

/**
 * When training stops before {@code epochs}, judged on the validation loss.
 *
 * @param kind      none; best (stop after {@code patience} epochs without a new best); converged (stop when the
 *                  loss changed by less than {@code threshold} over the last {@code window} epochs)
 * @param patience  best: epochs without improvement
 * @param burnIn    never stop before this epoch
 * @param threshold converged: largest change of the loss over the window that counts as converged
 * @param window    converged: epochs looked at
 */
public record EarlyStoppingConfig(
        @Doc("none; best = stop after patience epochs without a new best; converged = stop when flat") Kind kind,
        @Range(min = 1) @Doc(value = "best: epochs without a new best validation loss", unit = "epochs")
                int patience,
        @Range(min = 0) @Doc(value = "never stop before this many epochs", unit = "epochs") int burnIn,
        @Range(min = 0) @Doc("converged: largest loss change over the window that counts as flat") double threshold,
        @Range(min = 1) @Doc(value = "converged: epochs in the window", unit = "epochs") int window) {

    /** Early-stopping rules. */
    public enum Kind { NONE, BEST, CONVERGED }

    public EarlyStoppingConfig {
        Objects.requireNonNull(kind, "kind");
    }

    public static EarlyStoppingConfig defaults() {
        return new EarlyStoppingConfig(Kind.NONE, 10, 0, 1e-3, 5);
    }
}
