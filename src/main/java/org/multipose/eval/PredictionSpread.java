package org.multipose.eval;

import java.util.Locale;
import java.util.Optional;

/**
 * How much a model's predictions vary against how much the labels do, on the compounds a group scores: a model that
 * predicts (nearly) one value for everything can still show a correlation — ties broken by noise, or a pooled
 * correlation made by two targets' offsets — so the report puts the two standard deviations side by side and flags
 * a prediction SD below {@value #NEAR_CONSTANT_FRACTION} of the label SD.
 *
 * @param n            compounds (exact labels)
 * @param predictionSd sample standard deviation (n − 1) of the predicted pK
 * @param labelSd      sample standard deviation of the measured pK
 */
public record PredictionSpread(int n, double predictionSd, double labelSd) {

    /** Below this fraction of the label SD the predictions count as nearly constant. */
    public static final double NEAR_CONSTANT_FRACTION = 0.10;

    /** The spread of two or more paired values; empty for fewer. */
    public static Optional<PredictionSpread> of(double[] predicted, double[] measured) {
        if (predicted.length < 2) {
            return Optional.empty();
        }
        return Optional.of(new PredictionSpread(predicted.length, sd(predicted), sd(measured)));
    }

    /** Prediction SD over label SD; NaN when the labels do not vary. */
    public double ratio() {
        return labelSd > 0 ? predictionSd / labelSd : Double.NaN;
    }

    /** True when the predictions vary by less than {@value #NEAR_CONSTANT_FRACTION} of the labels. */
    public boolean nearConstant() {
        return labelSd > 0 && predictionSd < NEAR_CONSTANT_FRACTION * labelSd;
    }

    /** "prediction SD 0.012 vs label SD 1.05 (1 %)". */
    public String describe() {
        return String.format(Locale.ROOT, "prediction SD %.3g vs label SD %.3g (%s)", predictionSd, labelSd,
                Double.isNaN(ratio()) ? "labels constant" : String.format(Locale.ROOT, "%.0f %%", 100 * ratio()));
    }

    private static double sd(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (v.length - 1));
    }
}
