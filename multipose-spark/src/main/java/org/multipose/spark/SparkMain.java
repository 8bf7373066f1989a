package org.multipose.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.multipose.base.InputException;
import org.multipose.base.Reject;
import org.multipose.cli.Main;
import org.multipose.cli.options.PoseSelectionOptions;
import org.multipose.cli.options.PrepareInputs;
import org.multipose.cli.options.ScoreInputs;
import org.multipose.config.OutputPaths;
import org.multipose.config.PoseSelection;
import org.multipose.config.PrepareConfig;
import org.multipose.data.PrepareResult;
import org.multipose.predict.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Entry point of {@code ./pipeline spark ...} and of {@code spark-submit --class org.multipose.spark.SparkMain}:
 * {@code prepare}, {@code predict}, {@code score} and {@code sweep} as Spark jobs (docs/scale-out.md). Exit codes as the core's: 2
 * for bad input (also when an executor found it), 3 for an internal error.
 */
@Command(name = "pipeline spark", mixinStandardHelpOptions = true,
        description = "multipose on Apache Spark: prepare, predict, score and sweeps over many executors.",
        subcommands = {CommandLine.HelpCommand.class, SparkMain.Prepare.class, SparkMain.Predict.class,
            SparkMain.Score.class, SparkMain.Sweep.class})
