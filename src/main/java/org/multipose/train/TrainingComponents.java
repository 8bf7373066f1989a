package org.multipose.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.multipose.base.InputException;
import org.multipose.combination.Combination;
import org.multipose.combination.PoseLogits;
import org.multipose.config.CombinationConfig;
import org.multipose.config.EarlyStoppingConfig;
import org.multipose.config.GridSpec;
import org.multipose.config.LossConfig;
import org.multipose.config.ModelConfig;
import org.multipose.config.OptimizerConfig;
import org.multipose.config.ScheduleConfig;
import org.multipose.config.TrainingConfig;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;
import org.multipose.train.loss.LossNeeds;
import org.multipose.train.loss.LossTerm;
import org.multipose.train.loss.Losses;
import org.multipose.train.loss.WeightedLoss;
import org.multipose.train.optim.Adam;
import org.multipose.train.optim.BestWithPatience;
import org.multipose.train.optim.BurnIn;
import org.multipose.train.optim.ConstantLr;
import org.multipose.train.optim.Converged;
import org.multipose.train.optim.CosineLr;
import org.multipose.train.optim.GradientClipping;
import org.multipose.train.optim.LrSchedule;
import org.multipose.train.optim.Optimizer;
import org.multipose.train.optim.ReduceOnPlateau;
import org.multipose.train.optim.Sgd;
import org.multipose.train.optim.StepLr;
import org.multipose.train.optim.StoppingRule;

/**
 * Builds a run's components from its config: combination, loss, optimizer, schedule, stopping rule, model and grid
 * specs. Settings the components refuse become {@link InputException}s naming the config key.
 */
public final class TrainingComponents {

    private TrainingComponents() {
    }

    /** The combination of {@code combination}. */
    public static Combination combination(CombinationConfig c) {
        return keyed("combination", () -> Combinations.create(c));
    }

    /** The weighted loss of the config's terms (weights normalised to sum to 1). */
    public static LossTerm loss(List<LossConfig> terms) {
        List<WeightedLoss.Term> out = new ArrayList<>();
        for (int k = 0; k < terms.size(); k++) {
            LossConfig l = terms.get(k);
            LossTerm t = keyed("loss[" + k + "]", () -> Losses.create(l));
            out.add(new WeightedLoss.Term(t, l.weight()));
        }
        return new WeightedLoss(out);
    }

    /** What the config's loss terms need from the data, as the terms declare it ({@link LossTerm#needs()}). */
    public static LossNeeds needs(List<LossConfig> terms) {
        LossNeeds out = LossNeeds.NONE;
        for (int k = 0; k < terms.size(); k++) {
            LossConfig l = terms.get(k);
            out = out.and(keyed("loss[" + k + "]", () -> Losses.create(l)).needs());
        }
        return out;
    }

