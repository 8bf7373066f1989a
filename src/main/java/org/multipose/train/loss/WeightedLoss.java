package org.multipose.train.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.multipose.combination.LossGradient;

/**
 * Several losses at once: L = Σ_k w_k L_k with non-negative weights normalised to Σ w_k = 1 (given weights 3 and 1
 * become 0.75 and 0.25); derivatives add the same way.
 */
public final class WeightedLoss implements LossTerm {

    /** One loss with its (unnormalised) weight. */
    public record Term(LossTerm loss, double weight) {

        public Term {
            Objects.requireNonNull(loss, "loss");
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("loss weight of " + loss.name() + " must be finite and ≥ 0, got "
                        + weight);
            }
        }
    }

    private final List<LossTerm> losses = new ArrayList<>();
    private final double[] weights;

    /** @throws IllegalArgumentException when there are no terms or all weights are 0 */
    public WeightedLoss(List<Term> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a weighted loss needs at least one term");
        }
        double sum = 0;
        for (Term t : terms) {
            sum += t.weight();
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("loss weights must not all be 0");
        }
        weights = new double[terms.size()];
        for (int k = 0; k < terms.size(); k++) {
            losses.add(terms.get(k).loss());
            weights[k] = terms.get(k).weight() / sum;
        }
    }

    @Override
    public String name() {
        return "weighted";
    }

    /** The needs of all its terms. */
    @Override
    public LossNeeds needs() {
        LossNeeds out = LossNeeds.NONE;
        for (LossTerm t : losses) {
            out = out.and(t.needs());
        }
        return out;
    }

    /** The normalised weights, in term order. */
    public double[] normalisedWeights() {
        return weights.clone();
    }

    /** Each term's own (unweighted) result, in term order, e.g. to log every loss. */
    public List<LossGradient> evaluateTerms(LossInput in) {
        List<LossGradient> out = new ArrayList<>();
        for (LossTerm l : losses) {
            out.add(l.evaluate(in));
        }
        return out;
    }

    @Override
    public LossGradient evaluate(LossInput in) {
        double value = 0;
        double dCombined = 0;
        double[] dPoses = new double[in.poseCount()];
        double[] dLogits = new double[in.poseLogits().length];
        List<LossGradient> parts = evaluateTerms(in);
        for (int k = 0; k < parts.size(); k++) {
            LossGradient r = parts.get(k);
            value += weights[k] * r.loss();
            dCombined += weights[k] * r.dLossDCombined();
            double[] d = r.dLossDPoses();
            for (int i = 0; i < d.length; i++) {
                dPoses[i] += weights[k] * d[i];
            }
            double[] dl = r.dLossDPoseLogits();
            for (int i = 0; i < dl.length; i++) {
                dLogits[i] += weights[k] * dl[i];
            }
        }
        return new LossGradient(value, dCombined, dPoses, dLogits);
    }
}
