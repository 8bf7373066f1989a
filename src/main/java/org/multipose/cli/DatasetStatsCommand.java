package org.multipose.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.multipose.base.Reject;
import org.multipose.data.Dataset;
import org.multipose.data.DatasetMetadata;
import org.multipose.data.DatasetStats;
import org.multipose.data.DatasetSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pipeline dataset stats DIR}: compounds, targets, poses per compound (histogram), label range, censored
 * and unlabelled counts, rejects by reason, typing and fingerprint of a dataset directory. Reads the compound
 * table and rejects.csv only (not the poses), so it is quick on large datasets; {@code --verify} also re-hashes
 * the Arrow files and compares with the fingerprint recorded by prepare.
 */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = "Print counts and label statistics of a dataset directory.")
public final class DatasetStatsCommand implements Callable<Integer> {

    private static final int BAR = 40;

    @Parameters(index = "0", paramLabel = "DIR", description = "dataset directory written by prepare")
    Path dir;

    @Option(names = "--verify", description = "re-hash the Arrow files and compare with summary.json's fingerprint")
    boolean verify;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Dataset ds = Dataset.open(dir)) {
            DatasetStats s = DatasetStats.of(ds.compounds());
            DatasetMetadata m = ds.metadata();
            out.println("dataset: " + dir);
            out.printf(Locale.ROOT, "format %d, typer %s, %d channels%n", m.formatVersion(),
                    m.typer().isEmpty() ? "(none)" : m.typer(), m.channelNames().size());
            List<String> perTarget = new ArrayList<>();
            s.perTarget().forEach((t, c) -> perTarget.add(t + " " + c.compounds()));
            out.printf(Locale.ROOT, "targets: %d%s%n", s.targets(),
                    perTarget.isEmpty() ? "" : " (compounds: " + String.join(", ", perTarget) + ")");
            out.printf(Locale.ROOT, "receptors: %d%n", ds.receptorTargets().size());
            out.printf(Locale.ROOT, "compounds: %d (labelled %d, unlabelled %d, censored %d, with sigma %d)%n",
                    s.compounds(), s.labelled(), s.unlabelled(), s.censored(), s.withSigma());
            out.printf(Locale.ROOT, "poses: %d%n", s.poses());
            out.println("poses per compound:");
            int most = 1;
            for (int n : s.posesPerCompound().values()) {
                most = Math.max(most, n);
            }
            for (Map.Entry<Integer, Integer> e : s.posesPerCompound().entrySet()) {
                int len = (int) Math.ceil((double) BAR * e.getValue() / most);
                out.printf(Locale.ROOT, "  %4d | %-" + BAR + "s %d%n", e.getKey(), "#".repeat(len), e.getValue());
            }
            if (s.exactPkMin().isPresent()) {
                out.printf(Locale.ROOT, "label range (exact pK): %.3f .. %.3f, mean %.3f, sd %s%n",
                        s.exactPkMin().getAsDouble(), s.exactPkMax().getAsDouble(), s.exactPkMean().getAsDouble(),
                        fmt(s.exactPkSd()));
            } else {
                out.println("label range (exact pK): no exact labels");
            }
            List<String> measures = new ArrayList<>();
            s.labelsByMeasure().forEach((k, v) -> measures.add(k + " " + v));
            out.println("labels by measure: " + (measures.isEmpty() ? "none" : String.join(", ", measures)));
            List<Reject> rejects = ds.rejects();
            List<String> reasons = new ArrayList<>();
            DatasetSummary.countByCategory(rejects).forEach((k, v) -> reasons.add(k + " " + v));
            out.printf(Locale.ROOT, "rejects: %d%s%n", rejects.size(),
                    reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + "; see rejects.csv)");
            String recorded = ds.recordedFingerprint().orElse("(not recorded: summary.json missing)");
            out.println("fingerprint: " + recorded);
            if (verify) {
                ds.verifiedFingerprint();
                out.println("fingerprint verified");
            }
        }
        out.flush();
        return 0;
    }

    private static String fmt(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.3f", v.getAsDouble()) : "n/a";
    }
}
