package org.multipose.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntToLongFunction;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.Readout;
import org.multipose.config.ConfigLoader;
import org.multipose.config.GridSpec;
import org.multipose.config.InputException;
import org.multipose.config.ScheduleConfig;
import org.multipose.config.TrainingConfig;
import org.multipose.data.AffinityLabel;
import org.multipose.data.CompoundKey;
import org.multipose.data.CompoundPoses;
import org.multipose.data.CompoundRecord;
import org.multipose.data.Dataset;
import org.multipose.data.DatasetFingerprint;
import org.multipose.data.PoseRecord;
import org.multipose.data.ReceptorRecord;
import org.multipose.data.Split;
import org.multipose.data.SplitAssignment;
import org.multipose.model.LayerPattern;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;

/**
 * The training loop of a run (docs/guide/training.md): split the labelled compounds, then for each ensemble member, for
 * each epoch, shuffle the training compounds (order from {@code derive(member seed, "shuffle", epoch)}), step through
 * them in batches ({@link BatchStep}: exact mean gradient, one optimizer update), validate every
 * {@code eval_every} epochs (loss and metrics, no augmentation, no backward), step the learning-rate schedule
 * (reduce-on-plateau on the validation loss), apply early stopping, append the epoch to {@code metrics.jsonl} and
 * write a checkpoint ({@link Checkpoint}) at the end of every epoch and, with {@code checkpoint_every} K &gt; 0, at the
 * first batch boundary after every K compounds.
 *
 * <p><b>Exact resume.</b> Every random stream derives from the run seed ({@link CheckpointState.SeedInfo}); a
 * checkpoint holds the weights, the optimizer's slots and scalars, the schedule and stopping states, the position in
 * the epoch (a batch boundary) and the epoch's running loss sums, so {@link #resume} continues to the same weights,
 * bit for bit, as an uninterrupted run with the same thread count.
 *
 * <p><b>Divergence.</b> A NaN or infinite prediction, loss or gradient norm stops the run with a
 * {@link TrainingDivergedException} naming the compound and the last good checkpoint, which is left as it was.
 */
public final class Trainer {

    /** How the stop reason of a member whose network died begins ({@link DeadNetworkMonitor}). */
    public static final String DEAD_NETWORK = "dead network";

    private final TrainingConfig config;
    private final Path datasetDir;
    private final RunDirectory run;
    private final boolean resume;
    private final ValidationScorer scorer;
    private final TrainingListener listener;

    private Trainer(TrainingConfig config, Path datasetDir, RunDirectory run, boolean resume, ValidationScorer scorer,
            TrainingListener listener) {
        this.config = config;
        this.datasetDir = datasetDir;
        this.run = run;
        this.resume = resume;
        this.scorer = scorer;
        this.listener = listener;
    }

    /**
     * A new run in {@code run} (an empty directory) on the dataset in {@code datasetDir}.
     *
     * @param scorer   validation metrics (e.g. {@code ValidationMetrics} from eval)
     * @param listener progress
     */
    public static Trainer start(TrainingConfig config, Path datasetDir, RunDirectory run, ValidationScorer scorer,
            TrainingListener listener) {
        return new Trainer(config, datasetDir, run, false, scorer, listener);
    }

    /**
     * Continues the run in {@code run} from each member's last checkpoint, with the run's own config.
     *
     * @param datasetDir the dataset (the run's {@code dataset/} when it prepared one, else the config's)
     */
    public static Trainer resume(RunDirectory run, Path datasetDir, ValidationScorer scorer,
            TrainingListener listener) {
        TrainingConfig config = ConfigLoader.load(run.config(), List.of());
        return new Trainer(config, datasetDir, run, true, scorer, listener);
    }

    /** The dataset a run trains on: its own {@code dataset/} when the config prepares one, else data.dataset. */
    public static Path datasetOf(TrainingConfig config, RunDirectory run) {
        return config.data().dataset().orElse(run.dataset());
    }

    public TrainingConfig config() {
        return config;
    }

    /** Everything the members share. */
    private record Context(Dataset dataset, GridSpec grid, List<ModelSpec> models, LossTerm loss,
            Optional<String> rmsdTag,
            LabelReadouts readouts, SplitAssignment split, List<CompoundKey> train, List<CompoundKey> val,
            String fingerprint, CheckpointState.TypingInfo typing, GridSpec gridInfo,
            String configYaml, EngineThreads.Counts threads) {

        /** Member {@code m}'s network (1-based). */
        ModelSpec model(int m) {
            return models.get(m - 1);
        }
    }

