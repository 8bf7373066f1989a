package org.multipose.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a reader of a report must not miss, one sentence each: a model whose predictions are nearly constant
 * ({@link PredictionSpread#nearConstant()}) on the headline split, per target when it has several — its correlations
 * then rank noise (or, pooled, the targets' offsets), not affinity. Shown at the top of the report, printed by
 * {@code report}, {@code evaluate} and at the end of {@code train}, and listed in metrics.json.
 */
public final class ReportWarnings {

    private ReportWarnings() {}

    /** The warnings of a report, in group order. */
    public static List<String> of(EvaluationReport report) {
        List<String> out = new ArrayList<>();
        for (GroupEvaluation g : report.nearConstant()) {
            PredictionSpread s = g.spread().orElseThrow();
            out.add(String.format(Locale.ROOT, "the model's predictions are nearly constant on %s: %s, below %.0f %%"
                    + " of it; its correlations rank noise, not affinity (a dead network predicts one value: see"
                    + " the training log; lower optimizer.lr or try another seed)", g.title(), s.describe(),
                    100 * PredictionSpread.NEAR_CONSTANT_FRACTION));
        }
        return out;
    }
}
