package org.multipose.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.multipose.base.InputException;
import org.multipose.cli.Main;
import org.multipose.cli.options.PoseSelectionOptions;
import org.multipose.cli.options.PrepareInputs;
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
 * {@code prepare}, {@code predict} and {@code sweep} as Spark jobs (docs/scale-out.md). Exit codes as the core's: 2
 * for bad input (also when an executor found it), 3 for an internal error.
 */
@Command(name = "pipeline spark", mixinStandardHelpOptions = true,
        description = "multipose on Apache Spark: prepare, predict and sweeps over many executors.",
        subcommands = {CommandLine.HelpCommand.class, SparkMain.Prepare.class, SparkMain.Predict.class,
            SparkMain.Sweep.class})
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
        @Option(names = "--typer", paramLabel = "gnina|element", description = "atom typing (default gnina)")
        String typer = "gnina";
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
            SparkSession spark = SparkSessions.getOrCreate(sparkOptions.master, "multipose prepare");
            int n = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
            long t0 = System.nanoTime();
            PrepareResult r = new SparkPrepare(spark, typer, Math.max(1, splitMb) << 20, n).run(config, pattern,
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
