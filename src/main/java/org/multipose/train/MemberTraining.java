package org.multipose.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntToLongFunction;
import org.multipose.base.InputException;
import org.multipose.combination.Readout;
import org.multipose.config.TrainingConfig;
import org.multipose.data.CompoundKey;
import org.multipose.data.CompoundPoses;
import org.multipose.data.CompoundRecord;
import org.multipose.data.ReceptorRecord;
import org.multipose.data.Split;
import org.multipose.model.LayerPattern;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;
import org.multipose.train.loss.CompoundTarget;
import org.multipose.train.optim.LrSchedule;
import org.multipose.train.optim.Optimizer;
import org.multipose.train.run.Checkpoint;
import org.multipose.train.run.CheckpointState;
import org.multipose.train.run.EpochRecord;
import org.multipose.train.run.LibraryVersions;
import org.multipose.train.run.RunDirectory;

/**
 * One ensemble member's training, from its first epoch (or its last checkpoint) to its stop reason. The loop itself
 * is here; its state lives in collaborators that save and restore themselves through the checkpoint: the position in
 * the epoch ({@link EpochProgress}), the best epoch ({@link BestEpoch}), the stop conditions
 * ({@link StopConditions}), the learning-rate schedule ({@link LrSchedule}) and which checkpoints are kept
 * ({@link CheckpointPolicy}).
 */
final class MemberTraining {

    private final TrainingContext ctx;
    private final TrainingConfig config;
    private final RunDirectory run;
    private final boolean resume;
    private final ValidationScorer scorer;
    private final TrainingListener listener;
    private final Consumer<String> log;
    private final int member;
    private final int members;
    private final long memberSeed;
    private final Map<CompoundKey, Integer> trainIndex = new LinkedHashMap<>();

    private final EpochProgress progress = new EpochProgress();
    private final BestEpoch best = new BestEpoch();
    private final CheckpointPolicy checkpoints;
    private final StopConditions stop;
    private boolean finished;
    private String stopReason = "";

    /**
     * @param log where a line goes (the run log and the listener)
     */
    MemberTraining(TrainingContext ctx, RunDirectory run, boolean resume, ValidationScorer scorer,
            TrainingListener listener, Consumer<String> log, int member, int members) {
        this.ctx = ctx;
        this.config = ctx.config();
        this.run = run;
        this.resume = resume;
        this.scorer = scorer;
        this.listener = listener;
        this.log = log;
        this.member = member;
        this.members = members;
        this.memberSeed = Seeds.derive(config.seed(), "member", member);
        this.checkpoints = new CheckpointPolicy(run.checkpoints(member, members));
        this.stop = new StopConditions(TrainingComponents.stopping(config.training().earlyStopping()),
                config.training().earlyStopping().kind(), config.training().deadNetworkEpochs(),
                config.training().epochs(), config.seed());
        for (int i = 0; i < ctx.train().size(); i++) {
            trainIndex.put(ctx.train().get(i), i);
        }
    }

    private void message(String line) {
        log.accept(who() + line);
    }

    private String who() {
        return members > 1 ? "member " + member + ": " : "";
    }