    /**
     * The checks that need no data (device, an affinity table to prepare, model, grid, loss, optimizer, schedule,
     * early stopping), so a command can refuse a config before it prepares a dataset or creates a run directory.
     *
     * @throws InputException naming the key
     */
    public static void validate(TrainingConfig config) {
        if (!config.device().isCpu()) {
            int gpus = ai.djl.engine.Engine.getInstance().getGpuCount();
            throw new InputException("device: " + config.device() + " requested, but " + (gpus == 0
                    ? "the engine sees no GPU (this build bundles PyTorch's CPU natives)"
                    : "GPU training is not supported by this version") + "; set device: cpu");
        }
        if (config.data().prepare().isPresent() && config.data().prepare().get().affinities().isEmpty()) {
            throw new InputException("data.prepare.affinities is ~ (no affinity table), but training needs labels;"
                    + " give the affinity table (CSV)");
        }
        if (config.model().pretrained().isPresent()) {
            PretrainedStart.validate(config);
        }
        int members = config.model().pretrained().isPresent() ? PretrainedStart.members(config).size() : 1;
        for (int m = 1; m <= members; m++) {
            ModelSpec spec = TrainingComponents.model(config, m, 1);
            if (config.model().pretrained().isEmpty()) {
                try {
                    LayerPattern.select(config.model().freeze().stream().map(LayerPattern::new).toList(),
                            PoseModel.parameterNames(spec), "model.freeze", spec.architecture());
                } catch (IllegalArgumentException e) {
                    throw new InputException(e.getMessage(), e);
                }
            }
            TrainingComponents.requireTrainable(config, spec, TrainingComponents.frozen(config, spec));
        }
        TrainingComponents.combination(config.combination());
        TrainingComponents.loss(config.loss());
        TrainingComponents.rmsdTag(config.loss());
        TrainingComponents.optimizer(config.optimizer()).close();
        TrainingComponents.schedule(config.schedule(), config.optimizer().lr(),
                Math.max(1, config.training().epochs()));
        TrainingComponents.stopping(config.training().earlyStopping());
    }

    /**
     * Trains every member (skipping members whose last checkpoint says they finished).
     *
     * @return one result per member
     * @throws TrainingDivergedException on a NaN or infinite value
     * @throws InputException for a problem with the config, the dataset or a checkpoint
     */
    public List<MemberResult> run() {
        validate(config);
        EngineThreads.Counts threads = EngineThreads.configure(config.threads());
        try (Dataset dataset = Dataset.open(datasetDir, config.data().poseSelection())) {
            if (!dataset.selection().all()) {
                message("pose selection (data.pose_selection): " + dataset.selectionCounts().describe());
            }
            Context ctx = context(dataset, threads);
            ModelSpec first = ctx.model(1);
            message((resume ? "resuming " : "training ") + run.root() + ": " + ctx.train.size() + " train, "
                    + ctx.val.size() + " val, " + ctx.split.members(Split.TEST).size() + " test compounds; model "
                    + config.model().pretrained().map(p -> p + ", ").orElse("") + first.architecture() + " "
                    + first.widths() + " (" + first.parameterCount() + " parameters"
                    + (new LinkedHashSet<>(ctx.models).size() > 1 ? "; members differ: " + describe(ctx.models)
                            : "") + ") on " + ctx.grid.pointsPerSide() + "³ grids of " + first.inputChannels()
                    + " channels; backward " + config.backward().name().toLowerCase(Locale.ROOT) + "; threads "
                    + threads);
            List<MemberResult> out = new ArrayList<>();
            int n = config.training().ensemble();
            for (int m = 1; m <= n; m++) {
                out.add(new MemberRun(ctx, m, n).train());
            }
            return out;
        }
    }

