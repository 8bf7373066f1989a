package org.multipose.cli.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.multipose.base.InputException;
import org.multipose.config.ConfigLoader;
import org.multipose.predict.TrainedModel;
import picocli.CommandLine.Option;

/**
 * The options {@code score} and {@code spark score} share (a picocli mixin): what to score — receptors, SD files of
 * poses, their target and compound ids — and with which model. Each command adds its own outputs, threads and
 * batch size.
 */
public final class ScoreInputs {

    @Option(names = "--receptor", required = true, paramLabel = "[TARGET=]R.pdb",
            description = "the receptor PDB; repeat as TARGET=FILE per target when --ligand has {target}")
    List<String> receptors = new ArrayList<>();

    @Option(names = "--ligand", required = true, paramLabel = "PATTERN",
            description = "SD files of poses (.sdf, .sd, optionally .gz): a file, a directory or a glob; a path"
                    + " segment {target} names each file's target (quote it); repeatable (spark score on a"
                    + " cluster: absolute paths on a file system every executor reaches)")
    List<String> ligands = new ArrayList<>();

    @Option(names = "--model", paramLabel = "gnina:NAME|run:DIR",
            description = "gnina's pretrained models (gnina:default, gnina:dense, gnina:crossdock_default2018,"
                    + " gnina:general_default2018_ensemble, ...) or a trained run (run:DIR) (default: ${DEFAULT-VALUE})")
    String model = "gnina:default";

    @Option(names = "--weights-dir", paramLabel = "DIR",
            description = "folder of gnina's .pt weight files (else model.weights_dir of --config, else"
                    + " $MULTIPOSE_GNINA_WEIGHTS; spark score resolves it on the driver)")
    Path weightsDir;

    @Option(names = "--config", paramLabel = "FILE", description = "a config whose model.weights_dir names the"
            + " weights folder")
    Path config;

    @Option(names = "--checkpoint", paramLabel = "best|last|DIR",
            description = "run:DIR models: each member's best or last checkpoint, or one checkpoint directory"
                    + " (default: ${DEFAULT-VALUE})")
    String checkpoint = TrainedModel.BEST;

    @Option(names = "--target", paramLabel = "NAME",
            description = "the target of the poses when --ligand has no {target} (default: the only receptor's)")
    String target;

    @Option(names = "--id-from", paramLabel = "title|tag:NAME|file|folder",
            description = "the compound id of a pose, for the per-compound rows and the CSV (default: title; a blank"
                    + " title falls back to the file name)")
    String idFrom = "title";

    /** The receptor files by target, from {@code --receptor} and {@code --target} (a blank target is refused). */
    public Map<String, Path> receptorFiles() {
        if (target != null && target.isBlank()) {
            throw new InputException("--target is blank; give a target name or leave the option out");
        }
        return PrepareInputs.receptorMap(receptors, target);
    }

    /** The {@code --ligand} patterns, as given. */
    public List<String> ligands() {
        return List.copyOf(ligands);
    }

    /** The {@code --target} name; empty when the patterns or the only receptor name it. */
    public Optional<String> target() {
        return Optional.ofNullable(target);
    }

    /** {@code --model}: gnina:NAME or run:DIR. */
    public String model() {
        return model;
    }

    /** {@code --weights-dir}, if given. */
    public Optional<Path> weightsDir() {
        return Optional.ofNullable(weightsDir);
    }

    /** model.weights_dir of the {@code --config} file, if both are there. */
    public Optional<Path> configWeights() {
        return config == null ? Optional.empty() : ConfigLoader.load(config, List.of()).model().weightsDir();
    }

    /** {@code --checkpoint}: best, last or a checkpoint directory. */
    public String checkpoint() {
        return checkpoint;
    }

    /** {@code --id-from}: where a pose's compound id comes from. */
    public String idFrom() {
        return idFrom;
    }
}
