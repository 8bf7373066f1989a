package org.multipose.eval;

/**
 * Agreement between predicted and measured values (pK units for affinities): errors (MAE, RMSE, in the values'
 * unit; lower is better) and correlations (Pearson r, Spearman ρ, Kendall τ-b; higher is better). A metric that
 * is undefined for the data (a correlation of constant values, or no data) is NaN.
 */
public enum Metric {

    /** Mean absolute error, mean |p − m|. */
    MAE("mae", "MAE"),
    /** Root mean squared error, √(mean (p − m)²). */
    RMSE("rmse", "RMSE"),
    /** Pearson's r. */
    PEARSON("pearson", "Pearson r"),
    /** Spearman's ρ with average ranks for ties. */
    SPEARMAN("spearman", "Spearman ρ"),
    /** Kendall's τ-b (tie-corrected). */
    KENDALL("kendall", "Kendall τ-b");

    private final String key;
    private final String label;

    Metric(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** Machine name, e.g. for metrics.json: {@code mae}, {@code spearman}. */
    public String key() {
        return key;
    }

    /** Human name for reports: {@code Spearman ρ}. */
    public String label() {
        return label;
    }

    /** True for MAE and RMSE (lower is better), false for the correlations. */
    public boolean isError() {
        return this == MAE || this == RMSE;
    }

    /** The metric of paired samples (equal lengths, finite values); NaN when undefined. */
    public double compute(double[] predicted, double[] measured) {
        switch (this) {
            case MAE:
            case RMSE:
                return error(predicted, measured, this == RMSE);
            case PEARSON:
                return Correlation.pearson(predicted, measured);
            case SPEARMAN:
                return Correlation.spearman(predicted, measured);
            case KENDALL:
                return Correlation.kendallTauB(predicted, measured);
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * The metric of one bootstrap resample, already checked: values p, m and their dense-rank codes cp, cm
     * (codes in [0, codes)) so the rank metrics need not sort doubles again.
     */
    double computeResample(double[] p, double[] m, int[] cp, int[] cm, int codes) {
        int n = p.length;
        switch (this) {
            case MAE:
            case RMSE:
                return errorUnchecked(p, m, n, this == RMSE);
            case PEARSON:
                return Correlation.pearsonUnchecked(p, m, n);
            case SPEARMAN:
                return Correlation.spearmanOfCodes(cp, cm, n, codes);
            case KENDALL:
                return Correlation.kendallOfCodes(cp, cm, n, codes);
            default:
                throw new AssertionError(this);
        }
    }

    private static double error(double[] p, double[] m, boolean squared) {
        return errorUnchecked(p, m, Correlation.checkPaired(p, m), squared);
    }

    private static double errorUnchecked(double[] p, double[] m, int n, boolean squared) {
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = p[i] - m[i];
            sum += squared ? d * d : Math.abs(d);
        }
        return squared ? Math.sqrt(sum / n) : sum / n;
    }

    /** Why the metric is undefined for these data, or empty when it is defined. */
    String undefinedReason(double[] predicted, double[] measured) {
        int n = predicted.length;
        if (n == 0) {
            return "no labels";
        }
        if (isError()) {
            return "";
        }
        // Two points always give a correlation of ±1 (and so does every resample of them): not evidence.
        if (n < 3) {
            return "needs at least 3 labels (two always correlate perfectly), got " + n;
        }
        if (constant(predicted)) {
            return "the predictions are constant";
        }
        if (constant(measured)) {
            return "the measured values are constant";
        }
        return "";
    }

    private static boolean constant(double[] v) {
        for (int i = 1; i < v.length; i++) {
            if (v[i] != v[0]) {
                return false;
            }
        }
        return true;
    }
}