    MemberResult train() {
        Path dir = checkpoints.directory();
        if (resume) {
            List<String> unfinished = Checkpoint.removeUnfinishedWrites(dir);
            if (!unfinished.isEmpty()) {
                message("removed " + unfinished.size() + " unfinished checkpoint write(s) left by the interrupted"
                        + " run in " + dir + ": " + String.join(", ", unfinished));
            }
        }
        Optional<Checkpoint> last = resume ? Checkpoint.pointed(dir, Checkpoint.LAST).map(Checkpoint::read)
                : Optional.empty();
        if (last.isPresent() && last.get().state().finished()) {
            CheckpointState s = last.get().state();
            message("already finished (" + s.stopReason() + ")");
            Path bestDir = Checkpoint.pointed(dir, Checkpoint.BEST).orElse(last.get().directory());
            return new MemberResult(member, s.epoch(), s.bestEpoch(), s.bestLoss(), s.stopReason(), bestDir,
                    last.get().directory());
        }
        int epochs = config.training().epochs();
        ModelSpec spec = ctx.model(member);
        long initSeed = Seeds.derive(memberSeed, "init");
        Set<String> frozen = TrainingComponents.frozen(config, spec);
        // A resumed member's weights come from its checkpoint; a new one starts from the pretrained file or from
        // Xavier values.
        boolean fromFile = config.model().pretrained().isPresent() && last.isEmpty();
        Set<String> trainable = new LinkedHashSet<>(PoseModel.parameterNames(spec));
        trainable.removeAll(frozen);
        Augmentation augmentation = Augmentation.of(config.augment());
        try (PoseModel model = fromFile ? PretrainedStart.load(config, member, initSeed)
                        : PoseModel.create(spec, initSeed);
                Optimizer optimizer = TrainingComponents.optimizer(config.optimizer(),
                        TrainingComponents.lrFactors(config, spec, trainable));
                PoseGridder gridder = new PoseGridder(ctx.grid(), spec.inputChannels(),
                        ctx.dataset().metadata().receptorChannels(), GridCenter.of(config.grid()),
                        config.threads());
                NDManager manager = NDManager.newBaseManager()) {
            LrSchedule schedule = TrainingComponents.schedule(config.schedule(), config.optimizer().lr(),
                    Math.max(1, epochs));
            model.freeze(frozen);
            if (last.isPresent()) {
                restore(last.get(), model, optimizer, schedule);
            } else {
                if (fromFile) {
                    message("starts from " + config.model().pretrained().get() + " member "
                            + PretrainedStart.members(config).get(member - 1) + " ("
                            + PretrainedStart.file(config, member) + ")"
                            + (PretrainedStart.reinit(config, spec).isEmpty() ? "" : "; re-initialised: "
                                    + String.join(", ", LayerPattern.layers(PretrainedStart.reinit(config, spec)))));
                }
                // A pretrained affinity head already predicts on the label scale; only a fresh one starts at the
                // training labels' mean.
                if (!fromFile || PretrainedStart.reinit(config, spec).contains("affinity_output.bias")) {
                    model.setAffinityBias(meanLabelKt());
                }
                run.truncateMetrics(member, members, 0);
            }
            int cached = cachedStages(model, augmentation);
            if (!frozen.isEmpty() || cached > 0) {
                message(describeTraining(model, trainable, cached, augmentation));
            }
            TrainingStep step = new TrainingStep(model, gridder, TrainingComponents.combination(config.combination()),
                    config.backward(), TrainingComponents.poseLogits(config), cached);
            if (epochs == 0 && !finished) {
                zeroShot(step, optimizer, schedule, manager);
            }
            while (!finished) {
                runEpoch(step, optimizer, schedule, manager);
            }
        }
        return new MemberResult(member, progress.epoch(), best.epoch(), best.loss(), stopReason, checkpoints.best(),
                checkpoints.last());
    }

    /**
     * How many leading stages to keep per pose (0: none): all the frozen ones, when the config allows the cache and
     * nothing is augmented (a kept activation is the pose as docked).
     */
    private int cachedStages(PoseModel model, Augmentation augmentation) {
        int k = model.frozenStages();
        if (!config.training().cacheFrozenTrunk() || !augmentation.isNone() || k == 0) {
            return 0;
        }
        // The kept activations live on the Java heap: estimate them from one pose's, refuse beyond half of it.
        long poses = 0;
        for (CompoundKey key : ctx.train()) {
            poses += ctx.dataset().poses(key).size();
        }
        for (CompoundKey key : ctx.val()) {
            poses += ctx.dataset().poses(key).size();
        }
        long perPose;
        try (NDManager scratch = NDManager.newBaseManager()) {
            long n = model.spec().gridPoints();
            perPose = model.trunk(scratch.zeros(new Shape(1, model.spec().inputChannels(), n, n, n),
                    model.dataType()), k).size() * model.dataType().getNumOfBytes();
        }
        long need = perPose * poses;
        long heap = Runtime.getRuntime().maxMemory();
        if (need > heap / 2) {
            message(String.format(Locale.ROOT, "note: the frozen trunk's output would take %.0f MB for %d poses, more"
                    + " than half of the Java heap (%.0f MB): not kept, recomputed every step (raise the heap with"
                    + " JAVA_OPTS=-Xmx...)", need / 1e6, poses, heap / 1e6));
            return 0;
        }
        return k;
    }

