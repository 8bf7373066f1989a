package org.multipose.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.multipose.config.ConfigLoader;
import org.multipose.config.InputException;
import org.multipose.config.TrainingConfig;
import org.multipose.data.Dataset;
import org.multipose.data.PrepareProgress;
import org.multipose.data.PrepareResult;
import org.multipose.data.Preparer;
import org.multipose.data.Split;
import org.multipose.data.SplitAssignment;
import org.multipose.eval.BootstrapOptions;
import org.multipose.eval.Metric;
import org.multipose.eval.MetricReport;
import org.multipose.eval.TrainingSummary;
import org.multipose.eval.ValidationMetrics;
import org.multipose.train.EngineThreads;
import org.multipose.train.MemberResult;
import org.multipose.train.PredictedCompound;
import org.multipose.train.RunDirectory;
import org.multipose.train.RunPredictor;
import org.multipose.train.Trainer;
import org.multipose.typing.AtomTyper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline train --config FILE [--set key=value]... | --resume RUN [--quiet]}: the main job (README
 * "Training"). Prepares the dataset into the run when the config says {@code data.prepare}, trains (every member of
 * an ensemble), then predicts every compound with each member's best checkpoint and writes {@code summary.json},
 * {@code predictions.csv} and {@code pose_predictions.csv} into the run.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Train a multi-pose affinity model from a config file (see configs/reference.yaml), or"
                + " continue an interrupted run exactly with --resume."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "the run's config (YAML)")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override a config key, e.g. --set optimizer.lr=3e-4 (repeatable; the value is YAML)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--resume", paramLabel = "RUN", description = "continue the run in this directory from its last"
            + " checkpoints, with its own config")
    Path resume;

    @Option(names = "--quiet", description = "no progress bar and no per-epoch lines; only the final summary")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TrainingConfig cfg;
        RunDirectory run;
        if (resume != null) {
            if (config != null || !overrides.isEmpty()) {
                throw new InputException("--resume continues a run with its own config.yaml; drop --config and --set");
            }
            run = RunDirectory.open(resume);
            cfg = ConfigLoader.load(run.config(), List.of());
        } else {
            if (config == null) {
                throw new InputException("--config FILE is missing: give a training config (e.g. configs/"
                        + "quickstart.yaml), or --resume RUN to continue a run");
            }
            cfg = ConfigLoader.load(config, overrides);
            // Before anything loads the engine (the optimizer check below does): PyTorch reads its thread counts
            // once.
            EngineThreads.configure(cfg.threads());
            Trainer.validate(cfg);
            String name = cfg.output().runName(config.getFileName().toString(), LocalDateTime.now());
            run = RunDirectory.create(cfg.output().runsDir().resolve(name));
        }
        EngineThreads.Counts threads = EngineThreads.configure(cfg.threads());
        TrainProgressBar progress = new TrainProgressBar(out, !quiet && Terminal.isInteractive(), !quiet);
        long t0 = System.nanoTime();
        if (resume == null && cfg.data().prepare().isPresent()) {
            PrepareProgress bar = quiet || !Terminal.isInteractive() ? PrepareProgress.NONE : new PrepareProgressBar();
            PrepareResult p = new Preparer(AtomTyper.gninaDefault(), cfg.threads(), bar)
                    .run(cfg.data().prepare().get(), run.dataset());
            String line = String.format(Locale.ROOT, "prepared %s: %d compounds, %d poses, %d rejects (%.1f s)",
                    p.directory(), p.summary().stats().compounds(), p.summary().stats().poses(),
                    p.summary().rejects(), (System.nanoTime() - t0) / 1e9);
            run.log(line);
            progress.message(line);
        }
        Path dataset = Trainer.datasetOf(cfg, run);
        Trainer trainer = resume != null
                ? Trainer.resume(run, dataset, new ValidationMetrics(), progress)
                : Trainer.start(cfg, dataset, run, new ValidationMetrics(), progress);
        List<MemberResult> members;
        try {
            members = trainer.run();
        } finally {
            progress.close();
        }
        BootstrapOptions boot = BootstrapOptions.withSeed(cfg.seed());
        List<PredictedCompound> predictions;
        TrainingSummary summary;
        try (Dataset ds = Dataset.open(dataset)) {
            SplitAssignment split = SplitAssignment.read(run.split(), ds.compounds().stream()
                    .filter(c -> c.hasLabel()).map(c -> c.key()).toList());
            List<Path> best = new ArrayList<>();
            for (MemberResult m : members) {
                best.add(m.best());
            }
            predictions = RunPredictor.predict(cfg, ds, best, split);
            summary = TrainingSummary.evaluate(predictions, boot);
        }
        TrainingSummary.writePredictions(run.root(), predictions);
        summary.writeJson(run.root(), run.root().toString(), members, boot);
        double seconds = (System.nanoTime() - t0) / 1e9;
        run.log(String.format(Locale.ROOT, "done in %.1f s; wrote summary.json, predictions.csv,"
                + " pose_predictions.csv", seconds));
        report(out, run, members, summary, seconds, threads);
        return 0;
    }

    private void report(PrintWriter o, RunDirectory run, List<MemberResult> members, TrainingSummary s,
            double seconds, EngineThreads.Counts threads) {
        o.printf(Locale.ROOT, "train: run %s (%.1f s, threads %s)%n", run.root(), seconds, threads);
        for (MemberResult m : members) {
            o.printf(Locale.ROOT, "  %sbest epoch %d of %d (loss %.4f): %s%n",
                    members.size() > 1 ? "member " + m.member() + ": " : "", m.bestEpoch(), m.epochs(), m.bestLoss(),
                    m.best());
        }
        for (Split split : List.of(Split.VAL, Split.TEST)) {
            MetricReport r = s.splits().get(split);
            if (r == null) {
                continue;
            }
            o.printf(Locale.ROOT, "  %s (%d labels%s): %s, %s%n", split.label(), r.used(),
                    r.censoredExcluded() > 0 ? ", " + r.censoredExcluded() + " censored left out" : "",
                    r.get(Metric.RMSE), r.get(Metric.SPEARMAN));
            MetricReport mean = s.meanModel().get(split);
            MetricReport hac = s.heavyAtom().get(split);
            o.printf(Locale.ROOT, "  %s baselines: train-mean %s; heavy-atom count %s%n", split.label(),
                    mean == null ? "-" : mean.get(Metric.RMSE), hac.get(Metric.SPEARMAN));
        }
        o.println("  wrote metrics.jsonl, checkpoints/, summary.json, predictions.csv, pose_predictions.csv");
        String dir = run.root().toString();
        if (spec.root().subcommands().containsKey("report")) {
            o.println("next: ./pipeline report --predictions " + dir + " --run " + dir);
        } else {
            o.println("next: read " + dir + "/summary.json and " + dir + "/predictions.csv");
        }
        o.flush();
    }
}
