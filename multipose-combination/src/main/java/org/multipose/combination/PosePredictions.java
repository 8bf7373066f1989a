package org.multipose.combination;

/** Input checks shared by the combinations. */
final class PosePredictions {

    private PosePredictions() {
    }

    /** Fails on an empty array or a NaN/infinite prediction, naming the pose (0-based) and the value. */
    static void check(double[] predictions) {
        if (predictions.length == 0) {
            throw new IllegalArgumentException("no pose predictions: a compound needs at least one pose");
        }
        for (int i = 0; i < predictions.length; i++) {
            if (!Double.isFinite(predictions[i])) {
                throw new IllegalArgumentException("pose " + i + " of " + predictions.length + ": prediction is "
                        + predictions[i] + "; every pose prediction must be a finite free energy in kT"
                        + " (check the model's output and its input grid for that pose)");
            }
        }
    }
}
