package org.multipose.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.multipose.base.InputException;
import org.multipose.config.OutputPaths;
import org.multipose.eval.BootstrapOptions;
import org.multipose.eval.Comparison;
import org.multipose.eval.EvaluationReport;
import org.multipose.eval.GroupEvaluation;
import org.multipose.eval.HtmlReport;
import org.multipose.eval.Metric;
import org.multipose.eval.MetricDifference;
import org.multipose.eval.MetricEstimate;
import org.multipose.eval.MetricsJson;
import org.multipose.eval.PredictionCsv;
import org.multipose.eval.PredictionTable;
import org.multipose.eval.Predictor;
import org.multipose.eval.PredictorResult;
import org.multipose.eval.ReportContext;
import org.multipose.eval.ReportWarnings;
import org.multipose.eval.ReportWriter;
import org.multipose.eval.TargetMean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline report --predictions DIR_OR_CSV [--run RUN_DIR] [--out DIR] [--resamples N] [--seed S]}: the
 * evaluation report of a predictions table (metrics.json, plots/, report.html), with a short summary on stdout.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {"Write an evaluation report (report.html, metrics.json, plots/) from a predictions table:",
            "the model against the train-mean, heavy-atom and docking-score baselines per split (and per target),",
            "with paired bootstrap intervals."})
public final class ReportCommand implements Callable<Integer> {

    @Option(names = "--predictions", required = true, paramLabel = "DIR_OR_CSV",
            description = "directory holding predictions.csv (and pose_predictions.csv), or the CSV file itself")
    Path predictions;

    @Option(names = "--run", paramLabel = "RUN_DIR",
            description = "training run directory: metrics.jsonl (training curves) and config.yaml are shown")
    Path run;

    @Option(names = "--out", paramLabel = "DIR",
            description = "where to write the report (default: the directory of the predictions)")
    Path out;

    @Option(names = "--resamples", paramLabel = "N", defaultValue = "1000",
            description = "bootstrap resamples (default: ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "seed of the bootstrap resampling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--pooled", description = "also score several targets' compounds pooled together (labelled"
            + " pooled); the headline stays per target and their mean")
    boolean pooled;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (resamples < 1) {
            throw new InputException("--resamples: must be >= 1, got " + resamples);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (out != null) {
            OutputPaths.directory(out, "--out");
        }
        PredictionTable table = PredictionTable.read(predictions);
        ReportContext context = ReportContext.load("multipose " + VersionInfo.get("version"), predictions,
                Optional.ofNullable(run));
        EvaluationReport report = EvaluationReport.evaluate(table, new BootstrapOptions(resamples, seed, 0.95),
                pooled);
        Path source = PredictionTable.compoundFile(predictions).toAbsolutePath().normalize();
        Path dir = out != null ? out.toAbsolutePath().normalize() : source.getParent();
        List<Path> written = new ArrayList<>(ReportWriter.write(report, context, dir));
        written.addAll(copyTables(source, dir));
        summary(w, table, report);
        int plots = 0;
        for (Path p : written) {
            if (p.getParent().getFileName().toString().equals(ReportWriter.PLOTS_DIR)) {
                plots++;
            }
        }
        w.printf(Locale.ROOT, "wrote %s, %s, %s/ (%d files)%s%n", dir.resolve(HtmlReport.FILE),
                dir.resolve(MetricsJson.FILE), dir.resolve(ReportWriter.PLOTS_DIR), plots,
                written.stream().anyMatch(p -> p.getFileName().toString().equals(PredictionCsv.COMPOUND_FILE))
                        ? ", and a copy of the predictions tables" : "");
        w.flush();
        return 0;
    }

