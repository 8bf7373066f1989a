package org.multipose.train;

/**
 * The best epoch of a member so far by the monitored loss (the validation loss, or the training loss when the run has
 * no validation split); 0 and +∞ before the first monitored epoch. A checkpoint stores both values and
 * {@link #restore} puts them back, so a resumed run picks the same best checkpoint.
 */
final class BestEpoch {

    private int epoch;
    private double loss = Double.POSITIVE_INFINITY;

    /**
     * Records a monitored epoch.
     *
     * @return true when it is the new best (strictly lower loss; a tie keeps the earlier epoch)
     */
    boolean offer(int epoch, double loss) {
        if (loss < this.loss) {
            this.epoch = epoch;
            this.loss = loss;
            return true;
        }
        return false;
    }

    void restore(int epoch, double loss) {
        this.epoch = epoch;
        this.loss = loss;
    }

    /** The best epoch (1-based; 0 when none was monitored yet, or for the zero-shot checkpoint). */
    int epoch() {
        return epoch;
    }

    double loss() {
        return loss;
    }
}
