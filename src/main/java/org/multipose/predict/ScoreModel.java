package org.multipose.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.multipose.base.InputException;
import org.multipose.config.GridSpec;
import org.multipose.model.GninaRegistry;
import org.multipose.model.PoseModel;
import org.multipose.typing.AtomTyper;
import org.multipose.typing.TypedAtoms;

/**
 * The networks a {@code score} run uses, named {@code gnina:NAME} (gnina's pretrained models from a weights folder,
 * {@link GninaRegistry}) or {@code run:DIR} (a run trained by multipose, at a checkpoint), with what scoring them
 * the way they were trained needs: the atom typer, the grid and the center of each pose's grid.
 */
public final class ScoreModel implements AutoCloseable {

    private final String name;
    private final List<PoseModel> members;
    private final AtomTyper typer;
    private final GridSpec grid;
    private final ScoringModel run; // null for gnina models

    private ScoreModel(String name, List<PoseModel> members, AtomTyper typer, GridSpec grid, ScoringModel run) {
        this.name = name;
        this.members = List.copyOf(members);
        this.typer = typer;
        this.grid = grid;
        this.run = run;
    }

    /**
     * Resolves a {@code --model} value.
     *
     * @param weightsDir   {@code --weights-dir}, if given
     * @param configDir    {@code model.weights_dir} of {@code --config}, if given
     * @param env          the environment (for {@value GninaRegistry#ENV})
     * @param checkpoint   for {@code run:}: best, last or a checkpoint directory
     * @throws InputException for another form, an unknown gnina name, missing weights or a missing run
     */
    public static ScoreModel open(String model, Optional<Path> weightsDir, Optional<Path> configDir,
            Map<String, String> env, String checkpoint) {
        String m = model.trim();
        if (m.startsWith(GninaRegistry.PREFIX)) {
            String gnina = m.substring(GninaRegistry.PREFIX.length());
            GninaRegistry.members(gnina); // an unknown name fails here, before the folder is looked for
            GninaRegistry registry = GninaRegistry.resolve(weightsDir, configDir, env);
            return new ScoreModel(m, registry.load(gnina), AtomTyper.gninaDefault(), GridSpec.defaults(), null);
        }
        if (m.startsWith("run:")) {
            if (weightsDir.isPresent()) {
                throw new InputException("--weights-dir is for gnina:NAME models; a run:DIR model reads its own"
                        + " checkpoints (drop --weights-dir)");
            }
            ScoringModel sm = ScoringModel.load(Path.of(m.substring(4)), checkpoint);
            return new ScoreModel(m + " (" + sm.describe(checkpoint) + ")", sm.members(), sm.typer(), sm.grid(),
                    sm);
        }
        throw new InputException("--model " + model + ": give gnina:NAME (gnina's pretrained models, e.g."
                + " gnina:default, gnina:dense, gnina:crossdock_default2018_ensemble) or run:DIR (a run made by"
                + " ./pipeline train)");
    }

    /** How the model was named, e.g. "gnina:default" or "run:runs/x (best (epoch 7))". */
    public String name() {
        return name;
    }

    public List<PoseModel> members() {
        return members;
    }

    public AtomTyper typer() {
        return typer;
    }

    public GridSpec grid() {
        return grid;
    }

    /** True for gnina's pretrained models. */
    public boolean isGnina() {
        return run == null;
    }

    /**
     * The grid center of a pose: gnina's (the typed ligand atoms' float32 mean) for gnina models, the run's own rule
     * for runs (the centroid of the compound's poses {@code compoundPoses}, the pose's own, or a fixed per-target
     * point).
     */
    public double[] center(TypedAtoms ligand, List<TypedAtoms> compoundPoses, String target) {
        return run == null ? PoseBatchScorer.ligandCenter(ligand) : run.center(ligand, compoundPoses, target);
    }

    /**
     * True when a pose's grid center depends on the compound's other poses in its file (a run centred per
     * compound): such poses must be read together, file by file.
     */
    public boolean centersOnCompound() {
        return run != null && grid.center() == GridSpec.Center.COMPOUND;
    }

    /** The members' architectures with counts: "default2018", "dense ×2, default2018 ×3". */
    public String architectures() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        members.forEach(m -> counts.merge(m.spec().architecture(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((a, n) -> parts.add(counts.size() == 1 && n == 1 ? a : a + " ×" + n));
        return String.join(", ", parts);
    }

    @Override
    public void close() {
        if (run != null) {
            run.close();
        } else {
            members.forEach(PoseModel::close);
        }
    }
}
