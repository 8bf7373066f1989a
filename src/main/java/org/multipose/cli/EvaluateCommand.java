package org.multipose.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.multipose.base.InputException;
import org.multipose.config.OutputPaths;
import org.multipose.eval.BootstrapOptions;
import org.multipose.eval.EvaluationReport;
import org.multipose.eval.HtmlReport;
import org.multipose.eval.MetricsJson;
import org.multipose.eval.PredictionWriter;
import org.multipose.eval.ReportContext;
import org.multipose.eval.ReportWriter;
import org.multipose.predict.TrainedModel;
import org.multipose.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline evaluate --run RUN [--checkpoint best|last|DIR] [--dataset DIR | prepare flags] [--out DIR]
 * [--resamples N] [--seed S]}: predicts a dataset with a trained run (by default the run's own, so its test split
 * is the headline) and writes the evaluation report — {@code report.html}, {@code metrics.json}, {@code plots/} —
 * next to the predictions tables, with the run's training curves and config.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Re-score a trained run, or score it on another labelled set: predict every compound, then"
                + " write report.html, metrics.json, plots/ and the predictions tables into --out.",
            "Default dataset: the run's own (its test split is the headline); default --out:"
                + " RUN/evaluate-<checkpoint>."})
public final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Mixin
    PredictInputs inputs = new PredictInputs();

    @Option(names = "--out", paramLabel = "DIR",
            description = "where to write (default: RUN/evaluate-<checkpoint> on the run's own dataset; required"
                    + " with another dataset)")
    Path out;

    @Option(names = "--resamples", paramLabel = "N", defaultValue = "1000",
            description = "bootstrap resamples (default: ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--pooled", description = "also score several targets' compounds pooled together (labelled"
            + " pooled; default: the run's evaluation.pooled); the headline stays per target and their mean")
    boolean pooled;

    @Option(names = "--seed", paramLabel = "S",
            description = "seed of the bootstrap resampling (default: the run's seed, as the metrics.json training"
                    + " wrote)")
    Long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        if (resamples < 1) {
            throw new InputException("--resamples: must be >= 1, got " + resamples);
        }
        long t0 = System.nanoTime();
        TrainedModel model = inputs.model();
        boolean ownData = inputs.dataset == null && !inputs.preparing();
        Path dir;
        if (out != null) {
            dir = out.toAbsolutePath().normalize();
        } else if (ownData) {
            String name = model.choice().equals(TrainedModel.BEST) || model.choice().equals(TrainedModel.LAST)
                    ? model.choice() : model.checkpoints().get(0).directory().getFileName().toString();
            dir = model.run().root().resolve("evaluate-" + name);
        } else {
            throw new InputException("--out DIR is missing: evaluate on another dataset writes its report into"
                    + " --out");
        }
        if (dir.equals(model.run().root())) {
            throw new InputException("--out " + out + " is the run directory: its predictions and metrics.json are"
                    + " training's; choose another directory");
        }
        OutputPaths.directory(dir, out != null ? "--out" : "the report directory");
        Path dataset = inputs.dataset(model, dir, Optional.of(Trainer.datasetOf(model.config(), model.run())), o);
        PredictionWriter.Result r = inputs.predict(model, dataset, dir, "evaluate");
        BootstrapOptions boot = new BootstrapOptions(resamples, seed != null ? seed : model.config().seed(), 0.95);
        EvaluationReport report = EvaluationReport.evaluate(r.table(), boot,
                pooled || model.config().evaluation().pooled());
        String generator = "multipose evaluate " + VersionInfo.get("version");
        List<Path> written = new ArrayList<>(ReportWriter.write(report,
                ReportContext.load(generator, dir, Optional.of(model.run().root())), dir));
        o.printf(Locale.ROOT, "evaluate: %s (%.1f s)%n", PredictInputs.describe(model),
                (System.nanoTime() - t0) / 1e9);
        o.println("  dataset: " + PredictInputs.datasetLine(r));
        PredictInputs.selectionLine(r).ifPresent(line -> o.println("  pose selection: " + line));
        ReportCommand.summary(o, r.table(), report);
        int plots = 0;
        for (Path p : written) {
            if (p.getParent().getFileName().toString().equals(ReportWriter.PLOTS_DIR)) {
                plots++;
            }
        }
        o.printf(Locale.ROOT, "wrote %s, %s, %s/ (%d files), %s%n", dir.resolve(HtmlReport.FILE),
                dir.resolve(MetricsJson.FILE), dir.resolve(ReportWriter.PLOTS_DIR), plots,
                String.join(", ", r.written().stream().map(p -> p.getFileName().toString()).toList()));
        o.flush();
        return 0;
    }
}
