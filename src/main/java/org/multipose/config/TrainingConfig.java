package org.multipose.config;

import java.util.List;
import java.util.Objects;
import org.multipose.combination.GradientRoute;

/**
 * A training run's configuration: one YAML file (plus {@code --set} overrides) read by {@link ConfigLoader}.
 * Every section is an immutable record with defaults; keys are the components' names in snake_case. Paths are
 * absolute after loading (resolved relative to the config file's directory). docs/config-reference.md and
 * {@code configs/reference.yaml} are generated from these records.
 *
 * @param seed     seed from which every random stream of the run derives
 * @param threads  intra-op threads for DJL and for gridding (when twice this fits in the cores, the batched route
 *                 grids the next compound in the background)
 * @param device   where the model runs
 * @param data     the training data
 * @param loss     the loss terms (weights normalised to sum to 1)
 */
public record TrainingConfig(
        @Doc("seed from which every random stream of the run derives") long seed,
        @Range(min = 1) @Doc("intra-op threads for DJL and for gridding; if twice this fits in the cores, the next"
                + " compound is gridded in the background") int threads,
        @Doc("where the model runs") Device device,
        @Required @Doc("training data: a prepared dataset, or the inputs to prepare one") DataConfig data,
        @Doc("train / validation / test split by compound") SplitConfig split,
        @Doc("density grid (MATH.md §1)") GridSpec grid,
        @Doc("training-time pose augmentation") AugmentConfig augment,
        @Doc("per-pose network") ModelConfig model,
        @Doc("per-pose → per-compound combination (MATH.md §2)") CombinationConfig combination,
        @OneOf({"dictionary", "batched"}) @Doc("gradient route: per-pose dictionaries or one batched backward")
                GradientRoute backward,
        @Doc("free energy → assay unit (MATH.md §3)") ReadoutConfig readout,
        @Size(min = 1) @Doc("loss terms (MATH.md §4); weights normalised to sum to 1") List<LossConfig> loss,
        @Doc("optimiser") OptimizerConfig optimizer,
        @Doc("learning-rate schedule") ScheduleConfig schedule,
        @Doc("training loop") LoopConfig training,
        @Doc("how the run's predictions are scored") EvaluationConfig evaluation,
        @Doc("where the run is written") OutputConfig output) {

    public TrainingConfig {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(augment, "augment");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(combination, "combination");
        Objects.requireNonNull(backward, "backward");
        Objects.requireNonNull(readout, "readout");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(output, "output");
        loss = List.copyOf(loss);
        if (loss.isEmpty()) {
            throw new ConfigProblem("loss", "needs at least one term, e.g. [{kind: mse}]");
        }
        double total = 0;
        for (LossConfig l : loss) {
            total += l.weight();
        }
        if (!(total > 0)) {
            throw new ConfigProblem("loss", "the weights sum to 0; give at least one term a positive weight");
        }
        if (training.epochs() == 0 && model.pretrained().isEmpty()) {
            throw new ConfigProblem("training", "epochs: 0 (zero-shot: predict with pretrained weights as they are)"
                    + " needs model.pretrained; train at least 1 epoch");
        }
        if (optimizer.pretrainedLr().isPresent() && model.pretrained().isEmpty()) {
            throw new ConfigProblem("optimizer", "pretrained_lr only applies with model.pretrained; drop it or set"
                    + " model.pretrained");
        }
    }

    /** This config with another {@code model} section. */
    public TrainingConfig withModel(ModelConfig m) {
        return new TrainingConfig(seed, threads, device, data, split, grid, augment, m, combination, backward, readout,
                loss, optimizer, schedule, training, evaluation, output);
    }

    /** This config with another {@code training} section. */
    public TrainingConfig withTraining(LoopConfig t) {
        return new TrainingConfig(seed, threads, device, data, split, grid, augment, model, combination, backward,
                readout, loss, optimizer, schedule, t, evaluation, output);
    }

    /** The seed of the split: {@code split.seed} when given, else the run seed. */
    public long splitSeed() {
        return split.seed().orElse(seed);
    }

    /** The loss weights normalised to sum to 1, in the order of {@link #loss()}. */
    public double[] normalisedLossWeights() {
        double total = 0;
        for (LossConfig l : loss) {
            total += l.weight();
        }
        double[] w = new double[loss.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = loss.get(i).weight() / total;
        }
        return w;
    }

    /** Every key at its default, training on {@code data}. */
    public static TrainingConfig defaults(DataConfig data) {
        return new TrainingConfig(42L, 2, Device.CPU, data, SplitConfig.defaults(), GridSpec.defaults(),
                AugmentConfig.defaults(), ModelConfig.defaults(), CombinationConfig.defaults(), GradientRoute.DICTIONARY,
                ReadoutConfig.defaults(), List.of(LossConfig.of(LossConfig.Kind.MSE)), OptimizerConfig.defaults(),
                ScheduleConfig.defaults(), LoopConfig.defaults(), EvaluationConfig.defaults(), OutputConfig.defaults());
    }

    /** Defaults for the loader; {@code data} is required, so its value here is a placeholder. */
    static TrainingConfig defaults() {
        return defaults(DataConfig.defaults());
    }
}
