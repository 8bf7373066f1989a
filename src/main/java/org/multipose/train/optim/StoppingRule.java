package org.multipose.train.optim;

/**
 * When to stop training early, decided after each epoch from its validation loss, with state a checkpoint can save.
 * Implementations: {@link BestWithPatience}, {@link Converged}, and {@link BurnIn} (no stop before epoch k) around
 * either.
 */
public interface StoppingRule {

    /** "best", "converged" or "burn-in(...)". */
    String kind();

    /**
     * Records the loss of the epoch just completed.
     *
     * @return true when training should stop now
     */
    boolean update(double loss);

    /** Number of epochs recorded. */
    int epochs();

    /** The state. */
    SavedState saveState();

    /**
     * Continues from a saved state.
     *
     * @throws org.multipose.base.InputException when it was saved by another rule or other settings
     */
    void restoreState(SavedState state);
}
