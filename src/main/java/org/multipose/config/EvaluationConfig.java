package org.multipose.config;

/**
 * How a run's predictions are scored at the end of training (YAML section {@code evaluation}); {@code evaluate}
 * takes it as its default, and {@code --pooled} of {@code evaluate} and {@code report} asks for pooling.
 *
 * @param pooled also score the compounds of several targets pooled together (labelled "pooled"); the headline of a
 *               multi-target split is per target and their mean either way
 */
public record EvaluationConfig(
        @Doc("also score several targets' compounds pooled together, labelled pooled (the headline of a"
                + " multi-target split is per target and their mean)") boolean pooled) {

    public static EvaluationConfig defaults() {
        return new EvaluationConfig(false);
    }
}
