package org.multipose.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.multipose.train.ValidationScorer;

/**
 * The per-epoch validation metrics of a training run (metrics.jsonl): RMSE, MAE, Pearson, Spearman and Kendall on
 * the uncensored labels (point estimates, no bootstrap: they are logged every epoch; the loop counts the censored
 * labels left out).
 */
public final class ValidationMetrics implements ValidationScorer {

    @Override
    public Map<String, Double> score(double[] predicted, double[] measured, boolean[] censored) {
        int kept = 0;
        for (boolean c : censored) {
            if (!c) {
                kept++;
            }
        }
        double[] p = new double[kept];
        double[] m = new double[kept];
        int k = 0;
        for (int i = 0; i < censored.length; i++) {
            if (!censored[i]) {
                p[k] = predicted[i];
                m[k] = measured[i];
                k++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metric metric : new Metric[] {Metric.RMSE, Metric.MAE, Metric.PEARSON, Metric.SPEARMAN,
            Metric.KENDALL}) {
            // as in Metric: a correlation of fewer than 3 labels is ±1 whatever the model, so not reported
            out.put(metric.key(), kept < 3 && !metric.isError() ? Double.NaN : metric.compute(p, m));
        }
        return out;
    }
}
