package org.multipose.train;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.multipose.combination.CombinationResult;
import org.multipose.config.EarlyStoppingConfig;
import org.multipose.train.optim.SavedState;
import org.multipose.train.optim.StoppingRule;

/**
 * Everything that ends a member's training, asked once per epoch: a dead network ({@link DeadNetworkMonitor}, which
 * also sees every batch's predictions), the early-stopping rule (training.early_stopping), and the epoch count.
 * Saved in a checkpoint as one {@link SavedState}: the rule's values with the dead-network counters beside them.
 */
final class StopConditions {

    private final Optional<StoppingRule> rule;
    private final EarlyStoppingConfig.Kind ruleKind;
    private final DeadNetworkMonitor dead;
    private final int epochs;
    private final long seed;

    /**
     * @param rule     early stopping (empty: none)
     * @param ruleKind its config kind, for the stop reason
     * @param deadEpochs training.dead_network_epochs
     * @param epochs   training.epochs
     * @param seed     the run seed, named in a dead network's reason
     */
    StopConditions(Optional<StoppingRule> rule, EarlyStoppingConfig.Kind ruleKind, int deadEpochs, int epochs,
            long seed) {
        this.rule = rule;
        this.ruleKind = ruleKind;
        this.dead = new DeadNetworkMonitor(deadEpochs);
        this.epochs = epochs;
        this.seed = seed;
    }

    /** Predictions made with one set of parameters (a training batch before its update, or the validation pass). */
    void observe(List<CombinationResult> results) {
        dead.batch(results);
    }

    /**
     * Closes epoch {@code epoch} (1-based).
     *
     * @param monitored    whether the monitored loss was measured this epoch
     * @param loss         the monitored loss (ignored when not measured)
     * @param bestEpoch    the best epoch so far, named in the reason
     * @param lr           the epoch's learning rate and {@code trainLoss} its training loss, named if the network died
     * @return why the member stops now; empty to go on
     */
    Optional<String> endEpoch(int epoch, boolean monitored, double loss, int bestEpoch, double lr, double trainLoss) {
        boolean early = monitored && rule.isPresent() && rule.get().update(loss);
        if (dead.endEpoch()) {
            return Optional.of(dead.reason(epoch, lr, seed, trainLoss));
        }
        if (early) {
            return Optional.of("early stopping (" + ruleKind.name().toLowerCase(Locale.ROOT) + ") after epoch "
                    + epoch + "; best epoch " + bestEpoch);
        }
        if (epoch >= epochs) {
            return Optional.of("all " + epochs + " epochs done; best epoch " + bestEpoch);
        }
        return Optional.empty();
    }

    /** The early-stopping state with the dead-network counters beside it (kind "none" without a rule). */
    SavedState saveState() {
        SavedState base = rule.map(StoppingRule::saveState).orElse(new SavedState("none", Map.of()));
        Map<String, Double> values = new TreeMap<>(base.values());
        values.putAll(dead.save());
        return new SavedState(base.kind(), values);
    }

    void restoreState(SavedState saved) {
        rule.ifPresent(r -> r.restoreState(saved));
        dead.restore(saved.values());
    }
}
