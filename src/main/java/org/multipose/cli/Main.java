package org.multipose.cli;

import java.io.PrintWriter;
import org.multipose.base.InputException;
import org.multipose.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code pipeline} launcher: dispatches to the stage commands. */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "multipose: binding-affinity models trained from several docked poses per compound.",
        subcommands = {CommandLine.HelpCommand.class, TrainCommand.class, PrepareCommand.class, GridCommand.class,
            DatasetCommand.class, ReportCommand.class, PredictCommand.class, EvaluateCommand.class,
            RefineCommand.class, ScoreCommand.class, SweepCommand.class, DemoDataCommand.class, BenchCommand.class})
public final class Main implements Runnable {

    /** Exit code for bad input (a file, a config value, an option). */
    public static final int EXIT_INPUT = 2;
    /** Exit code for an unexpected internal failure. */
    public static final int EXIT_INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Builds the command line with the project's error handling: an {@link InputException} prints one line naming
     * the input and the fix and exits {@value #EXIT_INPUT}; anything else prints one line plus the stack trace when
     * {@code MULTIPOSE_DEBUG=1}, and exits {@value #EXIT_INTERNAL}.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            String name = cmd.getCommandSpec().qualifiedName();
            if (ex instanceof InputException) {
                err.println(name + ": error: " + ex.getMessage());
                err.flush();
                return EXIT_INPUT;
            }
            err.println(name + ": internal error: " + ex + " (set MULTIPOSE_DEBUG=1 for the stack trace;"
                    + " please report it)");
            if ("1".equals(System.getenv("MULTIPOSE_DEBUG"))) {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_INTERNAL;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
