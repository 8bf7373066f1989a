package org.multipose.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.multipose.base.InputException;
import org.multipose.cli.options.PoseSelectionOptions;
import org.multipose.cli.options.PrepareInputs;
import org.multipose.config.PoseSelection;
import org.multipose.config.PrepareConfig;
import org.multipose.data.PrepareProgress;
import org.multipose.data.PrepareResult;
import org.multipose.data.Preparer;
import org.multipose.eval.PredictionWriter;
import org.multipose.predict.PredictionListener;
import org.multipose.predict.TrainedModel;
import org.multipose.train.PhaseTimes;
import org.multipose.train.run.RunDirectory;
import org.multipose.typing.AtomTyper;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code predict} and {@code evaluate} share — the run, its checkpoint, and the dataset (a prepared one,
 * or poses to prepare with the run's typing) — and the steps they share: load the model, prepare, predict and write
 * the predictions tables ({@link PredictionWriter}, the same path as the end of {@code train}).
 */
public final class PredictInputs {

    /** Where poses given by the prepare flags are prepared, under the output directory. */
    static final String DATASET_DIR = RunDirectory.DATASET;

    @Option(names = "--run", paramLabel = "RUN", description = "the training run directory (made by ./pipeline train)")
    Path run;

    @Option(names = "--checkpoint", paramLabel = "best|last|DIR", defaultValue = TrainedModel.BEST,
            description = "which weights: each member's best epoch (default), its last checkpoint, or one checkpoint"
                    + " directory (a path, or a name under RUN/checkpoints/)")
    String checkpoint;

    @Option(names = "--dataset", paramLabel = "DIR",
            description = "a prepared dataset (./pipeline prepare); or give the poses with the prepare flags")
    Path dataset;

    @Mixin
    PrepareInputs prepare = new PrepareInputs();

    @Mixin
    PoseSelectionOptions poseSelection = new PoseSelectionOptions();

    @Option(names = "--typer", paramLabel = "gnina|element",
            description = "only to confirm: poses are prepared with the run's typing, another one is refused")
    String typer;

    @Option(names = "--workers", paramLabel = "N",
            description = "parsing threads when preparing poses (default: the available processors)")
    Integer workers;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    /**
     * The run's model at {@code --checkpoint}.
     *
     * @throws InputException for a missing --run, run directory or checkpoint
     */
    TrainedModel model() {
        if (run == null) {
            throw new InputException("--run RUN is missing: give the directory of a training run (e.g."
                    + " runs/quickstart-20261121-145247)");
        }
        return TrainedModel.load(run, checkpoint);
    }

    /** True when the poses come from the prepare flags. */
    boolean preparing() {
        return !prepare.isEmpty();
    }

    /**
     * The dataset to predict: {@code --dataset}, or the poses of the prepare flags prepared into
     * {@code out/dataset} with the model's typing, or {@code fallback} when neither is given.
     *
     * @throws InputException for both or (without a fallback) neither, a --typer other than the model's, or a
     *                        prepare problem
     */
    Path dataset(TrainedModel model, Path out, Optional<Path> fallback, PrintWriter o) {
        if (dataset != null && preparing()) {
            throw new InputException("--dataset and the prepare flags (--poses, --receptor, ...) both given; give a"
                    + " prepared dataset or the poses to prepare, not both");
        }
        if (!preparing()) {
            List<String> extra = new ArrayList<>();
            if (typer != null) {
                extra.add("--typer");
            }
            if (workers != null) {
                extra.add("--workers");
            }
            if (!extra.isEmpty()) {
                throw new InputException(String.join(", ", extra) + " applies to preparing poses (--poses,"
                        + " --receptor, ...); drop it");
            }
            if (dataset != null) {
                return dataset;
            }
            return fallback.orElseThrow(() -> new InputException("no dataset: give --dataset DIR (a prepared"
                    + " dataset) or the poses to prepare (--poses PATTERN --receptor [TARGET=]FILE"
                    + " [--affinities CSV])"));
        }
        AtomTyper t = PrepareInputs.typer(model.typer());
        if (typer != null && !PrepareInputs.typer(typer).spec().typer().equals(t.spec().typer())) {
            throw new InputException("--typer " + typer + ": the model was trained on " + model.typer()
                    + " typing and poses are prepared with it; drop --typer");
        }
        PrepareConfig config = prepare.toConfig(note -> o.println("note: " + note));
        int n = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (n < 1) {
            throw new InputException("--workers " + n + ": give at least 1");
        }
        PrepareProgress bar = quiet || !Terminal.isInteractive() ? PrepareProgress.NONE : new PrepareProgressBar();
        long t0 = System.nanoTime();
        Path dir = out.resolve(DATASET_DIR);
        PrepareResult p = new Preparer(t, n, bar).run(config, dir);
        o.printf(Locale.ROOT, "prepared %s with %s typing: %d compounds (%d labelled), %d poses, %d rejects (%.1f s)%n",
                p.directory(), t.spec().typer(), p.summary().stats().compounds(), p.summary().stats().labelled(),
                p.summary().stats().poses(), p.summary().rejects(), (System.nanoTime() - t0) / 1e9);
        if (p.summary().rejects() > 0) {
            o.println("  rejects: " + dir.resolve("rejects.csv"));
        }
        for (String note : p.notes()) {
            o.println("  note: " + note);
        }
        o.flush();
        return dir;
    }

    /**
     * Predicts the dataset with the model — with the poses the selection options keep, else with the run's
     * {@code data.pose_selection} — and writes the tables and provenance.json into {@code out}.
     */
    PredictionWriter.Result predict(TrainedModel model, Path datasetDir, Path out, String command) {
        boolean bars = !quiet && Terminal.isInteractive();
        PoseSelection selection = poseSelection.selection().orElse(model.config().data().poseSelection());
        try (PredictProgressBar bar = new PredictProgressBar()) {
            PredictionListener listener = new PredictionListener() {
                @Override
                public void compoundPredicted(int member, int members, int done, int total) {
                    if (bars) {
                        bar.compoundPredicted(member, members, done, total);
                    }
                }

                @Override
                public void memberTimed(int member, PhaseTimes times) {
                    passTimes.addAll(times);
                }
            };
            return PredictionWriter.predictAndWrite(model, datasetDir, selection, out, "multipose " + command + " "
                    + VersionInfo.get("version"), Map.of(), listener);
        }
    }

    /** Time the prediction passes spent per phase (all members), filled by {@link #predict}. */
    final PhaseTimes passTimes = new PhaseTimes();

    /** "gridding 1.2 s, network 3.4 s (26 % gridding)" for the command's summary. */
    String timesLine() {
        double grid = passTimes.nanos(PhaseTimes.Phase.GRID) / 1e9;
        double net = passTimes.nanos(PhaseTimes.Phase.NETWORK) / 1e9;
        double total = passTimes.total() / 1e9;
        return String.format(java.util.Locale.ROOT, "gridding %.1f s, network %.1f s, combination %.2f s (%.0f %% of"
                + " the pass in gridding)", grid, net, passTimes.nanos(PhaseTimes.Phase.COMBINATION) / 1e9,
                total > 0 ? 100 * grid / total : 0);
    }

    /** The pose line for the command's summary, or empty when every pose was used. */
    static Optional<String> selectionLine(PredictionWriter.Result r) {
        return r.selection().selection().all() ? Optional.empty() : Optional.of(r.selection().describe());
    }

    /** "RUN at best (epoch 7)", with the ensemble's size when it has several members. */
    static String describe(TrainedModel model) {
        int n = model.checkpoints().size();
        return model.run().root() + " at " + model.describe() + (n > 1 ? ", ensemble mean of " + n + " members" : "");
    }

    /** Whether the dataset is the training dataset, in words. */
    static String datasetLine(PredictionWriter.Result r) {
        return r.dataset() + " (" + r.fingerprint() + "): " + (r.runSplit()
                ? "the dataset the model was trained on, rows carry the run's split"
                : "not the dataset the model was trained on, split none");
    }
}
