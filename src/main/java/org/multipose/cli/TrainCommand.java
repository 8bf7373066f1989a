package org.multipose.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.multipose.base.InputException;
import org.multipose.config.ConfigLoader;
import org.multipose.config.TrainingConfig;
import org.multipose.data.PrepareProgress;
import org.multipose.data.Split;
import org.multipose.eval.EvaluationReport;
import org.multipose.eval.GroupEvaluation;
import org.multipose.eval.Metric;
import org.multipose.eval.MetricEstimate;
import org.multipose.eval.MetricsJson;
import org.multipose.eval.PredictionCsv;
import org.multipose.eval.Predictor;
import org.multipose.eval.PredictorResult;
import org.multipose.eval.ReportContext;
import org.multipose.eval.ReportWarnings;
import org.multipose.eval.TargetMean;
import org.multipose.train.EngineThreads;
import org.multipose.train.MemberResult;
import org.multipose.train.Trainer;
import org.multipose.train.run.RunDirectory;
import org.multipose.workflow.TrainingJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline train --config FILE [--set key=value]... | --resume RUN [--quiet]}: the main job
 * (docs/guide/training.md), parsed and printed here, run by {@link TrainingJob}. Prepares the dataset into the run when the config says {@code data.prepare}, trains
 * (every member of an ensemble), then predicts every compound with each member's best checkpoint and writes the
 * evaluation report's predictions tables ({@code predictions.csv}, {@code pose_predictions.csv}),
 * {@code provenance.json} and its {@code metrics.json} (model and baselines per split and target, paired bootstrap
 * intervals) into the run.
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

    @Option(names = "--weights-dir", paramLabel = "DIR", description = "folder of gnina's pretrained weight files"
            + " for model.pretrained: gnina:NAME (else model.weights_dir, else $MULTIPOSE_GNINA_WEIGHTS)")
    Path weightsDir;

    @Option(names = "--quiet", description = "no progress bar and no per-epoch lines; only the final summary")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String producer = "multipose train " + VersionInfo.get("version");
        TrainingJob.Result result;
        if (resume != null) {
            if (config != null || !overrides.isEmpty()) {
                throw new InputException("--resume continues a run with its own config.yaml; drop --config and --set");
            }
            if (weightsDir != null) {
                throw new InputException("--resume reads the weights folder from the run's config.yaml"
                        + " (model.weights_dir); drop --weights-dir");
            }
            try (TrainProgressBar progress = progressBar(out)) {
                result = TrainingJob.resume(resume, progress(progress), producer);
            }
        } else {
            if (config == null) {
                throw new InputException("--config FILE is missing: give a training config (e.g. configs/"
                        + "quickstart.yaml), or --resume RUN to continue a run");
            }
            // newRun refuses a config that cannot train before the run directory exists.
            TrainingConfig cfg = ConfigLoader.load(config, overrides, note -> out.println("note: " + note));
            try (TrainProgressBar progress = progressBar(out)) {
                result = TrainingJob.newRun(cfg, config.getFileName().toString(), Optional.ofNullable(weightsDir),
                        System.getenv(), progress(progress), producer);
            }
        }
        report(out, result.run(), result.members(), result.evaluation(), result.seconds(), result.threads());
        return 0;
    }

    private TrainProgressBar progressBar(PrintWriter out) {
        return new TrainProgressBar(out, !quiet && Terminal.isInteractive(), !quiet);
    }

    private TrainingJob.Progress progress(TrainProgressBar bar) {
        PrepareProgress prepare = quiet || !Terminal.isInteractive() ? PrepareProgress.NONE
                : new PrepareProgressBar();
        return new TrainingJob.Progress(bar, prepare);
    }

    private void report(PrintWriter o, RunDirectory run, List<MemberResult> members, EvaluationReport evaluation,
            double seconds, EngineThreads.Counts threads) {
        o.printf(Locale.ROOT, "train: run %s (%.1f s, threads %s)%n", run.root(), seconds, threads);
        for (MemberResult m : members) {
            o.printf(Locale.ROOT, "  %sbest epoch %d of %d (loss %.4f): %s%n",
                    members.size() > 1 ? "member " + m.member() + ": " : "", m.bestEpoch(), m.epochs(), m.bestLoss(),
                    m.best());
        }
        for (Split split : List.of(Split.VAL, Split.TEST)) {
            Optional<GroupEvaluation> group = evaluation.overall(split.label());
            if (group.isEmpty() || group.get().exact() == 0) {
                continue;
            }
            GroupEvaluation g = group.get();
            Optional<TargetMean> mean = evaluation.targetMean(split.label());
            // Several targets: the mean of per-target metrics (a pooled correlation mixes their ranges).
            List<PredictorResult> results = mean.map(TargetMean::results).orElse(g.results());
            String scope = mean.map(m -> ", " + m.title()).orElse("");
            PredictorResult model = pick(results, Predictor.MODEL);
            o.printf(Locale.ROOT, "  %s (%d labels%s%s): %s, %s%n", split.label(), g.exact(),
                    g.censored() > 0 ? ", " + g.censored() + " censored left out" : "", scope,
                    text(model, Metric.RMSE), text(model, Metric.SPEARMAN));
            if (mean.isPresent()) {
                List<String> per = new ArrayList<>();
                for (GroupEvaluation t : evaluation.perTarget(split.label())) {
                    per.add(t.target().get() + " " + text(t.result(Predictor.MODEL), Metric.SPEARMAN));
                }
                o.printf(Locale.ROOT, "  %s per target: %s%n", split.label(), String.join("; ", per));
            }
            String dock = pick(results, Predictor.DOCK_SCORE).available()
                    ? "; docking score " + text(pick(results, Predictor.DOCK_SCORE), Metric.SPEARMAN) : "";
            String top = pick(results, Predictor.TOP_POSE).available()
                    ? "; top pose only " + text(pick(results, Predictor.TOP_POSE), Metric.SPEARMAN) : "";
            o.printf(Locale.ROOT, "  %s baselines: train-mean %s; heavy-atom count %s%s%s%n", split.label(),
                    text(pick(results, Predictor.TRAIN_MEAN), Metric.RMSE), text(pick(results,
                            Predictor.HEAVY_ATOMS), Metric.SPEARMAN), dock, top);
        }
        for (String warning : ReportWarnings.of(evaluation)) {
            o.println("  warning: " + warning);
        }
        for (MemberResult m : members) {
            if (m.stopReason().startsWith(Trainer.DEAD_NETWORK)) {
                o.println("  warning: " + (members.size() > 1 ? "member " + m.member() + ": " : "")
                        + m.stopReason());
            }
        }
        o.printf("  wrote metrics.jsonl, checkpoints/, %s, %s, %s, %s%n", PredictionCsv.COMPOUND_FILE,
                PredictionCsv.POSE_FILE, MetricsJson.FILE, ReportContext.PROVENANCE_FILE);
        String dir = run.root().toString();
        o.println("next: ./pipeline report --predictions " + dir + " --run " + dir
                + "   (report.html with plots, per-target metrics and paired comparisons)");
        o.flush();
    }

    private static PredictorResult pick(List<PredictorResult> results, Predictor p) {
        for (PredictorResult r : results) {
            if (r.predictor() == p) {
                return r;
            }
        }
        throw new IllegalArgumentException(p + " was not evaluated");
    }

    private static String text(PredictorResult r, Metric m) {
        if (!r.available()) {
            return r.predictor().label() + " unavailable (" + r.unavailable() + ")";
        }
        return r.get(m).map(MetricEstimate::toString).orElse("-");
    }
}
