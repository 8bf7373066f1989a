package org.multipose.train;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.Readout;
import org.multipose.data.CompoundKey;
import org.multipose.data.CompoundPoses;
import org.multipose.train.loss.CompoundTarget;
import org.multipose.train.loss.LabelReadouts;

/**
 * One pass over the validation compounds with the current weights: no augmentation, no backward. Gives the mean
 * validation loss, the scorer's metrics on the pK scale, and every compound's combination result (evidence for the
 * dead-network check).
 *
 * @param loss     mean loss over the validation compounds
 * @param metrics  the {@link ValidationScorer}'s metrics, by name
 * @param censored validation labels that are censored
 * @param results  one combination result per validation compound, in split order
 */
record ValidationPass(double loss, Map<String, Double> metrics, int censored, List<CombinationResult> results) {

    /**
     * Predicts every validation compound of {@code ctx}.
     *
     * @throws ArithmeticException "validation of ..." when a prediction is not finite
     */
    static ValidationPass run(TrainingContext ctx, TrainingStep step, ValidationScorer scorer, NDManager manager) {
        int n = ctx.val().size();
        double[] predicted = new double[n];
        double[] measured = new double[n];
        boolean[] censored = new boolean[n];
        double sum = 0;
        int nCensored = 0;
        List<CombinationResult> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CompoundKey key = ctx.val().get(i);
            CompoundPoses c = ctx.dataset().get(key);
            Readout r = ctx.readouts().readout(c.compound().label().orElseThrow());
            CompoundTarget t = ctx.target(c.compound(), r, c.poses());
            CombinationResult result;
            try {
                result = step.predict(c, ctx.dataset().receptor(key.target()).orElseThrow(), manager);
            } catch (ArithmeticException x) {
                throw new ArithmeticException("validation of " + x.getMessage());
            }
            sum += ctx.loss().bind(r, t).evaluate(result).loss();
            predicted[i] = LabelReadouts.toPk(r.apply(result.combined()), r);
            results.add(result);
            measured[i] = c.compound().label().get().pk();
            censored[i] = t.isCensored();
            nCensored += censored[i] ? 1 : 0;
        }
        return new ValidationPass(sum / n, scorer.score(predicted, measured, censored), nCensored,
                List.copyOf(results));
    }
}
