package org.multipose.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.multipose.base.InputException;
import org.multipose.config.ConfigLoader;
import org.multipose.config.TrainingConfig;
import org.multipose.eval.SweepPlan;
import org.multipose.eval.SweepSummary;
import org.multipose.predict.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline sweep --config sweep.yaml}: the runs of a sweep ({@link SweepPlan}) trained one after another,
 * each exactly as {@code pipeline train --config BASE --set ...} would train it, then the summary table
 * ({@link SweepSummary}). A run that fails is a line in the table, not the end of the sweep. The Spark module runs
 * the same runs as separate tasks ({@code pipeline spark sweep}).
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Train every run of a sweep (a base config and a grid or list of values for config keys), one"
                + " after another, and write sweep.csv and sweep.md: per run its values, best epoch and validation and"
                + " test metrics."})
public final class SweepCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "the sweep file (YAML)")
    Path config;

    @Option(names = "--dry-run", description = "list the runs and their overrides, train nothing")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        SweepPlan plan = SweepPlan.read(config);
        Path dir = sweepDir(plan);
        o.printf(Locale.ROOT, "sweep %s: %d runs from %s, varying %s%n", plan.name(), plan.runs().size(),
                plan.base(), String.join(", ", plan.keys()));
        if (dryRun) {
            for (SweepPlan.Run r : plan.runs()) {
                o.println("  " + r.name() + ": --set " + String.join(" --set ", r.overrides()));
            }
            o.flush();
            return 0;
        }
        List<SweepSummary.Line> lines = new ArrayList<>();
        for (SweepPlan.Run r : plan.runs()) {
            long t0 = System.nanoTime();
            SweepSummary.Line line = train(plan, r);
            lines.add(line);
            o.printf(Locale.ROOT, "  %s: %s (%.0f s) %s%n", r.name(), line.status(), (System.nanoTime() - t0) / 1e9,
                    line.dir());
            o.flush();
        }
        List<Path> written = SweepSummary.write(plan, lines, dir);
        o.println("wrote " + written.get(0) + ", " + written.get(1));
        o.println(Files.exists(written.get(1)) ? read(written.get(1)) : "");
        o.flush();
        long failed = lines.stream().filter(l -> !l.status().equals("ok")).count();
        return failed == 0 ? 0 : Main.EXIT_INPUT;
    }

    /** The directory of the sweep's table: {@code <runs_dir>/<sweep name>} of the base config. */
    public static Path sweepDir(SweepPlan plan) {
        TrainingConfig c = ConfigLoader.load(plan.base(), plan.runs().get(0).overrides());
        return c.output().runsDir().resolve(plan.name());
    }

    /**
     * Trains one run of a sweep as {@code pipeline train --config BASE --set ... --quiet} in this JVM, its output in
     * {@code <sweep dir>/<run>.log}; the line says where it went and whether it succeeded.
     */
    public static SweepSummary.Line train(SweepPlan plan, SweepPlan.Run run) {
        TrainingConfig c = ConfigLoader.load(plan.base(), run.overrides());
        Path runDir = c.output().runsDir().resolve(run.name());
        List<String> args = new ArrayList<>(List.of("train", "--config", plan.base().toString(), "--quiet"));
        for (String s : run.overrides()) {
            args.add("--set");
            args.add(s);
        }
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        int exit = cl.execute(args.toArray(String[]::new));
        Path log = c.output().runsDir().resolve(plan.name()).resolve(run.name() + ".log");
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, out.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
        if (exit != 0) {
            String last = out.toString().strip().lines().reduce((a, b) -> b).orElse("exit " + exit);
            return new SweepSummary.Line(run, runDir, "", "failed: " + last);
        }
        String best;
        try {
            Map<String, String> p = TrainedModel.load(runDir, TrainedModel.BEST).provenance();
            best = SweepSummary.bestEpoch(p);
        } catch (InputException e) {
            best = "";
        }
        return new SweepSummary.Line(run, runDir, best, "ok");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