public final class SparkMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The master: spark-submit's, or --master, or local[*]. */
    static final class SparkOptions {
        @Option(names = "--master", paramLabel = "URL",
                description = "Spark master, e.g. local[2] (default: spark-submit's, else local[*])")
        String master;
    }

    @Command(name = "prepare", mixinStandardHelpOptions = true, sortOptions = false,
            description = "prepare as a Spark job: the same dataset as ./pipeline prepare, written as parts"
                    + " (parts/*.arrow + manifest.json) that dataset stats, train and predict read.")
    static final class Prepare implements Callable<Integer> {
        @Mixin PrepareInputs inputs = new PrepareInputs();
        @Mixin PoseSelectionOptions poseSelection = new PoseSelectionOptions();
        @Mixin SparkOptions sparkOptions = new SparkOptions();
        @Option(names = "--typer", paramLabel = "gnina|element", description = "atom typing (default gnina, or with"
                + " --config its data.prepare.typer)")
        String typer;
        @Option(names = "--partitions", paramLabel = "N", description = "parts of the dataset (default: the"
                + " cluster's parallelism)")
        Integer partitions;
        @Option(names = "--split-mb", paramLabel = "MB", description = "an SD file larger than this is parsed by"
                + " several tasks (default 32)")
        long splitMb = SparkPrepare.DEFAULT_SPLIT_BYTES >> 20;
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "dataset directory")
        Path out;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            PrepareConfig config = inputs.toConfig(note -> o.println("note: " + note));
            PoseSelection selection = poseSelection.selection().orElse(inputs.configPoseSelection());
            OutputPaths.directory(out, "--out");
            String pattern = rawPoses(spec, config);
            // the typer's registry name, checked on the driver before Spark starts
            String typerName = PrepareInputs.typer(typer, config).spec().typer();
            SparkSession spark = SparkSessions.getOrCreate(sparkOptions.master, "multipose prepare");
            int n = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
            long t0 = System.nanoTime();
            PrepareResult r = new SparkPrepare(spark, typerName, Math.max(1, splitMb) << 20, n).run(config, pattern,
                    selection, out);
            o.printf(Locale.ROOT, "spark prepare: wrote %s (%.1f s, %s, %d parts)%n", out.toAbsolutePath(),
                    (System.nanoTime() - t0) / 1e9, spark.sparkContext().master(), n);
            o.printf(Locale.ROOT, "  compounds: %d (labelled %d), poses: %d, rejects: %d%n",
                    r.summary().stats().compounds(), r.summary().stats().labelled(), r.summary().stats().poses(),
                    r.summary().rejects());
            r.notes().forEach(x -> o.println("  note: " + x));
            o.println("  fingerprint: " + r.summary().fingerprint());
            o.println("next: ./pipeline dataset stats " + out);
            o.flush();
            return 0;
        }
    }

    @Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
            description = "predict as a Spark job: a run's predictions of every compound of a dataset, as Parquet and"
                    + " CSV tables (predictions.parquet, pose_predictions.parquet, *_csv/) and provenance.json.")
    static final class Predict implements Callable<Integer> {
        @Option(names = "--run", paramLabel = "RUN", required = true, description = "the training run")
        Path run;
        @Option(names = "--checkpoint", paramLabel = "best|last|DIR", defaultValue = TrainedModel.BEST,
                description = "which weights (default best)")
        String checkpoint;
        @Option(names = "--dataset", paramLabel = "DIR", required = true,
                description = "a prepared dataset (./pipeline prepare or ./pipeline spark prepare)")
        Path dataset;
        @Mixin PoseSelectionOptions poseSelection = new PoseSelectionOptions();
        @Mixin SparkOptions sparkOptions = new SparkOptions();
        @Option(names = "--tasks", paramLabel = "N", description = "slices of the compound table (default: 4 × the"
                + " cluster's parallelism)")
        Integer tasks;
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the tables go")
        Path out;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            OutputPaths.directory(out, "--out");
            TrainedModel model = TrainedModel.load(run, checkpoint);
            PoseSelection selection = poseSelection.selection().orElse(model.config().data().poseSelection());
            SparkSession spark = SparkSessions.getOrCreate(sparkOptions.master, "multipose predict");
            int n = tasks != null ? tasks : 4 * spark.sparkContext().defaultParallelism();
            long t0 = System.nanoTime();
            SparkPredict.Result r = new SparkPredict(spark, n).run(run, checkpoint, dataset, selection, out);
            o.printf(Locale.ROOT, "spark predict: %d compounds, %d poses (%.1f s, %s, %d tasks)%n", r.compounds(),
                    r.poses(), (System.nanoTime() - t0) / 1e9, spark.sparkContext().master(), n);
            r.written().forEach(p -> o.println("  wrote " + p));
            o.flush();
            return 0;
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
            description = "score as a Spark job: gnina's pretrained CNNs (gnina:NAME) or a trained run (run:DIR) on"
                    + " every pose of many SD files; per-pose and (with --combine) per-compound tables with score's"
                    + " CSV columns as Parquet and CSV (pose_scores.parquet, compound_scores.parquet, *_csv/),"
                    + " rejects.csv and provenance.json.")
    static final class Score implements Callable<Integer> {
        @Mixin ScoreInputs inputs = new ScoreInputs();
        @Option(names = "--combine", paramLabel = "max|mean|boltzmann",
                description = "write the per-compound table combining all of a compound's poses (across files)")
        String combine;
        @Option(names = "--threads", paramLabel = "N", description = "gridding and PyTorch threads per task"
                + " (default: ${DEFAULT-VALUE}; Spark runs one task per core)")
        int threads = 1;
        @Option(names = "--batch", paramLabel = "N", description = "poses per forward pass (default: ${DEFAULT-VALUE})")
        int batch = 8;
        @Option(names = "--split-mb", paramLabel = "MB", description = "an uncompressed SD file larger than this is"
                + " scored by several tasks (default 32; not for runs centred per compound)")
        long splitMb = SparkScore.DEFAULT_SPLIT_BYTES >> 20;
        @Mixin SparkOptions sparkOptions = new SparkOptions();
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the tables go")
        Path out;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (splitMb < 1) {
                throw new InputException("--split-mb must be ≥ 1 (got " + splitMb + ")");
            }
            OutputPaths.directory(out, "--out");
            Map<String, Path> receptorFiles = inputs.receptorFiles();
            SparkScore.Setup setup = SparkScore.setup(inputs.model(), inputs.weightsDir(),
                    inputs.configWeights(), inputs.checkpoint(), inputs.idFrom(), combine, threads, batch,
                    receptorFiles);
            SparkSession spark = SparkSessions.getOrCreate(sparkOptions.master, "multipose score");
            long t0 = System.nanoTime();
            SparkScore.Result r = new SparkScore(spark, splitMb << 20).run(setup, inputs.ligands(), inputs.target(),
                    out);
            double seconds = (System.nanoTime() - t0) / 1e9;
            for (Reject x : r.receptorSkips()) {
                err.println("spark score: skipped " + x.file() + " " + x.record() + ": " + x.reason());
            }
            int shown = Math.min(20, r.rejects().size());
            for (Reject x : r.rejects().subList(0, shown)) {
                err.println("spark score: skipped " + x.file() + (x.record().isEmpty() ? "" : " " + x.record()) + ": "
                        + x.reason());
            }
            if (shown < r.rejects().size()) {
                err.println("spark score: ... and " + (r.rejects().size() - shown) + " more in "
                        + out.resolve("rejects.csv"));
            }
            err.flush();
            o.printf(Locale.ROOT, "spark score: %d pose(s) from %d file(s) with %s in %.1f s (%.2f poses/s, %s, %d"
                    + " tasks); %d skipped%n", r.poses(), r.files(), r.model(), seconds, r.poses() / seconds,
                    spark.sparkContext().master(), r.tasks(), r.rejects().size());
            if (combine != null) {
                o.printf(Locale.ROOT, "  compounds: %d, poses combined by %s%n", r.compounds(),
                        combine.trim().toLowerCase(Locale.ROOT));
            }
            r.written().forEach(p -> o.println("  wrote " + p));
            o.flush();
            return 0;
        }
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = "a sweep's runs as separate Spark tasks (one run per task), then sweep.csv and sweep.md.")
    static final class Sweep implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE", required = true, description = "the sweep file (YAML)")
        Path config;
        @Mixin SparkOptions sparkOptions = new SparkOptions();
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            SparkSession spark = SparkSessions.getOrCreate(sparkOptions.master, "multipose sweep");
            List<Path> written = SparkSweep.run(spark, config);
            o.println("wrote " + written.get(0) + ", " + written.get(1));
            o.flush();
            return 0;
        }
    }

    /** The --poses text as typed (a URI keeps its "//"), or the config's pattern. */
    static String rawPoses(CommandLine.Model.CommandSpec spec, PrepareConfig config) {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        if (pr != null && pr.hasMatchedOption("--poses")) {
            return pr.matchedOptionValue("--poses", config.poses().toString());
        }
        return config.poses().toString();
    }

    /** The command line with the core's error handling, an executor's input error unwrapped to exit 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SparkMain());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            String name = cmd.getCommandSpec().qualifiedName();
            String input = inputMessage(ex);
            if (input != null) {
                err.println(name + ": error: " + input);
                err.flush();
                return Main.EXIT_INPUT;
            }
            err.println(name + ": internal error: " + ex + " (set MULTIPOSE_DEBUG=1 for the stack trace; please"
                    + " report it)");
            if ("1".equals(System.getenv("MULTIPOSE_DEBUG"))) {
                ex.printStackTrace(err);
            }
            err.flush();
            return Main.EXIT_INTERNAL;
        });
        return cl;
    }

    /** The message of an InputException anywhere in the cause chain (or in a failed task's text), else null. */
    static String inputMessage(Throwable ex) {
        String tag = InputException.class.getName() + ": ";
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof InputException) {
                return t.getMessage();
            }
            String m = String.valueOf(t.getMessage());
            int i = m.indexOf(tag);
            if (i >= 0) {
                return m.substring(i + tag.length()).lines().findFirst().orElse("");
            }
        }
        return null;
    }

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        System.exit(exit);
    }
}
