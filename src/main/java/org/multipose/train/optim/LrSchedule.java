package org.multipose.train.optim;

/**
 * A learning-rate schedule over epochs, with state a checkpoint can save. The loop asks {@link #learningRate()} for
 * the epoch it is about to run and calls {@link #endEpoch(double)} after it. Implementations: {@link ConstantLr},
 * {@link StepLr}, {@link CosineLr}, {@link ReduceOnPlateau}.
 */
public interface LrSchedule {

    /** "constant", "step", "cosine" or "reduce-on-plateau". */
    String kind();

    /** The learning rate for the current epoch (0-based index {@link #epoch()}). */
    double learningRate();

    /**
     * Advances by one epoch.
     *
     * @param monitored the epoch's validation loss (used by reduce-on-plateau, ignored by the others)
     */
    void endEpoch(double monitored);

    /**
     * Whether {@link #endEpoch} needs a measured validation loss; such a schedule steps only on epochs with a
     * validation pass (training.eval_every), the others every epoch.
     */
    default boolean needsValidationLoss() {
        return false;
    }

    /** Number of completed epochs. */
    int epoch();

    /** The state (epoch, evolving values and settings). */
    SavedState saveState();

    /**
     * Continues from a saved state.
     *
     * @throws org.multipose.base.InputException when it was saved by another schedule or other settings
     */
    void restoreState(SavedState state);
}
