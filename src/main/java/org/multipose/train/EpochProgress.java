package org.multipose.train;

import org.multipose.train.run.CheckpointState;

/**
 * Where a member is inside its current epoch: completed epochs, the position (compounds done, always a batch
 * boundary), and the epoch's running sums (loss, compounds, poses, training seconds). A mid-epoch checkpoint stores all
 * of them, so a resumed epoch reports the same mean loss and throughput as an uninterrupted one.
 */
final class EpochProgress {

    private int epoch;
    private int position;
    private double lossSum;
    private int lossCount;
    private long poses;
    private double trainSeconds;

    /**
     * Adds a finished batch of {@code compounds} compounds: its losses and pose count, and moves the position to
     * {@code end}.
     */
    void batch(double[] losses, int compounds, long batchPoses, int end) {
        for (double l : losses) {
            lossSum += l;
        }
        lossCount += compounds;
        poses += batchPoses;
        position = end;
    }

    void addSeconds(double seconds) {
        trainSeconds += seconds;
    }

    /** Closes the epoch: one more completed, position and sums back to zero. */
    void completeEpoch() {
        epoch++;
        position = 0;
        lossSum = 0;
        lossCount = 0;
        poses = 0;
        trainSeconds = 0;
    }

    /** Continues from a checkpoint's state. */
    void restore(CheckpointState s) {
        epoch = s.epoch();
        position = s.position();
        lossSum = s.trainLossSum();
        lossCount = s.trainCompounds();
        poses = s.trainPoses();
        trainSeconds = s.epochSeconds();
    }

    /** Completed epochs. */
    int epoch() {
        return epoch;
    }

    /** Compounds done in the current epoch. */
    int position() {
        return position;
    }

    double lossSum() {
        return lossSum;
    }

    int lossCount() {
        return lossCount;
    }

    /** The mean training loss of the epoch so far (NaN before its first batch). */
    double meanLoss() {
        return lossSum / lossCount;
    }

    long poses() {
        return poses;
    }

    double trainSeconds() {
        return trainSeconds;
    }

    /** Training poses per second of the epoch so far (0 before any time was counted). */
    double posesPerSecond() {
        return trainSeconds > 0 ? poses / trainSeconds : 0;
    }
}
