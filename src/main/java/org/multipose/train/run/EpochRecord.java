package org.multipose.train.run;

import java.util.Map;

/**
 * One epoch of one ensemble member, as written to {@code metrics.jsonl}.
 *
 * @param member          ensemble member, 1-based
 * @param epoch           1-based epoch number
 * @param learningRate    the epoch's learning rate
 * @param trainLoss       mean loss over the epoch's training compounds (with augmentation, as trained)
 * @param valLoss         mean loss over the validation compounds (no augmentation); NaN when not evaluated
 * @param valMetrics      validation metrics by name (pK units, uncensored labels); empty when not evaluated
 * @param trainCompounds  training compounds in the epoch
 * @param valCompounds    validation compounds evaluated (0 when not evaluated)
 * @param valCensored     of those, censored labels (left out of the metrics)
 * @param seconds         wall time of the epoch including validation, s
 * @param posesPerSecond  training poses per second of training time (validation excluded)
 * @param best            whether this epoch is the best so far (lowest monitored loss)
 */
public record EpochRecord(int member, int epoch, double learningRate, double trainLoss, double valLoss,
        Map<String, Double> valMetrics, int trainCompounds, int valCompounds, int valCensored, double seconds, double posesPerSecond,
        boolean best) {

    public EpochRecord {
        valMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(valMetrics));
    }
}
