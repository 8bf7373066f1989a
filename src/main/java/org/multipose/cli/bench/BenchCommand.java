package org.multipose.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code pipeline bench <what>}: performance measurements, each printed as a ratio against a floor measured in the
 * same run (see docs/benchmarks.md). Benchmarks are not tests: they assert nothing, they report.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure performance against a floor measured in the same run.",
        subcommands = {GridBench.class, CombinationBench.class, PrepareBench.class, TrainBench.class,
            ScoreBench.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
