package org.multipose.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.multipose.base.InputException;
import org.multipose.config.OutputPaths;
import org.multipose.data.DemoDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipeline demo-data}: regenerates the bundled synthetic demo dataset (see {@link DemoDataset}). */
@Command(
        name = "demo-data",
        mixinStandardHelpOptions = true,
        description = {
            "Generate the synthetic multi-pose demo dataset (receptor.pdb, poses.sdf, affinities.csv, planted.csv).",
            "With the defaults it reproduces datasets/demo byte for byte."
        })
public final class DemoDataCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "output directory (created if needed)")
    Path out;

    @Option(names = "--compounds", description = "number of ligands (default: ${DEFAULT-VALUE})")
    int compounds = DemoDataset.Options.bundled().compounds();

    @Option(names = "--poses", description = "poses per ligand (default: ${DEFAULT-VALUE})")
    int poses = DemoDataset.Options.bundled().poses();

    @Option(names = "--candidates", description = "placements sampled per ligand (default: ${DEFAULT-VALUE})")
    int candidates = DemoDataset.Options.bundled().candidates();

    @Option(names = "--seed", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = DemoDataset.Options.bundled().seed();

    @Override
    public Integer call() {
        DemoDataset.Options opt;
        try {
            opt = new DemoDataset.Options(compounds, poses, candidates, seed);
        } catch (IllegalArgumentException e) {
            throw new InputException("demo-data: " + e.getMessage());
        }
        OutputPaths.directory(out, "--out");
        DemoDataset.Summary s = DemoDataset.generate(out, opt);
        System.out.printf("demo-data: wrote %d compounds, %d poses, a %d-atom pocket (%d censored labels) to %s%n",
                s.compounds(), s.poses(), s.receptorAtoms(), s.censored(), out.toAbsolutePath());
        return 0;
    }
}
