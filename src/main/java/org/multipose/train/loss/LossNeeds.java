package org.multipose.train.loss;

/**
 * What a loss term needs from the data besides each label's value, declared by the term ({@link LossTerm#needs()})
 * and checked on the dataset before training starts.
 *
 * @param sigma each label's σ (the affinity table's stderr or CI columns)
 * @param rmsd  each pose's RMSD to the reference (a pose score, named by the entry's {@code rmsd_tag})
 */
public record LossNeeds(boolean sigma, boolean rmsd) {

    /** Labels and predictions only. */
    public static final LossNeeds NONE = new LossNeeds(false, false);

    /** The needs of both. */
    public LossNeeds and(LossNeeds other) {
        return new LossNeeds(sigma || other.sigma, rmsd || other.rmsd);
    }
}
