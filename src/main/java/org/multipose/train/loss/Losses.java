package org.multipose.train.loss;

import java.util.Locale;
import java.util.function.Function;
import org.multipose.config.LossConfig;
import org.multipose.config.Registry;

/**
 * The loss terms by kind ({@code loss[].kind}): the one place a config entry becomes a {@link LossTerm}. A term
 * declares what it needs from the data ({@link LossTerm#needs()}); the trainer checks that, not the kind. Adding a
 * loss: its class plus one {@code .with(...)} line in {@link #REGISTRY} (and, for a config kind, its constant in
 * {@link LossConfig.Kind}).
 */
public final class Losses {

    /** RMSD floor of the inverse-RMSD pose target, Å. */
    static final double RMSD_FLOOR = 0.1;

    /** The loss terms; one line per kind (its YAML name), each making a term from its config entry. */
    public static final Registry<Function<LossConfig, LossTerm>> REGISTRY =
            new Registry<Function<LossConfig, LossTerm>>("loss kind")
                    .with("mse", l -> new MseLoss())
                    .with("censored_mse", l -> new CensoredMseLoss())
                    .with("gaussian_nll", l -> new GaussianNllLoss(0, l.sigmaMin()))
                    .with("range", l -> new RangePenalty(l.lower(), l.upper()))
                    .with("pose_ce", l -> new PoseCrossEntropy(l.kt(), l.label() == LossConfig.PoseLabel.ONE_HOT
                            ? PoseCrossEntropy.Target.ONE_HOT : PoseCrossEntropy.Target.INVERSE_RMSD, RMSD_FLOOR))
                    .with("hinge", l -> new PoseHinge(l.rmsdThreshold()))
                    .with("pose_class", l -> new PoseClassLoss(l.rmsdThreshold()));

    private Losses() {
    }

    /** The term of a config entry (its kind's registry entry applied to it). */
    public static LossTerm create(LossConfig entry) {
        return create(entry.kind().name().toLowerCase(Locale.ROOT), entry);
    }

    /**
     * The term registered as {@code kind}, made from {@code entry}'s settings.
     *
     * @throws IllegalArgumentException when no term is registered under that name
     */
    public static LossTerm create(String kind, LossConfig entry) {
        return REGISTRY.find(kind).orElseThrow(() -> new IllegalArgumentException("no loss registered as '" + kind
                + "' (registered: " + String.join(", ", REGISTRY.names()) + ")")).apply(entry);
    }
}
