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
import org.multipose.eval.PredictionWriter;
import org.multipose.predict.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline predict --run RUN [--checkpoint best|last|DIR] (--dataset DIR | prepare flags) --out DIR}: a
 * trained model's predictions for every compound of a dataset — new docked poses are prepared first with the run's
 * typing — written as the evaluation report's tables ({@code predictions.csv}, {@code pose_predictions.csv}) and
 * {@code provenance.json} (docs/guide/predicting.md).
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Predict every compound of a dataset with a trained run: predictions.csv (per compound),"
                + " pose_predictions.csv (per pose: prediction, weight, coefficient) and provenance.json in --out.",
            "Give a prepared dataset (--dataset) or docked poses with the prepare flags (--poses, --receptor,"
                + " optionally --affinities): they are prepared into OUT/dataset with the run's typing first."})
public final class PredictCommand implements Callable<Integer> {

    @CommandLine.Mixin
    PredictInputs inputs = new PredictInputs();

    @Option(names = "--out", paramLabel = "DIR", description = "where to write the predictions (created if needed)")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        TrainedModel model = inputs.model();
        if (out == null) {
            throw new InputException("--out DIR is missing: name the directory for predictions.csv,"
                    + " pose_predictions.csv and provenance.json");
        }
        Path dir = out.toAbsolutePath().normalize();
        if (dir.equals(model.run().root())) {
            throw new InputException("--out " + out + " is the run directory: predictions there would replace the"
                    + " ones training wrote (and no longer match its metrics.json); choose another directory");
        }
        OutputPaths.directory(dir, "--out");
        Path dataset = inputs.dataset(model, dir, Optional.empty(), o);
        PredictionWriter.Result r = inputs.predict(model, dataset, dir, "predict");
        int poses = r.table().poses().size();
        o.printf(Locale.ROOT, "predict: %d compounds (%d labelled), %d poses with %s (%.1f s)%n",
                r.table().compounds().size(), r.labelled(), poses, PredictInputs.describe(model),
                (System.nanoTime() - t0) / 1e9);
        o.println("  dataset: " + PredictInputs.datasetLine(r));
        o.printf(Locale.ROOT, "  %.1f poses/s; %s%n", poses / ((System.nanoTime() - t0) / 1e9), inputs.timesLine());
        PredictInputs.selectionLine(r).ifPresent(line -> o.println("  pose selection: " + line));
        List<String> files = new ArrayList<>();
        r.written().forEach(p -> files.add(p.toString()));
        o.println("  wrote " + String.join(", ", files));
        o.println("next: ./pipeline report --predictions " + dir + " --run " + model.run().root()
                + (r.labelled() > 0 ? "   (report.html: metrics, plots, pose weights)"
                        : "   (report.html: predictions and pose weights; metrics need labels)"));
        o.flush();
        return 0;
    }
}