    /** The terms that read each pose's RMSD, named for a message: e.g. "loss[1] (pose_ce)". */
    public static List<String> rmsdTerms(List<LossConfig> terms) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < terms.size(); k++) {
            LossConfig l = terms.get(k);
            if (keyed("loss[" + k + "]", () -> Losses.create(l)).needs().rmsd()) {
                out.add("loss[" + k + "] (" + l.kind().name().toLowerCase(Locale.ROOT) + ")");
            }
        }
        return out;
    }

    /**
     * The pose score holding RMSDs, when a term needs one ({@link LossNeeds#rmsd()}: pose_ce, hinge, pose_class).
     *
     * @throws InputException when two such terms name different tags
     */
    public static Optional<String> rmsdTag(List<LossConfig> terms) {
        Optional<String> tag = Optional.empty();
        for (int k = 0; k < terms.size(); k++) {
            LossConfig l = terms.get(k);
            if (keyed("loss[" + k + "]", () -> Losses.create(l)).needs().rmsd()) {
                if (tag.isPresent() && !tag.get().equals(l.rmsdTag())) {
                    throw new InputException("loss[" + k + "].rmsd_tag: '" + l.rmsdTag() + "' differs from '"
                            + tag.get() + "' of an earlier pose loss; use one RMSD tag for all pose losses");
                }
                tag = Optional.of(l.rmsdTag());
            }
        }
        return tag;
    }

    /** Our optimizer for {@code optimizer}, clipping by global norm when {@code clip_norm} > 0. */
    public static Optimizer optimizer(OptimizerConfig o) {
        return optimizer(o, Map.of());
    }

    /**
     * Our optimizer for {@code optimizer} with per-parameter learning-rate factors ({@link #lrFactors}), clipping by
     * global norm when {@code clip_norm} > 0.
     */
    public static Optimizer optimizer(OptimizerConfig o, Map<String, Double> lrFactors) {
        GradientClipping clip = GradientClipping.byNorm(o.clipNorm());
        return keyed("optimizer", () -> switch (o.kind()) {
            case ADAM -> new Adam(new Adam.Settings(o.betas().get(0), o.betas().get(1), o.eps(), o.weightDecay(),
                    false), clip, lrFactors);
            case ADAMW -> new Adam(new Adam.Settings(o.betas().get(0), o.betas().get(1), o.eps(), o.weightDecay(),
                    true), clip, lrFactors);
            case SGD -> new Sgd(new Sgd.Settings(o.momentum(), 0, o.nesterov(), o.weightDecay()), clip, lrFactors);
        });
    }

    /**
     * The learning-rate factors of a member's trainable parameters: {@code optimizer.pretrained_lr / optimizer.lr}
     * for those loaded from {@code model.pretrained} (all but the re-initialised ones), none otherwise (factor 1).
     */
    public static Map<String, Double> lrFactors(TrainingConfig c, ModelSpec spec, Set<String> trainable) {
        if (c.model().pretrained().isEmpty() || c.optimizer().pretrainedLr().isEmpty()) {
            return Map.of();
        }
        double factor = c.optimizer().pretrainedLr().get() / c.optimizer().lr();
        Set<String> fresh = PretrainedStart.reinit(c, spec);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : trainable) {
            if (!fresh.contains(name)) {
                out.put(name, factor);
            }
        }
        return out;
    }

    /**
     * Whether the pose head's logits take part: as the combination's prior ({@code combination.pose_prior}), for a
     * loss on them ({@code pose_class}), or not at all.
     */
    public static PoseLogits poseLogits(TrainingConfig c) {
        if (c.combination().posePrior()) {
            return PoseLogits.PRIOR;
        }
        for (LossConfig l : c.loss()) {
            if (l.kind() == LossConfig.Kind.POSE_CLASS) {
                return PoseLogits.LOSS;
            }
        }
        return PoseLogits.NONE;
    }

    /**
     * The parameters of a member's network that are not trained: those {@code model.freeze} names, and the pose head
     * when nothing uses it (neither the prior nor a pose loss reads its logits, so it would get no gradient).
     */
    public static Set<String> frozen(TrainingConfig c, ModelSpec spec) {
        Set<String> out = new LinkedHashSet<>(PretrainedStart.selectIn(c.model().freeze(), spec));
        if (spec.poseHead() && poseLogits(c) == PoseLogits.NONE) {
            out.add("pose_output.weight");
            out.add("pose_output.bias");
        }
        return out;
    }

    /**
     * Checks that something is trained: at least one parameter not frozen that reaches the loss (the affinity head's
     * path, or the pose head's when the logits are used).
     *
     * @throws InputException naming model.freeze and what to do
     */
    static void requireTrainable(TrainingConfig c, ModelSpec spec, Set<String> frozen) {
        if (c.training().epochs() == 0) {
            return;
        }
        boolean logits = poseLogits(c) != PoseLogits.NONE;
        for (String name : PoseModel.parameterNames(spec)) {
            boolean poseHead = name.startsWith("pose_output.");
            if (!frozen.contains(name) && (!poseHead || logits)) {
                return;
            }
        }
        throw new InputException("model.freeze: every parameter of " + spec.architecture() + " that reaches the loss"
                + " is frozen, so there is nothing to train; freeze fewer layers, or set training.epochs: 0 to"
                + " predict with the pretrained weights as they are");
    }

    /**
     * Member {@code member}'s network (1-based): the pretrained entry's for {@code model.pretrained} (per member: an
     * ensemble such as gnina:default mixes networks), else {@code model.architecture} for {@code channels} input
     * channels on the config's grid, with a pose head when its logits are used.
     *
     * @throws InputException for dropout (the networks have no dropout layer) or a grid below 8 points per side
     */
    public static ModelSpec model(TrainingConfig c, int member, int channels) {
        if (c.model().dropout() != 0) {
            throw new InputException("model.dropout: " + c.model().dropout() + " is not supported (the per-pose"
                    + " networks have no dropout layer, and the batched route needs a deterministic model); set it"
                    + " to 0");
        }
        if (c.model().pretrained().isPresent()) {
            return PretrainedStart.spec(c, member);
        }
        boolean poseHead = poseLogits(c) != PoseLogits.NONE;
        ModelConfig m = c.model();
        GridSpec grid = c.grid();
        String arch = m.architecture().name().toLowerCase(java.util.Locale.ROOT);
        List<Integer> widths = m.widths().orElse(ModelSpec.defaultWidths(arch));
        return keyed("model", () -> new ModelSpec(arch, channels, grid.pointsPerSide(), widths, poseHead));
    }

    /** The learning-rate schedule over {@code epochs} epochs starting at {@code lr}. */
    public static LrSchedule schedule(ScheduleConfig s, double lr, int epochs) {
        if (s.warmupEpochs() > 0 && s.kind() != ScheduleConfig.Kind.COSINE) {
            throw new InputException("schedule.warmup_epochs: only the cosine schedule has a warm-up (kind is "
                    + s.kind().name().toLowerCase(java.util.Locale.ROOT) + "); set it to 0 or use kind: cosine");
        }
        return keyed("schedule", () -> switch (s.kind()) {
            case CONSTANT -> new ConstantLr(lr);
            case STEP -> new StepLr(lr, s.gamma(), s.stepSize());
            case COSINE -> new CosineLr(lr, s.minLr(), epochs, s.warmupEpochs());
            case PLATEAU -> new ReduceOnPlateau(lr, s.factor(), s.patience(), s.threshold(),
                    ReduceOnPlateau.ThresholdMode.RELATIVE, s.cooldown(), s.minLr());
        });
    }

    /** The early-stopping rule, empty for {@code none}; a burn-in wraps it when {@code burn_in} > 0. */
    public static Optional<StoppingRule> stopping(EarlyStoppingConfig e) {
        if (e.kind() == EarlyStoppingConfig.Kind.NONE) {
            return Optional.empty();
        }
        StoppingRule rule = keyed("training.early_stopping", () -> e.kind() == EarlyStoppingConfig.Kind.BEST
                ? new BestWithPatience(e.patience()) : new Converged(e.window(), e.threshold()));
        return Optional.of(e.burnIn() > 0 ? new BurnIn(e.burnIn(), rule) : rule);
    }

    private static <T> T keyed(String key, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new InputException(key + ": " + e.getMessage(), e);
        }
    }
}
