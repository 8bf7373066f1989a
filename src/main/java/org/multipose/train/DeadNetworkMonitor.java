package org.multipose.train;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.multipose.combination.CombinationResult;

/**
 * Catches a network that died while training: every ReLU off for every input, so the output is its last bias — one
 * value for every pose — and no gradient reaches a weight (it never recovers; the training loss then stays the same
 * to many digits, epoch after epoch). A too large learning rate or an unlucky initialisation does it.
 *
 * <p><b>Rule.</b> Within an epoch the evidence is every set of predictions made with the same parameters: the
 * per-pose predictions y_i of each training batch (all poses of its compounds, before the batch's update) and the
 * validation predictions. An epoch is <i>constant</i> when it had at least one such set of two or more predictions
 * and in every set the spread max − min was at most {@value #TOLERANCE} kT (relative to max(1, |y|)) — float32 noise,
 * while a live network's predictions for different poses differ by far more. A member stops after
 * {@code training.dead_network_epochs} consecutive constant epochs, the reason naming the cause and what to change.
 * The count is kept in checkpoints, so a resumed run stops where an uninterrupted one would.
 */
final class DeadNetworkMonitor {

    /** Largest spread, relative to max(1, |y|), that counts as one value. */
    static final double TOLERANCE = 1e-5;

    private static final String EPOCHS_KEY = "dead_network_constant_epochs";
    private static final String VALUE_KEY = "dead_network_value";

    private final int patience;
    private int constantEpochs;
    private double value;
    // the running epoch
    private boolean evidence;
    private boolean constant = true;
    private double epochValue = Double.NaN;

    /** @param patience consecutive constant epochs that stop a member; 0 = never */
    DeadNetworkMonitor(int patience) {
        this.patience = patience;
    }

    /**
     * Per-pose predictions made with the same parameters: one training batch's, or one validation pass's (per pose,
     * not combined: a smooth minimum of N equal values moves with N).
     */
    void batch(List<CombinationResult> results) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (CombinationResult r : results) {
            for (int i = 0; i < r.poseCount(); i++) {
                lo = Math.min(lo, r.prediction(i));
                hi = Math.max(hi, r.prediction(i));
                n++;
            }
        }
        observe(lo, hi, n);
    }

    private void observe(double lo, double hi, int n) {
        if (n < 2) {
            return;
        }
        evidence = true;
        if (hi - lo > TOLERANCE * Math.max(1, Math.max(Math.abs(lo), Math.abs(hi)))) {
            constant = false;
        } else if (Double.isNaN(epochValue)) {
            epochValue = lo;
        }
    }

    /** Closes the epoch; true when the member should stop as dead. */
    boolean endEpoch() {
        boolean dead = evidence && constant;
        constantEpochs = dead ? constantEpochs + 1 : 0;
        value = dead ? epochValue : 0; // 0, not NaN: checkpoints are JSON
        evidence = false;
        constant = true;
        epochValue = Double.NaN;
        return patience > 0 && constantEpochs >= patience;
    }

    /**
     * Why the member stopped, and what to change: {@value Trainer#DEAD_NETWORK} ... .
     *
     * @param epoch the last epoch (1-based)
     */
    String reason(int epoch, double lr, long seed, double trainLoss) {
        return String.format(Locale.ROOT, "%s after epoch %d: in the last %d epochs every prediction was the same"
                + " value (%.6g kT; training loss %.6g) whatever the pose: the network's ReLUs are off for every input"
                + " (dead ReLUs), so no gradient reaches its weights and it predicts a constant; start a new run with"
                + " a lower optimizer.lr (now %s), another seed (now %d) or a warm-up (schedule.warmup_epochs)",
                Trainer.DEAD_NETWORK, epoch, constantEpochs, value, trainLoss, lr, seed);
    }

    /** The counters, for a checkpoint. */
    Map<String, Double> save() {
        Map<String, Double> m = new TreeMap<>();
        m.put(EPOCHS_KEY, (double) constantEpochs);
        m.put(VALUE_KEY, value);
        return m;
    }

    /** Restores the counters (a checkpoint without them starts at 0). */
    void restore(Map<String, Double> saved) {
        constantEpochs = (int) (double) saved.getOrDefault(EPOCHS_KEY, 0.0);
        value = saved.getOrDefault(VALUE_KEY, 0.0);
    }
}