    /**
     * Copies the per-compound table (as predictions.csv) and pose_predictions.csv into the report directory, so it
     * holds its inputs; nothing when the report is written next to them.
     */
    private static List<Path> copyTables(Path source, Path dir) {
        List<Path> copied = new ArrayList<>();
        Path poses = source.getParent().resolve(PredictionCsv.POSE_FILE);
        Path target = dir.resolve(PredictionCsv.COMPOUND_FILE);
        if (source.getParent().equals(dir)) {
            return copied;
        }
        try {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            copied.add(target);
            if (Files.isRegularFile(poses)) {
                Files.copy(poses, dir.resolve(PredictionCsv.POSE_FILE), StandardCopyOption.REPLACE_EXISTING);
                copied.add(dir.resolve(PredictionCsv.POSE_FILE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the predictions into " + dir, e);
        }
        return copied;
    }

    /**
     * The headline (also printed by evaluate and, shortened, by train): one split's model and baselines with the
     * paired differences; for a split with several targets, each target's model metrics first, then the mean over
     * targets, and pooled numbers only when the report was asked for them. Warnings (nearly constant predictions)
     * come first.
     */
    static void summary(PrintWriter w, PredictionTable table, EvaluationReport report) {
        w.printf(Locale.ROOT, "report: %d compounds, %d targets, %d poses; %d bootstrap resamples, seed %d%n",
                table.compounds().size(), table.targets().size(), table.poses().size(), report.options().resamples(),
                report.options().seed());
        Optional<GroupEvaluation> h = report.headline();
        if (h.isEmpty()) {
            w.println("no compound has an exact label: no metrics (counts are in the report)");
            return;
        }
        for (String warning : ReportWarnings.of(report)) {
            w.println("warning: " + warning);
        }
        GroupEvaluation g = h.get();
        Optional<TargetMean> mean = report.targetMean(g.split());
        if (mean.isEmpty()) {
            w.printf(Locale.ROOT, "%s split: %d exact labels used, %d censored excluded, %d unlabelled%n", g.split(),
                    g.exact(), g.censored(), g.unlabelled());
            predictorTable(w, g.results());
            g.spread().ifPresent(s -> w.println("  " + s.describe()));
            differences(w, "paired differences, model - baseline (95% CI):", g.comparisons());
            return;
        }
        List<GroupEvaluation> perTarget = report.perTarget(g.split());
        w.printf(Locale.ROOT, "%s split, per target (%d targets%s): %d exact labels used, %d censored excluded, %d"
                + " unlabelled%n", g.split(), perTarget.size(), report.pooled() ? "" : "; pooled only with --pooled",
                g.exact(), g.censored(), g.unlabelled());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-14s %4s", "target", "n"));
        for (Metric m : SHOWN) {
            head.append(String.format(Locale.ROOT, "  %-19s", ascii(m)));
        }
        w.println(head.append("  pred SD / label SD").toString());
        for (GroupEvaluation t : perTarget) {
            PredictorResult r = t.result(Predictor.MODEL);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-14s %4d", t.target().get(),
                    r.n()));
            for (Metric m : SHOWN) {
                line.append(String.format(Locale.ROOT, "  %-19s", cell(r.get(m))));
            }
            line.append("  ").append(t.spread().map(x -> String.format(Locale.ROOT, "%.2f / %.2f%s",
                    x.predictionSd(), x.labelSd(), x.nearConstant() ? " (nearly constant)" : "")).orElse("-"));
            w.println(line.toString().stripTrailing());
        }
        w.println(mean.get().title() + (mean.get().excluded().isEmpty() ? ""
                : " (not averaged, under " + TargetMean.MIN_LABELS + " labels: "
                        + String.join(", ", mean.get().excluded()) + ")") + ":");
        predictorTable(w, mean.get().results());
        differences(w, "paired differences, model - baseline, " + mean.get().title() + " (95% CI):",
                mean.get().comparisons());
        w.println("Spearman per target, model vs docking score:");
        for (GroupEvaluation t : perTarget) {
            w.printf(Locale.ROOT, "  %-14s n=%-4d model %-19s docking %s%n", t.target().get(), t.exact(),
                    cell(t.result(Predictor.MODEL).get(Metric.SPEARMAN)),
                    t.result(Predictor.DOCK_SCORE).available()
                            ? cell(t.result(Predictor.DOCK_SCORE).get(Metric.SPEARMAN)) : "-");
        }
        if (report.pooled()) {
            w.println(g.title() + " (on request; pooled correlations mix the targets' affinity ranges):");
            predictorTable(w, g.results());
            g.spread().ifPresent(s -> w.println("  " + s.describe()));
            differences(w, "paired differences, model - baseline, pooled (95% CI):", g.comparisons());
        }
    }

    private static final List<Metric> SHOWN = List.of(Metric.MAE, Metric.RMSE, Metric.PEARSON, Metric.SPEARMAN,
            Metric.KENDALL);

    private static void predictorTable(PrintWriter w, List<PredictorResult> results) {
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-14s %4s", "predictor", "n"));
        for (Metric m : SHOWN) {
            head.append(String.format(Locale.ROOT, "  %-19s", ascii(m)));
        }
        w.println(head.toString().stripTrailing());
        for (PredictorResult r : results) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-14s %4s", r.predictor().label(),
                    r.available() ? Integer.toString(r.n()) : "-"));
            if (!r.available()) {
                line.append("  not available: ").append(r.unavailable());
            } else {
                for (Metric m : SHOWN) {
                    line.append(String.format(Locale.ROOT, "  %-19s", cell(r.get(m))));
                }
            }
            w.println(line.toString().stripTrailing());
        }
    }

    /** The key paired differences: RMSE against the train mean, Spearman against every other baseline. */
    private static void differences(PrintWriter w, String title, List<Comparison> comparisons) {
        List<String> diffs = new ArrayList<>();
        for (Comparison c : comparisons) {
            MetricDifference d = c.difference();
            boolean key = (c.baseline() == Predictor.TRAIN_MEAN && d.metric() == Metric.RMSE)
                    || (c.baseline() != Predictor.TRAIN_MEAN && d.metric() == Metric.SPEARMAN);
            if (key && d.defined()) {
                diffs.add(String.format(Locale.ROOT, "  %s vs %s: %+.3f [%+.3f, %+.3f] (%s)", ascii(d.metric()),
                        c.baseline().label(), d.difference(), d.lower(), d.upper(), c.verdictText()));
            }
        }
        if (!diffs.isEmpty()) {
            w.println(title);
            diffs.forEach(w::println);
        }
    }

    private static String cell(Optional<MetricEstimate> e) {
        if (e.isEmpty()) {
            return "-";
        }
        if (!e.get().defined()) {
            return "undefined";
        }
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", e.get().value(), e.get().lower(), e.get().upper());
    }

    /** Terminal-safe metric names (the console may not be UTF-8). */
    private static String ascii(Metric m) {
        return switch (m) {
            case MAE -> "MAE";
            case RMSE -> "RMSE";
            case PEARSON -> "Pearson r";
            case SPEARMAN -> "Spearman";
            case KENDALL -> "Kendall tau-b";
        };
    }
}
