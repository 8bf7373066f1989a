package org.multipose.eval;

import java.util.List;

/**
 * What a report scores against the labels: the model and four baselines computed from the same predictions table
 * on the same compounds. A baseline that is a score rather than a pK (heavy atoms, docking score) is only ranked:
 * its errors are not meaningful and not computed.
 */
public enum Predictor {

    /** The model's predicted pK (the readout of the combined prediction). */
    MODEL("model", "model", "the model's predicted pK (readout of the combined prediction)",
            List.of(Metric.values()), List.of()),
    /**
     * The same model scored on each compound's top-ranked pose alone (its lowest pose index: the docking rank, or
     * the file order): the readout of that pose's own prediction — what the model gives without the other poses.
     * The built-in answer to "do the extra poses help?"; available when some compound has more than one pose.
     */
    TOP_POSE("top_pose", "top pose only", "the same model on each compound's top-ranked pose alone (lowest pose"
            + " index): the readout of that pose's own prediction", List.of(Metric.values()),
            List.of(Metric.values())),
    /**
     * The mean exact pK of the train split, predicted for every compound: the error a model must beat. A constant
     * ranks nothing, so its correlations are undefined (reported as such).
     */
    TRAIN_MEAN("train_mean", "train mean", "the mean of the train split's exact pK labels, for every compound",
            List.of(Metric.values()), List.of(Metric.MAE, Metric.RMSE)),
    /** The ligand's heavy-atom count: larger ligands tend to bind tighter. */
    HEAVY_ATOMS("heavy_atoms", "heavy atoms", "the ligand's heavy-atom count (more atoms ⇒ tighter)",
            List.of(Metric.PEARSON, Metric.SPEARMAN, Metric.KENDALL),
            List.of(Metric.PEARSON, Metric.SPEARMAN, Metric.KENDALL)),
    /**
     * Minus the docking score of the top-ranked pose (a lower score means tighter binding, so −score correlates
     * positively with pK when docking ranks well).
     */
    DOCK_SCORE("dock_score", "docking score", "minus the docking score of the top-ranked pose (lower score ⇒"
            + " tighter)", List.of(Metric.PEARSON, Metric.SPEARMAN, Metric.KENDALL),
            List.of(Metric.PEARSON, Metric.SPEARMAN, Metric.KENDALL));

    private final String key;
    private final String label;
    private final String description;
    private final List<Metric> metrics;
    private final List<Metric> comparedOn;

    Predictor(String key, String label, String description, List<Metric> metrics, List<Metric> comparedOn) {
        this.key = key;
        this.label = label;
        this.description = description;
        this.metrics = metrics;
        this.comparedOn = comparedOn;
    }

    /**
     * Machine name (metrics.json): {@code model}, {@code top_pose}, {@code train_mean}, {@code heavy_atoms},
     * {@code dock_score}.
     */
    public String key() {
        return key;
    }

    /** Short human name for tables and legends. */
    public String label() {
        return label;
    }

    /** One sentence saying what the predictor is. */
    public String description() {
        return description;
    }

    /** The metrics computed for it. */
    public List<Metric> metrics() {
        return metrics;
    }

    /** The metrics on which the model is compared with it by a paired bootstrap (empty for the model itself). */
    public List<Metric> comparedOn() {
        return comparedOn;
    }
}