    /** One log line: what is frozen and trained, at which learning rates, and whether the trunk is cached. */
    private String describeTraining(PoseModel model, Set<String> trainable, int cached, Augmentation augmentation) {
        long all = model.parameterCount();
        long train = 0;
        for (Map.Entry<String, NDArray> e : model.trainableParameters().entrySet()) {
            train += e.getValue().size();
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "training %d of %d parameters (%s)", train, all,
                String.join(", ", LayerPattern.layers(trainable))));
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
    private void zeroShot(TrainingStep step, Optimizer optimizer, LrSchedule schedule, NDManager manager) {
        double lr = schedule.learningRate();
        String line = "zero-shot (training.epochs: 0): predicting with the pretrained weights as loaded";
        if (!ctx.val().isEmpty()) {
            ValidationPass v = validate(step, manager, 0, lr);
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "; val loss %.4f", v.loss()));
            for (Map.Entry<String, Double> m : v.metrics().entrySet()) {
                b.append(String.format(Locale.ROOT, " %s %.3f", m.getKey(), m.getValue()));
            }
            best.restore(0, v.loss());
            line += b;
        }
        finished = true;
        stopReason = "zero-shot: training.epochs is 0, the pretrained weights as loaded";
        message(line);
        checkpoint("epoch-0000", step.model(), optimizer, schedule, true, lr);
        message("finished: " + stopReason);
    }

    private double meanLabelKt() {
        double sum = 0;
        int n = 0;
        for (CompoundKey k : ctx.train()) {
            CompoundRecord c = ctx.dataset().compound(k).orElseThrow();
            Readout r = ctx.readouts().readout(c.label().orElseThrow());
            CompoundTarget t = ctx.readouts().target(c.label().get(), r, List.of(), Optional.empty());
            if (!t.isCensored()) {
                sum += r.inverse(t.value());
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private void restore(Checkpoint cp, PoseModel model, Optimizer optimizer, LrSchedule schedule) {
        CheckpointState s = cp.state();
        String where = cp.directory().toString();
        List<String> typing = s.typing().differences(ctx.typing());
        if (!typing.isEmpty()) {
            throw new InputException(where + ": the checkpoint was trained on a dataset with another typing: "
                    + String.join(", ", typing) + " (checkpoint vs dataset " + ctx.datasetDir() + "); resume on the"
                    + " dataset the run was trained on");
        }
        List<String> grid = s.grid().differences(ctx.grid());
        if (!grid.isEmpty()) {
            throw new InputException(where + ": the checkpoint was trained with another grid: "
                    + String.join(", ", grid) + " (checkpoint vs " + run.config() + "); resume with the grid"
                    + " the run was trained with");
        }
        ctx.model(member).requireSame(ModelSpec.decode(s.modelSpec(), where), where);
        if (!s.dataset().fingerprint().equals(ctx.fingerprint())) {
            throw new InputException(where + ": the dataset changed since the checkpoint (fingerprint "
                    + s.dataset().fingerprint() + " then, " + ctx.fingerprint() + " now, " + ctx.datasetDir()
                    + "); resume on the unchanged dataset or start a new run");
        }
        if (s.threads() != config.threads()) {
            message("note: the checkpoint was written with " + s.threads() + " threads, this run uses "
                    + config.threads() + "; results stay valid but are no longer bit-identical to an"
                    + " uninterrupted run");
        }
        cp.loadWeights(model);
        optimizer.restoreState(cp.optimizerState());
        schedule.restoreState(s.schedule());
        stop.restoreState(s.stopping());
        progress.restore(s);
        best.restore(s.bestEpoch(), s.bestLoss());
        checkpoints.resumedFrom(cp);
        run.truncateMetrics(member, members, progress.epoch());
        message("resumed from " + cp.directory() + " (epoch " + progress.epoch() + ", " + progress.position()
                + " compounds into the next)");
    }

    private void runEpoch(TrainingStep step, Optimizer optimizer, LrSchedule schedule, NDManager manager) {
        int epochs = config.training().epochs();
        int e = progress.epoch(); // 0-based index of this epoch
        int n = ctx.train().size();
        int batchSize = config.training().batchSize();
        long checkpointEvery = config.training().checkpointEvery();
        double lr = schedule.learningRate();
        int[] order = order(e, n);
        Augmentation augmentation = Augmentation.of(config.augment());
        listener.epochStarted(member, e + 1, n, progress.position());
        long t0 = System.nanoTime();
        while (progress.position() < n) {
            int before = progress.position();
            int end = Math.min(before + batchSize, n);
            List<BatchStep.Example> batch = new ArrayList<>(end - before);
            for (int i = before; i < end; i++) {
                batch.add(example(ctx.train().get(order[i]), e));
            }
            BatchStep.Outcome outcome;
            try {
                outcome = BatchStep.run(step, optimizer, lr, batch, augmentation, manager);
            } catch (ArithmeticException x) {
                throw diverged(e, batch, lr, x);
            }
            stop.observe(outcome.results());
            long poses = 0;
            for (BatchStep.Example ex : batch) {
                poses += ex.compound().poses().size();
            }
            progress.batch(outcome.losses(), batch.size(), poses, end);
            listener.batchFinished(member, e + 1, end, n, progress.meanLoss());
            if (checkpointEvery > 0 && end < n && end / checkpointEvery > before / checkpointEvery) {
                progress.addSeconds((System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                checkpoint(String.format(Locale.ROOT, "epoch-%04d-at-%06d", e + 1, end), step.model(), optimizer,
                        schedule, false, lr);
            }
        }
        progress.addSeconds((System.nanoTime() - t0) / 1e9);
        long v0 = System.nanoTime();
        double trainLoss = progress.meanLoss();
        boolean evaluated = (e + 1) % config.training().evalEvery() == 0 || e + 1 == epochs;
        double valLoss = Double.NaN;
        Map<String, Double> metrics = Map.of();
        int valCount = 0;
        int valCensored = 0;
        if (evaluated && !ctx.val().isEmpty()) {
            ValidationPass v = validate(step, manager, e, lr);
            valLoss = v.loss();
            metrics = v.metrics();
            valCount = ctx.val().size();
            valCensored = v.censored();
        }
        // Without a validation split the training loss is monitored, every epoch.
        double monitored = ctx.val().isEmpty() ? trainLoss : valLoss;
        boolean monitoredNow = evaluated || ctx.val().isEmpty();
        if (!schedule.needsValidationLoss() || monitoredNow) {
            schedule.endEpoch(monitored);
        }
        boolean isBest = monitoredNow && best.offer(e + 1, monitored);
        Optional<String> reason = stop.endEpoch(e + 1, monitoredNow, monitored, best.epoch(), lr, trainLoss);
        double seconds = progress.trainSeconds() + (System.nanoTime() - v0) / 1e9;
        EpochRecord record = new EpochRecord(member, e + 1, lr, trainLoss, valLoss, metrics, n, valCount,
                valCensored, seconds, progress.posesPerSecond(), isBest);
        progress.completeEpoch();
        if (reason.isPresent()) {
            finished = true;
            stopReason = reason.get();
        }
        listener.epochFinished(record);
        run.appendMetrics(record, members);
        message(line(record, epochs));
        if (e == 0 && step.trunkCache().isPresent()) {
            TrunkCache c = step.trunkCache().get();
            message(String.format(Locale.ROOT, "trunk cache: %d poses, %.0f MB, computed in %.1f s", c.poses(),
                    c.bytes() / 1e6, c.seconds()));
        }
        checkpoint(String.format(Locale.ROOT, "epoch-%04d", progress.epoch()), step.model(), optimizer, schedule,
                isBest, lr);
        if (finished) {
            message("finished: " + stopReason);
        }
    }

    private static String line(EpochRecord r, int epochs) {
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
        CompoundPoses c = ctx.dataset().get(key);
        ReceptorRecord receptor = ctx.dataset().receptor(key.target()).orElseThrow();
        Readout r = ctx.readouts().readout(c.compound().label().orElseThrow());
        CompoundTarget t = ctx.target(c.compound(), r, c.poses());
        long index = trainIndex.get(key);
        // One augmentation stream per compound (its poses share the frame) unless augment.per_pose.
        IntToLongFunction seeds = config.augment().perPose()
                ? pose -> Seeds.derive(memberSeed, "augment", e, index, pose)
                : pose -> Seeds.derive(memberSeed, "augment", e, index);
        return new BatchStep.Example(c, receptor, ctx.loss().bind(r, t), seeds);
    }

    private ValidationPass validate(TrainingStep step, NDManager manager, int e, double lr) {
        ValidationPass v;
        try {
            v = ValidationPass.run(ctx, step, scorer, manager);
        } catch (ArithmeticException x) {
            throw diverged(e, List.of(), lr, x);
        }
        stop.observe(v.results());
        return v;
    }

    private TrainingDivergedException diverged(int e, List<BatchStep.Example> batch, double lr,
            ArithmeticException x) {
        List<String> keys = new ArrayList<>();
        for (BatchStep.Example ex : batch) {
            keys.add(ex.compound().key().toString());
        }
        String last = checkpoints.hasLast() ? checkpoints.last() + " (intact)" : "none was written yet";
        String msg = who() + "training diverged in epoch " + (e + 1) + ": " + x.getMessage()
                + (keys.isEmpty() ? "" : " (batch " + keys + ")") + " at learning rate " + lr
                + (lr == config.optimizer().lr() ? "" : " (configured " + config.optimizer().lr() + ")")
                + "; last good checkpoint: " + last + "; lower optimizer.lr or set optimizer.clip_norm and start a"
                + " new run";
        run.log(msg);
        return new TrainingDivergedException(msg, x);
    }

    private void checkpoint(String name, PoseModel model, Optimizer optimizer, LrSchedule schedule, boolean isBest,
            double lr) {
        // A step can overflow a weight to ±∞ without a non-finite gradient; never save such weights.
        for (Map.Entry<String, NDArray> p : model.parameters().entrySet()) {
            try (NDManager scratch = NDManager.subManagerOf(p.getValue())) {
                scratch.tempAttachAll(p.getValue());
                double sum = p.getValue().toType(DataType.FLOAT64, true).abs().sum().getDouble();
                if (!Double.isFinite(sum)) {
                    int e = progress.position() == 0 ? progress.epoch() - 1 : progress.epoch();
                    throw diverged(e, List.of(), lr, new ArithmeticException("parameter " + p.getKey()
                            + " is no longer finite after optimizer step " + optimizer.steps()));
                }
            }
        }
        CheckpointState state = new CheckpointState(CheckpointState.FORMAT, member, members, progress.epoch(),
                progress.position(), finished, stopReason, optimizer.steps(), progress.lossSum(),
                progress.lossCount(), progress.poses(), progress.trainSeconds(), best.epoch(), best.loss(),
                schedule.saveState(), stop.saveState(), optimizer.saveState().scalars(),
                new CheckpointState.SeedInfo(config.seed(), memberSeed, config.splitSeed(),
                        CheckpointState.SeedInfo.DERIVATION),
                new CheckpointState.DatasetInfo(ctx.datasetDir().toString(), ctx.fingerprint(), ctx.train().size(),
                        ctx.val().size(), ctx.split().members(Split.TEST).size()),
                ctx.model(member).encode(), ctx.grid(), ctx.typing(), config.threads(), LibraryVersions.all(),
                Instant.now().toString());
        checkpoints.write(name, state, model, optimizer, ctx.configYaml(), ctx.split(), isBest);
    }
}
