package org.multipose.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.multipose.base.InputException;
import org.multipose.cli.options.PoseSelectionOptions;
import org.multipose.cli.options.PrepareInputs;
import org.multipose.config.OutputPaths;
import org.multipose.config.PoseSelection;
import org.multipose.config.PrepareConfig;
import org.multipose.data.DatasetStats;
import org.multipose.data.DatasetSummary;
import org.multipose.data.PrepareProgress;
import org.multipose.data.PrepareResult;
import org.multipose.data.Preparer;
import org.multipose.typing.AtomTyper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline prepare}: pose files + receptors + affinity table → a dataset directory
 * (docs/guide/preparing.md). Inputs come from options or from the {@code data.prepare} section of a training config.
 */
@Command(
        name = "prepare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prepare a dataset: parse and type docked poses, type each target's receptor once, join the affinity"
                    + " labels, and write Arrow tables, rejects.csv and summary.json into --out.",
            "Inputs from options (--poses, --receptor, --affinities, ...) or from --config (the data.prepare section"
                    + " of a training config)."
        })
public final class PrepareCommand implements Callable<Integer> {

    @CommandLine.Mixin
    PrepareInputs inputs = new PrepareInputs();

    @CommandLine.Mixin
    PoseSelectionOptions poseSelection = new PoseSelectionOptions();

    @Option(names = "--typer", paramLabel = "gnina|element",
            description = "atom typing: gnina (28 XS channels, default) or element; with --config, the config's"
                    + " data.prepare.typer unless given")
    String typer;

    @Option(names = "--workers", paramLabel = "N",
            description = "parsing threads (default: the available processors)")
    Integer workers;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Option(names = "--out", paramLabel = "DIR", description = "dataset directory to write (created if needed)")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrepareConfig config = inputs.toConfig(note -> o.println("note: " + note));
        // The options win; with --config its data.pose_selection applies (the run would use it too).
        PoseSelection selection = poseSelection.selection().orElse(inputs.configPoseSelection());
        if (out == null) {
            throw new InputException("--out DIR is missing: name the dataset directory to write, e.g. --out data/ds");
        }
        int n = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (n < 1) {
            throw new InputException("--workers " + n + ": give at least 1");
        }
        OutputPaths.directory(out, "--out");
        AtomTyper t = PrepareInputs.typer(typer, config);
        PrepareProgress progress = quiet || !Terminal.isInteractive() ? PrepareProgress.NONE : new PrepareProgressBar();
        long t0 = System.nanoTime();
        PrepareResult r = new Preparer(t, n, progress).run(config, selection, out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        report(r, seconds, n);
        return 0;
    }

    private void report(PrepareResult r, double seconds, int n) {
        PrintWriter o = spec.commandLine().getOut();
        DatasetSummary s = r.summary();
        DatasetStats st = s.stats();
        Map<String, Long> in = s.inputCounts();
        o.printf(Locale.ROOT, "prepare: wrote %s (%.1f s, %d worker%s)%n", r.directory().toAbsolutePath().normalize(),
                seconds, n, n == 1 ? "" : "s");
        List<String> targets = new ArrayList<>();
        st.perTarget().forEach((t, c) -> targets.add(String.format(Locale.ROOT, "%s %d compounds / %d poses /"
                + " receptor %d atoms", t, c.compounds(), c.poses(), r.receptorAtoms().getOrDefault(t, 0))));
        o.printf(Locale.ROOT, "  targets: %d (%s)%n", st.targets(), String.join("; ", targets));
        o.printf(Locale.ROOT, "  compounds: %d (labelled %d, unlabelled %d kept for prediction, censored %d)%n",
                st.compounds(), st.labelled(), st.unlabelled(), st.censored());
        o.printf(Locale.ROOT, "  poses: %d from %d pose records in %d file(s)%n", st.poses(),
                in.getOrDefault("pose_records", 0L), in.getOrDefault("pose_files", 0L));
        if (!s.poseSelection().selection().all()) {
            o.printf(Locale.ROOT, "  pose selection: %s%n", s.poseSelection().describe());
        }
        o.printf(Locale.ROOT, "  labels: %d from %d table rows; %d without poses%n", in.getOrDefault("labels", 0L),
                in.getOrDefault("affinity_rows", 0L), r.labelsWithoutPoses());
        List<String> reasons = new ArrayList<>();
        new TreeMap<>(s.rejectsByReason()).forEach((k, v) -> reasons.add(k + " " + v));
        o.printf(Locale.ROOT, "  rejects: %d%s%n", s.rejects(), reasons.isEmpty() ? ""
                : " (" + String.join(", ", reasons) + "; see " + r.directory().resolve("rejects.csv") + ")");
        o.printf(Locale.ROOT, "  typing: %s, %d channels%n", s.metadata().typer(), s.metadata().channelNames().size());
        o.printf(Locale.ROOT, "  fingerprint: %s%n", s.fingerprint());
        for (String note : r.notes()) {
            o.println("  note: " + note);
        }
        o.flush();
    }
}