    /** The members' architectures, e.g. "1 dense, 2 default2018, 3 dense, …". */
    private static String describe(List<ModelSpec> models) {
        List<String> out = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            out.add((m + 1) + " " + models.get(m).architecture());
        }
        return String.join(", ", out);
    }

    private Context context(Dataset dataset, EngineThreads.Counts threads) {
        int channels = dataset.metadata().channelNames().size();
        GridSpec grid = config.grid();
        if (config.model().pretrained().isPresent()) {
            PretrainedStart.requireTyping(dataset.metadata(), datasetDir, config.model().pretrained().get());
            if (config.grid().center() != GridSpec.Center.LIGAND && !resume) {
                message("note: grid.center is " + config.grid().center().name().toLowerCase(Locale.ROOT) + "; gnina's"
                        + " networks were trained on grids centred on each pose's own ligand (grid.center: ligand),"
                        + " and they are not translation invariant: on plb-vina a compound-centred frame moved the"
                        + " zero-shot pK of a pose by 0.16 on average (docs/guide/training.md, \"Fine-tuning gnina's"
                        + " pretrained models\")");
            }
        }
        List<ModelSpec> models = new ArrayList<>();
        for (int m = 1; m <= config.training().ensemble(); m++) {
            models.add(TrainingComponents.model(config, m, channels));
        }
        LossTerm loss = TrainingComponents.loss(config.loss());
        Optional<String> rmsdTag = TrainingComponents.rmsdTag(config.loss());
        LabelReadouts readouts = new LabelReadouts(config.readout());
        if (config.schedule().kind() == ScheduleConfig.Kind.PLATEAU && config.training().evalEvery() > 1) {
            message("note: reduce-on-plateau steps only on epochs with a validation pass (every "
                    + config.training().evalEvery() + " epochs)");
        }
        List<CompoundRecord> labelled = new ArrayList<>();
        Set<CompoundKey> unscored = new HashSet<>();
        for (CompoundRecord c : dataset.compounds()) {
            if (c.hasLabel()) {
                labelled.add(c);
            } else {
                unscored.add(c.key());
            }
        }
        unscored.addAll(dataset.compoundsWithoutSelectedPoses()); // a manual split file may name them
        int unlabelled = dataset.compounds().size() - labelled.size();
        if (labelled.isEmpty()) {
            throw new InputException(datasetDir + ": no compound has a label; training needs labelled compounds"
                    + " (check the affinity table's ids against the pose titles)");
        }
        SplitAssignment split;
        if (resume) {
            split = SplitAssignment.read(run.split(), labelled.stream().map(CompoundRecord::key).toList());
        } else {
            split = RunSplit.assign(config.split(), config.splitSeed(), labelled, unscored);
            split.write(run.split());
        }
        List<CompoundKey> train = split.members(Split.TRAIN);
        List<CompoundKey> val = split.members(Split.VAL);
        if (train.isEmpty()) {
            throw new InputException("split: no training compounds (" + split.counts() + "); check split.fractions"
                    + " and the split method");
        }
        List<CompoundKey> checked = new ArrayList<>(train);
        checked.addAll(val);
        if (TrainingComponents.needs(config.loss()).sigma()) {
            requireSigma(dataset, checked);
        }
        if (rmsdTag.isPresent()) {
            requireRmsd(dataset, checked, rmsdTag.get());
        }
        for (String target : dataset.targets()) {
            if (dataset.receptor(target).isEmpty()) {
                throw new InputException(datasetDir + ": no receptor for target '" + target
                        + "'; re-run prepare with a receptor for it");
            }
        }
        if (!resume) {
            try {
                ConfigLoader.write(config, run.config());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + run.config(), e);
            }
            if (unlabelled > 0) {
                message(unlabelled + " unlabelled compounds are not used for training");
            }
        }
        String yaml;
        try {
            yaml = Files.readString(run.config(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + run.config(), e);
        }
        return new Context(dataset, grid, models, loss, rmsdTag, readouts, split, train, val,
                dataset.verifiedFingerprint(), CheckpointState.TypingInfo.of(dataset.metadata()),
                config.grid(), yaml, threads);
    }

    private void requireSigma(Dataset dataset, List<CompoundKey> keys) {
        int missing = 0;
        CompoundKey first = null;
        for (CompoundKey k : keys) {
            AffinityLabel l = dataset.compound(k).orElseThrow().label().orElseThrow();
            if (l.sigmaPk().isEmpty()) {
                missing++;
                first = first == null ? k : first;
            }
        }
        if (missing > 0) {
            throw new InputException("loss gaussian_nll: " + missing + " of " + keys.size() + " train/val labels have"
                    + " no σ (e.g. " + first + "); give the affinity table stderr or CI columns, or use mse /"
                    + " censored_mse instead");
        }
    }

    private void requireRmsd(Dataset dataset, List<CompoundKey> keys, String tag) {
        for (CompoundKey k : keys) {
            for (PoseRecord p : dataset.poses(k)) {
                if (!p.scores().containsKey(tag)) {
                    throw new InputException("loss pose_ce/hinge/pose_class needs the pose score '" + tag
                            + "' (loss[].rmsd_tag),"
                            + " but pose " + p.poseIndex() + " of " + k + " (" + p.sourceFile() + ", record "
                            + p.sourceRecord() + ") has only " + p.scores().keySet() + "; set rmsd_tag to the SD tag"
                            + " holding each pose's RMSD, or drop the pose losses");
                }
            }
        }
    }

    private void message(String line) {
        run.log(line);
        listener.message(line);
    }

    /** The compound's readout and label on its scale (RMSDs from its poses when a pose loss needs them). */
    private static CompoundTarget target(Context ctx, CompoundRecord c, Readout r, List<PoseRecord> poses) {
        return ctx.readouts.target(c.label().orElseThrow(), r, poses, ctx.rmsdTag);
    }

    /** One member's training. */
    private final class MemberRun {
        private final Context ctx;
        private final int member;
        private final int members;
        private final long memberSeed;
        private final Path checkpoints;
        private final Map<CompoundKey, Integer> trainIndex = new LinkedHashMap<>();
        private final LinkedHashSet<String> recent = new LinkedHashSet<>();

        private int epoch;
        private int position;
        private boolean finished;
        private String stopReason = "";
        private double lossSum;
        private int lossCount;
        private long poses;
        private double trainSeconds;
        private int bestEpoch;
        private double bestLoss = Double.POSITIVE_INFINITY;
        private String bestName = "";
        private String lastName = "";
        private final DeadNetworkMonitor dead;

        MemberRun(Context ctx, int member, int members) {
            this.dead = new DeadNetworkMonitor(config.training().deadNetworkEpochs());
            this.ctx = ctx;
            this.member = member;
            this.members = members;
            this.memberSeed = Seeds.derive(config.seed(), "member", member);
            this.checkpoints = run.checkpoints(member, members);
            for (int i = 0; i < ctx.train.size(); i++) {
                trainIndex.put(ctx.train.get(i), i);
            }
        }

        private String who() {
            return members > 1 ? "member " + member + ": " : "";
        }

        MemberResult train() {
            if (resume) {
                List<String> unfinished = Checkpoint.removeUnfinishedWrites(checkpoints);
                if (!unfinished.isEmpty()) {
                    message(who() + "removed " + unfinished.size() + " unfinished checkpoint write(s) left by the"
                            + " interrupted run in " + checkpoints + ": " + String.join(", ", unfinished));
                }
            }
            Optional<Checkpoint> last = resume ? Checkpoint.pointed(checkpoints, Checkpoint.LAST).map(Checkpoint::read)
                    : Optional.empty();
            if (last.isPresent() && last.get().state().finished()) {
                CheckpointState s = last.get().state();
                message(who() + "already finished (" + s.stopReason() + ")");
                Path best = Checkpoint.pointed(checkpoints, Checkpoint.BEST).orElse(last.get().directory());
                return new MemberResult(member, s.epoch(), s.bestEpoch(), s.bestLoss(), s.stopReason(), best,
                        last.get().directory());
            }
            int epochs = config.training().epochs();
            ModelSpec spec = ctx.model(member);
            long initSeed = Seeds.derive(memberSeed, "init");
            Set<String> frozen = TrainingComponents.frozen(config, spec);
            // A resumed member's weights come from its checkpoint; a new one starts from the pretrained file or
            // from Xavier values.
            boolean fromFile = config.model().pretrained().isPresent() && last.isEmpty();
            Set<String> trainable = new LinkedHashSet<>(PoseModel.parameterNames(spec));
            trainable.removeAll(frozen);
            Augmentation augmentation = Augmentation.of(config.augment());
            try (PoseModel model = fromFile ? PretrainedStart.load(config, member, initSeed)
                            : PoseModel.create(spec, initSeed);
                    Optimizer optimizer = TrainingComponents.optimizer(config.optimizer(),
                            TrainingComponents.lrFactors(config, spec, trainable));
                    PoseGridder gridder = new PoseGridder(ctx.grid, spec.inputChannels(),
                            ctx.dataset.metadata().receptorChannels(), GridCenter.of(config.grid()),
                            config.threads());
                    NDManager manager = NDManager.newBaseManager()) {
                LrSchedule schedule = TrainingComponents.schedule(config.schedule(), config.optimizer().lr(),
                        Math.max(1, epochs));
                Optional<StoppingRule> stopping = TrainingComponents.stopping(config.training().earlyStopping());
                model.freeze(frozen);
                if (last.isPresent()) {
                    restore(last.get(), model, optimizer, schedule, stopping);
                } else {
                    if (fromFile) {
                        message(who() + "starts from " + config.model().pretrained().get() + " member "
                                + PretrainedStart.members(config).get(member - 1) + " ("
                                + PretrainedStart.file(config, member) + ")"
                                + (PretrainedStart.reinit(config, spec).isEmpty() ? "" : "; re-initialised: "
                                        + String.join(", ", LayerPattern.layers(PretrainedStart.reinit(config,
                                                spec)))));
                    }
                    // A pretrained affinity head already predicts on the label scale; only a fresh one starts at
                    // the training labels' mean.
                    if (!fromFile || PretrainedStart.reinit(config, spec).contains("affinity_output.bias")) {
                        model.setAffinityBias(meanLabelKt());
                    }
                    run.truncateMetrics(member, members, 0);
                }
                int cached = cachedStages(model, augmentation);
                if (!frozen.isEmpty() || cached > 0) {
                    message(who() + describeTraining(model, optimizer, trainable, cached, augmentation));
                }
                TrainingStep step = new TrainingStep(model, gridder,
                        TrainingComponents.combination(config.combination()), config.backward(),
                        TrainingComponents.poseLogits(config), cached);
                if (epochs == 0 && !finished) {
                    zeroShot(step, optimizer, schedule, stopping, manager);
                }
                while (!finished) {
                    runEpoch(step, optimizer, schedule, stopping, manager);
                }
            }
            Path lastDir = checkpoints.resolve(lastName);
            Path best = bestName.isEmpty() ? lastDir : checkpoints.resolve(bestName);
            return new MemberResult(member, epoch, bestEpoch, bestLoss, stopReason, best, lastDir);
        }

        /**
         * How many leading stages to keep per pose (0: none): all the frozen ones, when the config allows the cache
         * and nothing is augmented (a kept activation is the pose as docked).
         */
        private int cachedStages(PoseModel model, Augmentation augmentation) {
            int k = model.frozenStages();
            if (!config.training().cacheFrozenTrunk() || !augmentation.isNone() || k == 0) {
                return 0;
            }
            // The kept activations live on the Java heap: estimate them from one pose's, refuse beyond half of it.
            long poses = 0;
            for (CompoundKey key : ctx.train) {
                poses += ctx.dataset.poses(key).size();
            }
            for (CompoundKey key : ctx.val) {
                poses += ctx.dataset.poses(key).size();
            }
            long perPose;
            try (NDManager scratch = NDManager.newBaseManager()) {
                long n = model.spec().gridPoints();
                perPose = model.trunk(scratch.zeros(new ai.djl.ndarray.types.Shape(1, model.spec().inputChannels(),
                        n, n, n), model.dataType()), k).size() * model.dataType().getNumOfBytes();
            }
            long need = perPose * poses;
            long heap = Runtime.getRuntime().maxMemory();
            if (need > heap / 2) {
                message(who() + String.format(Locale.ROOT, "note: the frozen trunk's output would take %.0f MB for"
                        + " %d poses, more than half of the Java heap (%.0f MB): not kept, recomputed every step"
                        + " (raise the heap with JAVA_OPTS=-Xmx...)", need / 1e6, poses, heap / 1e6));
                return 0;
            }
            return k;
        }

        /** One log line: what is frozen and trained, at which learning rates, and whether the trunk is cached. */
        private String describeTraining(PoseModel model, Optimizer optimizer, Set<String> trainable, int cached,
                Augmentation augmentation) {
            long all = model.parameterCount();
            long train = 0;
            for (Map.Entry<String, ai.djl.ndarray.NDArray> e : model.trainableParameters().entrySet()) {
                train += e.getValue().size();
            }
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "training %d of %d parameters (%s)",
                    train, all, String.join(", ", LayerPattern.layers(trainable))));
            if (!model.frozen().isEmpty()) {
                b.append("; frozen: ").append(String.join(", ", LayerPattern.layers(model.frozen())));
            }
            if (config.optimizer().pretrainedLr().isPresent()) {
                b.append(String.format(Locale.ROOT, "; pretrained layers at lr %.3g, others at %.3g",
                        config.optimizer().pretrainedLr().get(), config.optimizer().lr()));
            }
            int frozenStages = model.frozenStages();
            if (cached > 0) {
                b.append("; the first ").append(cached).append(" of ").append(model.stages())
                        .append(" stages are frozen: their output is computed once per pose and kept (trunk cache)");
            } else if (frozenStages > 0) {
                b.append("; the first ").append(frozenStages).append(" stages are frozen but recomputed every step (")
                        .append(!config.training().cacheFrozenTrunk() ? "training.cache_frozen_trunk is false"
                                : "poses are augmented: " + augmentation).append(")");
            }
            return b.toString();
        }

        /**
         * training.epochs: 0 — the pretrained weights as they are: one validation pass for the log, then a checkpoint
         * "epoch-0000" that is both best and last, so prediction and evaluation see a finished run.
         */
        private void zeroShot(TrainingStep step, Optimizer optimizer, LrSchedule schedule,
                Optional<StoppingRule> stopping, NDManager manager) {
            double lr = schedule.learningRate();
            String line = "zero-shot (training.epochs: 0): predicting with the pretrained weights as loaded";
            if (!ctx.val.isEmpty()) {
                Validation v = validate(step, manager, 0, lr);
                StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "; val loss %.4f", v.loss));
                for (Map.Entry<String, Double> m : v.metrics.entrySet()) {
                    b.append(String.format(Locale.ROOT, " %s %.3f", m.getKey(), m.getValue()));
                }
                bestLoss = v.loss;
                line += b;
            }
            finished = true;
            stopReason = "zero-shot: training.epochs is 0, the pretrained weights as loaded";
            message(who() + line);
            checkpoint("epoch-0000", step.model(), optimizer, schedule, stopping, true, lr);
            message(who() + "finished: " + stopReason);
        }

        private double meanLabelKt() {
            double sum = 0;
            int n = 0;
            for (CompoundKey k : ctx.train) {
                CompoundRecord c = ctx.dataset.compound(k).orElseThrow();
                Readout r = ctx.readouts.readout(c.label().orElseThrow());
                CompoundTarget t = ctx.readouts.target(c.label().get(), r, List.of(), Optional.empty());
                if (!t.isCensored()) {
                    sum += r.inverse(t.value());
                    n++;
                }
            }
            return n == 0 ? 0 : sum / n;
        }

        private void restore(Checkpoint cp, PoseModel model, Optimizer optimizer, LrSchedule schedule,
                Optional<StoppingRule> stopping) {
            CheckpointState s = cp.state();
            String where = cp.directory().toString();
            List<String> typing = s.typing().differences(ctx.typing);
            if (!typing.isEmpty()) {
                throw new InputException(where + ": the checkpoint was trained on a dataset with another typing: "
                        + String.join(", ", typing) + " (checkpoint vs dataset " + datasetDir + "); resume on the"
                        + " dataset the run was trained on");
            }
            List<String> grid = s.grid().differences(ctx.gridInfo);
            if (!grid.isEmpty()) {
                throw new InputException(where + ": the checkpoint was trained with another grid: "
                        + String.join(", ", grid) + " (checkpoint vs " + run.config() + "); resume with the grid"
                        + " the run was trained with");
            }
            ctx.model(member).requireSame(ModelSpec.decode(s.modelSpec(), where), where);
            if (!s.dataset().fingerprint().equals(ctx.fingerprint)) {
                throw new InputException(where + ": the dataset changed since the checkpoint (fingerprint "
                        + s.dataset().fingerprint() + " then, " + ctx.fingerprint + " now, " + datasetDir
                        + "); resume on the unchanged dataset or start a new run");
            }
            if (s.threads() != config.threads()) {
                message(who() + "note: the checkpoint was written with " + s.threads() + " threads, this run uses "
                        + config.threads() + "; results stay valid but are no longer bit-identical to an"
                        + " uninterrupted run");
            }
            cp.loadWeights(model);
            optimizer.restoreState(cp.optimizerState());
            schedule.restoreState(s.schedule());
            stopping.ifPresent(r -> r.restoreState(s.stopping()));
            dead.restore(s.stopping().values());
            epoch = s.epoch();
            position = s.position();
            lossSum = s.trainLossSum();
            lossCount = s.trainCompounds();
            poses = s.trainPoses();
            trainSeconds = s.epochSeconds();
            bestEpoch = s.bestEpoch();
            bestLoss = s.bestLoss();
            lastName = cp.directory().getFileName().toString();
            bestName = Checkpoint.pointed(checkpoints, Checkpoint.BEST).map(p -> p.getFileName().toString())
                    .orElse("");
            recent.add(lastName);
            run.truncateMetrics(member, members, epoch);
            message(who() + "resumed from " + cp.directory() + " (epoch " + epoch + ", " + position
                    + " compounds into the next)");
        }

        private void runEpoch(TrainingStep step, Optimizer optimizer, LrSchedule schedule,
                Optional<StoppingRule> stopping, NDManager manager) {
            int epochs = config.training().epochs();
            int e = epoch; // 0-based index of this epoch
            int n = ctx.train.size();
            int batchSize = config.training().batchSize();
            long checkpointEvery = config.training().checkpointEvery();
            double lr = schedule.learningRate();
            int[] order = order(e, n);
            Augmentation augmentation = Augmentation.of(config.augment());
            listener.epochStarted(member, e + 1, n, position);
            long t0 = System.nanoTime();
            while (position < n) {
                int end = Math.min(position + batchSize, n);
                List<BatchStep.Example> batch = new ArrayList<>(end - position);
                for (int i = position; i < end; i++) {
                    batch.add(example(ctx.train.get(order[i]), e));
                }
                BatchStep.Outcome outcome;
                try {
                    outcome = BatchStep.run(step, optimizer, lr, batch, augmentation, manager);
                } catch (ArithmeticException x) {
                    throw diverged(e, batch, lr, x);
                }
                dead.batch(outcome.results());
                for (double l : outcome.losses()) {
                    lossSum += l;
                }
                lossCount += batch.size();
                for (BatchStep.Example ex : batch) {
                    poses += ex.compound().poses().size();
                }
                int before = position;
                position = end;
                listener.batchFinished(member, e + 1, position, n, lossSum / lossCount);
                if (checkpointEvery > 0 && position < n && position / checkpointEvery > before / checkpointEvery) {
                    trainSeconds += (System.nanoTime() - t0) / 1e9;
                    t0 = System.nanoTime();
                    checkpoint(String.format(Locale.ROOT, "epoch-%04d-at-%06d", e + 1, position), step.model(),
                            optimizer, schedule, stopping, false, lr);
                }
            }
            trainSeconds += (System.nanoTime() - t0) / 1e9;
            long v0 = System.nanoTime();
            double trainLoss = lossSum / lossCount;
            boolean evaluated = (e + 1) % config.training().evalEvery() == 0 || e + 1 == epochs;
            double valLoss = Double.NaN;
            Map<String, Double> metrics = Map.of();
            int valCount = 0;
            int valCensored = 0;
            if (evaluated && !ctx.val.isEmpty()) {
                Validation v = validate(step, manager, e, lr);
                valLoss = v.loss;
                metrics = v.metrics;
                valCount = ctx.val.size();
                valCensored = v.censored;
            }
            double monitored = ctx.val.isEmpty() ? trainLoss : valLoss;
            boolean monitoredNow = evaluated || ctx.val.isEmpty();
            if (!(schedule instanceof ReduceOnPlateau) || monitoredNow) {
                schedule.endEpoch(monitored);
            }
            boolean stop = false;
            boolean best = false;
            if (monitoredNow) {
                if (monitored < bestLoss) {
                    bestLoss = monitored;
                    bestEpoch = e + 1;
                    best = true;
                }
                if (stopping.isPresent() && stopping.get().update(monitored)) {
                    stop = true;
                }
            }
            boolean died = dead.endEpoch();
            double seconds = trainSeconds + (System.nanoTime() - v0) / 1e9;
            EpochRecord record = new EpochRecord(member, e + 1, lr, trainLoss, valLoss, metrics, n, valCount,
                    valCensored, seconds, trainSeconds > 0 ? poses / trainSeconds : 0, best);
            epoch = e + 1;
            position = 0;
            lossSum = 0;
            lossCount = 0;
            poses = 0;
            trainSeconds = 0;
            if (died) {
                finished = true;
                stopReason = dead.reason(epoch, lr, config.seed(), trainLoss);
            } else if (stop) {
                finished = true;
                stopReason = "early stopping (" + config.training().earlyStopping().kind().name()
                        .toLowerCase(Locale.ROOT) + ") after epoch " + epoch + "; best epoch " + bestEpoch;
            } else if (epoch >= epochs) {
                finished = true;
                stopReason = "all " + epochs + " epochs done; best epoch " + bestEpoch;
            }
            listener.epochFinished(record);
            run.appendMetrics(record, members);
            message(who() + line(record, epochs));
            if (e == 0 && step.trunkCache().isPresent()) {
                TrunkCache c = step.trunkCache().get();
                message(who() + String.format(Locale.ROOT, "trunk cache: %d poses, %.0f MB, computed in %.1f s",
                        c.poses(), c.bytes() / 1e6, c.seconds()));
            }
            String name = String.format(Locale.ROOT, "epoch-%04d", epoch);
            checkpoint(name, step.model(), optimizer, schedule, stopping, best, lr);
            if (finished) {
                message(who() + "finished: " + stopReason);
            }
        }

        private String line(EpochRecord r, int epochs) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d lr %.3g train loss %.4f",
                    r.epoch(), epochs, r.learningRate(), r.trainLoss()));
            if (!Double.isNaN(r.valLoss())) {
                b.append(String.format(Locale.ROOT, " val loss %.4f", r.valLoss()));
                for (Map.Entry<String, Double> m : r.valMetrics().entrySet()) {
                    b.append(String.format(Locale.ROOT, " %s %.3f", m.getKey(), m.getValue()));
                }
            }
            b.append(String.format(Locale.ROOT, " (%.1f s, %.0f poses/s)%s", r.seconds(), r.posesPerSecond(),
                    r.best() ? " best" : ""));
            return b.toString();
        }

        /** The epoch's order of training compounds: a Fisher–Yates shuffle from the epoch's own stream. */
        private int[] order(int e, int n) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            SplittableRandom rng = Seeds.random(memberSeed, "shuffle", e);
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return order;
        }

        private BatchStep.Example example(CompoundKey key, int e) {
            CompoundPoses c = ctx.dataset.get(key);
            ReceptorRecord receptor = ctx.dataset.receptor(key.target()).orElseThrow();
            Readout r = ctx.readouts.readout(c.compound().label().orElseThrow());
            CompoundTarget t = target(ctx, c.compound(), r, c.poses());
            long index = trainIndex.get(key);
            // One augmentation stream per compound (its poses share the frame) unless augment.per_pose.
            IntToLongFunction seeds = config.augment().perPose()
                    ? pose -> Seeds.derive(memberSeed, "augment", e, index, pose)
                    : pose -> Seeds.derive(memberSeed, "augment", e, index);
            return new BatchStep.Example(c, receptor, ctx.loss.bind(r, t), seeds);
        }

        private TrainingDivergedException diverged(int e, List<BatchStep.Example> batch, double lr,
                ArithmeticException x) {
            List<String> keys = new ArrayList<>();
            for (BatchStep.Example ex : batch) {
                keys.add(ex.compound().key().toString());
            }
            String last = lastName.isEmpty() ? "none was written yet" : checkpoints.resolve(lastName)
                    + " (intact)";
            String msg = who() + "training diverged in epoch " + (e + 1) + ": " + x.getMessage()
                    + (keys.isEmpty() ? "" : " (batch " + keys + ")") + " at learning rate " + lr
                    + (lr == config.optimizer().lr() ? "" : " (configured " + config.optimizer().lr() + ")")
                    + "; last good checkpoint: " + last
                    + "; lower optimizer.lr or set optimizer.clip_norm and start a new run";
            run.log(msg);
            return new TrainingDivergedException(msg, x);
        }

        private record Validation(double loss, Map<String, Double> metrics, int censored) {}

        private Validation validate(TrainingStep step, NDManager manager, int e, double lr) {
            int n = ctx.val.size();
            double[] predicted = new double[n];
            double[] measured = new double[n];
            boolean[] censored = new boolean[n];
            double sum = 0;
            int nCensored = 0;
            List<CombinationResult> results = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                CompoundKey key = ctx.val.get(i);
                CompoundPoses c = ctx.dataset.get(key);
                Readout r = ctx.readouts.readout(c.compound().label().orElseThrow());
                CompoundTarget t = target(ctx, c.compound(), r, c.poses());
                CombinationResult result;
                try {
                    result = step.predict(c, ctx.dataset.receptor(key.target()).orElseThrow(), manager);
                } catch (ArithmeticException x) {
                    throw diverged(e, List.of(), lr, new ArithmeticException("validation of " + x.getMessage()));
                }
                sum += ctx.loss.bind(r, t).evaluate(result).loss();
                predicted[i] = LabelReadouts.toPk(r.apply(result.combined()), r);
                results.add(result);
                measured[i] = c.compound().label().get().pk();
                censored[i] = t.isCensored();
                nCensored += censored[i] ? 1 : 0;
            }
            dead.batch(results);
            return new Validation(sum / n, scorer.score(predicted, measured, censored), nCensored);
        }

        /** The stopping state with the dead-network counters beside it (they are a stopping rule too). */
        private SavedState withDeadCounters(SavedState stopping) {
            Map<String, Double> values = new java.util.TreeMap<>(stopping.values());
            values.putAll(dead.save());
            return new SavedState(stopping.kind(), values);
        }

        private void checkpoint(String name, PoseModel model, Optimizer optimizer, LrSchedule schedule,
                Optional<StoppingRule> stopping, boolean best, double lr) {
            // A step can overflow a weight to ±∞ without a non-finite gradient; never save such weights.
            for (Map.Entry<String, ai.djl.ndarray.NDArray> p : model.parameters().entrySet()) {
                try (NDManager scratch = NDManager.subManagerOf(p.getValue())) {
                    scratch.tempAttachAll(p.getValue());
                    double sum = p.getValue().toType(ai.djl.ndarray.types.DataType.FLOAT64, true).abs().sum()
                            .getDouble();
                    if (!Double.isFinite(sum)) {
                        throw diverged(position == 0 ? epoch - 1 : epoch, List.of(), lr, new ArithmeticException(
                                "parameter " + p.getKey()
                                + " is no longer finite after optimizer step " + optimizer.steps()));
                    }
                }
            }
            CheckpointState state = new CheckpointState(CheckpointState.FORMAT, member, members, epoch, position,
                    finished, stopReason, optimizer.steps(), lossSum, lossCount, poses, trainSeconds, bestEpoch, bestLoss,
                    schedule.saveState(), withDeadCounters(stopping.map(StoppingRule::saveState)
                            .orElse(new SavedState("none", Map.of()))), optimizer.saveState().scalars(),
                    new CheckpointState.SeedInfo(config.seed(), memberSeed, config.splitSeed(),
                            CheckpointState.SeedInfo.DERIVATION),
                    new CheckpointState.DatasetInfo(datasetDir.toString(), ctx.fingerprint, ctx.train.size(),
                            ctx.val.size(), ctx.split.members(Split.TEST).size()),
                    ctx.model(member).encode(), ctx.gridInfo, ctx.typing, config.threads(), LibraryVersions.all(),
                    Instant.now().toString());
            Checkpoint.write(checkpoints, name, state, model, optimizer, ctx.configYaml, ctx.split);
            Checkpoint.point(checkpoints, Checkpoint.LAST, name);
            if (best) {
                Checkpoint.point(checkpoints, Checkpoint.BEST, name);
                bestName = name;
            }
            recent.remove(name);
            recent.add(name);
            while (recent.size() > 2) {
                recent.remove(recent.iterator().next());
            }
            lastName = name;
            List<String> keep = new ArrayList<>(recent);
            if (!bestName.isEmpty()) {
                keep.add(bestName);
            }
            Checkpoint.prune(checkpoints, keep);
        }
    }
}
