package org.multipose.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pipeline dataset <what>}: look into a prepared dataset directory. */
@Command(
        name = "dataset",
        mixinStandardHelpOptions = true,
        description = "Inspect a prepared dataset.",
        subcommands = {DatasetStatsCommand.class})
public final class DatasetCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
