package org.multipose.train;

import org.multipose.train.run.EpochRecord;

/**
 * Progress of a training run, for a progress bar and the console; every method has an empty default. Called on the
 * training thread.
 */
public interface TrainingListener {

    /** Does nothing. */
    TrainingListener NONE = new TrainingListener() {};

    /**
     * An epoch starts (or resumes at {@code done} compounds).
     *
     * @param member    1-based member
     * @param epoch     1-based epoch
     * @param compounds training compounds in the epoch
     * @param done      compounds already done (resume mid-epoch), else 0
     */
    default void epochStarted(int member, int epoch, int compounds, int done) {
    }

    /** A batch finished: {@code done} of {@code compounds}; {@code meanLoss} over the epoch so far. */
    default void batchFinished(int member, int epoch, int done, int compounds, double meanLoss) {
    }

    /** The epoch, validation included, is finished (before the checkpoint is written). */
    default void epochFinished(EpochRecord record) {
    }

    /** A line worth showing (also written to train.log). */
    default void message(String line) {
    }
}
