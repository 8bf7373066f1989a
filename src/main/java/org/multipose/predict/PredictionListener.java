package org.multipose.predict;

import org.multipose.train.PhaseTimes;

/** Progress of a prediction pass ({@link RunPredictor}): compounds predicted so far by each ensemble member. */
public interface PredictionListener {

    /** Reports nothing. */
    PredictionListener NONE = (member, members, done, total) -> { };

    /**
     * Called after each compound.
     *
     * @param member  1-based member predicting now
     * @param members members in all
     * @param done    compounds this member has predicted
     * @param total   compounds in the dataset
     */
    void compoundPredicted(int member, int members, int done, int total);

    /**
     * Called after each member's pass with the time it spent per phase (gridding, network, combination).
     *
     * @param member 1-based member
     * @param times  that member's pass
     */
    default void memberTimed(int member, PhaseTimes times) {
    }
}
