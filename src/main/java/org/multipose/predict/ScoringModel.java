package org.multipose.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.multipose.base.InputException;
import org.multipose.config.GridSpec;
import org.multipose.data.DatasetMetadata;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;
import org.multipose.refine.RigidGradient;
import org.multipose.train.run.Checkpoint;
import org.multipose.train.run.CheckpointState;
import org.multipose.typing.AtomTyper;
import org.multipose.typing.TypedAtoms;
import org.multipose.typing.Typers;

/**
 * A run's trained model made ready to score poses read from files: one network per ensemble member (from the
 * chosen checkpoints, {@link TrainedModel#load}), the grid and center rule and the atom typer the model was trained
 * with (all from the checkpoint, so a pose is gridded exactly as in training, without augmentation).
 */
public final class ScoringModel implements AutoCloseable {

    private final List<Checkpoint> checkpoints;
    private final List<PoseModel> members;
    private final GridSpec grid;
    private final AtomTyper typer;

    private ScoringModel(List<Checkpoint> checkpoints, List<PoseModel> members, GridSpec grid,
            AtomTyper typer) {
        this.checkpoints = List.copyOf(checkpoints);
        this.members = List.copyOf(members);
        this.grid = grid;
        this.typer = typer;
    }

    /**
     * The model of the run in {@code run} at {@code checkpoint} ("best", "last" or a checkpoint directory).
     *
     * @throws InputException for a missing run or checkpoint, members that disagree, or a typing this multipose
     *                        cannot reproduce
     */
    public static ScoringModel load(Path run, String checkpoint) {
        List<Checkpoint> cps = TrainedModel.load(run, checkpoint).checkpoints();
        CheckpointState first = cps.get(0).state();
        for (Checkpoint cp : cps) {
            CheckpointState s = cp.state();
            List<String> d = new ArrayList<>(first.grid().differences(s.grid()));
            d.addAll(first.typing().differences(s.typing()));
            // Members may be different networks (a run from gnina:default mixes Dense and default2018); they must
            // read the same input.
            ModelSpec a = ModelSpec.decode(first.modelSpec(), cps.get(0).directory().toString());
            ModelSpec b = ModelSpec.decode(s.modelSpec(), cp.directory().toString());
            if (a.inputChannels() != b.inputChannels() || a.gridPoints() != b.gridPoints()) {
                d.add("model input: " + a.inputChannels() + " channels of " + a.gridPoints() + "³ vs "
                        + b.inputChannels() + " of " + b.gridPoints() + "³");
            }
            if (!d.isEmpty()) {
                throw new InputException(cp.directory() + ": this member was trained unlike "
                        + cps.get(0).directory() + ": " + String.join(", ", d) + "; give checkpoints of one run");
            }
        }
        AtomTyper typer = typerFor(first.typing(), cps.get(0).directory().toString());
        List<PoseModel> models = new ArrayList<>();
        try {
            for (Checkpoint cp : cps) {
                models.add(cp.model());
            }
        } catch (RuntimeException e) {
            models.forEach(PoseModel::close);
            throw e;
        }
        return new ScoringModel(cps, models, first.grid(), typer);
    }

    /**
     * The typer that reproduces a recorded typing: gnina's default maps (per-atom or per-channel radii) or the
     * default element channels.
     *
     * @param where names the checkpoint in messages
     * @throws InputException when none does, naming the first differing fields
     */
    static AtomTyper typerFor(CheckpointState.TypingInfo typing, String where) {
        List<AtomTyper> candidates = Typers.candidates(typing.typer());
        if (candidates.isEmpty()) {
            String known = String.join(", ", Typers.REGISTRY.names());
            throw new InputException(where + ": the model was trained with typer '" + typing.typer()
                    + "', which this multipose cannot type with (it knows " + known + "); use a model trained on"
                    + " a dataset prepared with --typer " + Typers.choices());
        }
        List<String> diffs = List.of();
        for (AtomTyper t : candidates) {
            CheckpointState.TypingInfo ours = CheckpointState.TypingInfo.of(DatasetMetadata.of(t.spec()));
            List<String> d = typing.differences(ours);
            if (d.isEmpty()) {
                return t;
            }
            if (diffs.isEmpty()) {
                diffs = d;
            }
        }
        throw new InputException(where + ": the model's typing differs from this multipose's " + typing.typer()
                + " typing: " + shorten(String.join(", ", diffs)) + " (model vs here); refine types receptor and"
                + " ligand as the model was trained, so use a model trained with the default " + typing.typer()
                + " typing");
    }

    private static String shorten(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + " …";
    }

    /** The checkpoints in use, one per member. */
    public List<Checkpoint> checkpoints() {
        return checkpoints;
    }

    /** The networks, one per member (owned by this object). */
    public List<PoseModel> members() {
        return members;
    }

    /** The grid the model was trained on, with its center rule. */
    public GridSpec grid() {
        return grid;
    }

    /** The typer that reproduces the model's typing. */
    public AtomTyper typer() {
        return typer;
    }

    /**
     * The grid center for a pose whose typed ligand atoms are {@code ligand}, as training centred it: the centroid
     * of all heavy atoms of the compound's poses {@code compoundPoses} (rule "compound"; the pose itself among them),
     * the pose's own centroid (rule "ligand"), or the fixed center of {@code target} (rule "fixed").
     *
     * @throws InputException when the rule is fixed and {@code target} has no center (or is empty)
     */
    public double[] center(TypedAtoms ligand, List<TypedAtoms> compoundPoses, String target) {
        if (grid.center() == GridSpec.Center.COMPOUND) {
            double[] sum = new double[3];
            long n = 0;
            for (TypedAtoms p : compoundPoses) {
                float[] xyz = p.coords();
                for (int a = 0; a < p.size(); a++) {
                    sum[0] += xyz[3 * a];
                    sum[1] += xyz[3 * a + 1];
                    sum[2] += xyz[3 * a + 2];
                }
                n += p.size();
            }
            return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
        }
        if (grid.center() == GridSpec.Center.LIGAND) {
            return RigidGradient.centroid(ligand.coords());
        }
        List<Double> c = grid.fixedCenters().get(target);
        if (c == null) {
            throw new InputException(checkpoints.get(0).directory() + ": the model centres its grids on fixed"
                    + " points per target (" + grid.fixedCenters().keySet() + "); name one with --target"
                    + (target.isEmpty() ? "" : " ('" + target + "' is not one)"));
        }
        return new double[] {c.get(0), c.get(1), c.get(2)};
    }

    /** A scorer of {@code ligand} in {@code receptor} at {@code center} (the caller closes it). */
    public PoseScorer scorer(TypedAtoms receptor, TypedAtoms ligand, double[] center, int threads) {
        return new PoseScorer(members, grid, receptor, ligand, center, threads);
    }

    /** One line: "best (epoch 7)", "last (epochs 8, 9)". */
    public String describe(String choice) {
        List<String> epochs = new ArrayList<>();
        for (Checkpoint cp : checkpoints) {
            CheckpointState s = cp.state();
            epochs.add(s.position() > 0 ? String.format(Locale.ROOT, "%d + %d compounds", s.epoch(), s.position())
                    : Integer.toString(s.epoch()));
        }
        return choice + " (epoch" + (epochs.size() > 1 ? "s " : " ") + String.join(", ", epochs) + ")";
    }

    @Override
    public void close() {
        members.forEach(PoseModel::close);
    }
}
