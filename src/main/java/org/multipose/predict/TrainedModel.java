package org.multipose.predict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.stream.Stream;
import org.multipose.base.InputException;
import org.multipose.config.ConfigLoader;
import org.multipose.config.GridSpec;
import org.multipose.config.TrainingConfig;
import org.multipose.data.Dataset;
import org.multipose.data.DatasetMetadata;
import org.multipose.data.SplitAssignment;
import org.multipose.model.ModelSpec;
import org.multipose.train.TrainingComponents;
import org.multipose.train.run.Checkpoint;
import org.multipose.train.run.CheckpointState;
import org.multipose.train.run.MachineInfo;
import org.multipose.train.run.RunDirectory;
import org.multipose.typing.TypingSpec;

/**
 * A run's trained model as used for prediction: the run's config and one checkpoint per ensemble member (each
 * member's {@code best} or {@code last}, or one checkpoint directory), with the checks that a dataset fits it and the
 * prediction of every compound of a dataset ({@link RunPredictor}: no augmentation, no gradients; an ensemble gives
 * the mean and standard deviation of the members' pK).
 */
public final class TrainedModel {

    /** {@code --checkpoint} value: each member's best epoch. */
    public static final String BEST = Checkpoint.BEST;
    /** {@code --checkpoint} value: each member's newest checkpoint. */
    public static final String LAST = Checkpoint.LAST;

    private final RunDirectory run;
    private final TrainingConfig config;
    private final String choice;
    private final List<Checkpoint> checkpoints;

    private TrainedModel(RunDirectory run, TrainingConfig config, String choice, List<Checkpoint> checkpoints) {
        this.run = run;
        this.config = config;
        this.choice = choice;
        this.checkpoints = List.copyOf(checkpoints);
    }

    /**
     * The model of the run in {@code runDir} at {@code checkpoint}: {@value #BEST} or {@value #LAST} (every member's
     * pointer), or a checkpoint directory (a path, or a name under the run's {@code checkpoints/}), which predicts
     * with that one checkpoint. The checkpoints must agree with the run's config (grid, model, combination, readout).
     *
     * @throws InputException for a missing run, a run without checkpoints, or a choice that names no checkpoint
     */
    public static TrainedModel load(Path runDir, String checkpoint) {
        if (!Files.isDirectory(runDir)) {
            throw new InputException(runDir + ": no such run directory; --run takes a directory made by"
                    + " ./pipeline train");
        }
        RunDirectory run = RunDirectory.open(runDir);
        TrainingConfig config = ConfigLoader.load(run.config(), List.of());
        int members = config.training().ensemble();
        List<Path> dirs = new ArrayList<>();
        String choice = checkpoint.trim();
        if (choice.equals(BEST) || choice.equals(LAST)) {
            for (int m = 1; m <= members; m++) {
                Path cps = run.checkpoints(m, members);
                String who = members > 1 ? "member " + m + " has" : "it has";
                Optional<Path> p = Checkpoint.pointed(cps, choice);
                if (p.isEmpty()) {
                    boolean last = Checkpoint.pointed(cps, LAST).isPresent();
                    throw new InputException(run.root() + ": " + who + " no checkpoint '" + choice + "' (no "
                            + run.root().relativize(cps.resolve(choice)) + "); " + (last
                                    ? "no epoch has finished yet: use --checkpoint last, or resume the run"
                                    : "train the run first (./pipeline train --resume " + run.root() + ")"));
                }
                dirs.add(p.get());
            }
        } else {
            Path given = Path.of(choice);
            Path named = run.checkpoints(1, members).resolve(choice);
            if (!Files.isDirectory(given) && members == 1 && !given.isAbsolute() && Files.isDirectory(named)) {
                given = named;
            }
            if (!Files.isDirectory(given)) {
                throw new InputException("--checkpoint " + checkpoint + ": not best, last or a checkpoint directory;"
                        + " give one of them (" + run.root().relativize(run.checkpoints(1, members)) + " holds "
                        + String.join(", ", names(run.checkpoints(1, members))) + ")");
            }
            dirs.add(given);
        }
        return of(run, config, dirs, choice);
    }

    /** The checkpoint directories in {@code checkpoints}, by name ("none" when there are none). */
    private static List<String> names(Path checkpoints) {
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(checkpoints)) {
            try (Stream<Path> s = Files.list(checkpoints)) {
                for (Path p : s.sorted().toList()) {
                    String n = p.getFileName().toString();
                    if (!n.startsWith(".") && !Files.isSymbolicLink(p) && Files.isDirectory(p)) {
                        out.add(n);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + checkpoints, e);
            }
        }
        return out.isEmpty() ? List.of("none") : out;
    }

    /**
     * The model of {@code run} (with its {@code config}) at the given checkpoint directories, one per member (or one
     * alone); {@code choice} says how they were chosen ("best", "last", a directory).
     *
     * @throws InputException when a directory is not a checkpoint or disagrees with the config
     */
    public static TrainedModel of(RunDirectory run, TrainingConfig config, List<Path> checkpointDirs,
            String choice) {
        if (checkpointDirs.isEmpty()) {
            throw new IllegalArgumentException("no checkpoints");
        }
        List<Checkpoint> cps = new ArrayList<>();
        for (Path d : checkpointDirs) {
            Checkpoint cp = Checkpoint.read(d);
            requireConfig(run, config, cp);
            cps.add(cp);
        }
        return new TrainedModel(run, config, choice, cps);
    }

    /** The checkpoint was trained with this config: grid and center rule, network, combination, readout. */
    private static void requireConfig(RunDirectory run, TrainingConfig config, Checkpoint cp) {
        String where = cp.directory().toString();
        CheckpointState s = cp.state();
        List<String> grid = s.grid().differences(config.grid());
        if (!grid.isEmpty()) {
            throw new InputException(where + ": the checkpoint was trained with another grid than " + run.config()
                    + ": " + String.join(", ", grid) + " (checkpoint vs run); give a checkpoint of this run");
        }
        ModelSpec saved = ModelSpec.decode(s.modelSpec(), where);
        TrainingComponents.model(config, s.member(), saved.inputChannels()).requireSame(saved, where);
        Path cfgFile = cp.directory().resolve(Checkpoint.CONFIG);
        if (Files.isRegularFile(cfgFile)) {
            TrainingConfig trained = ConfigLoader.load(cfgFile, List.of());
            if (!trained.combination().equals(config.combination())) {
                throw new InputException(where + ": the checkpoint was trained with another combination than "
                        + run.config() + ": " + trained.combination() + " vs " + config.combination()
                        + " (checkpoint vs run); give a checkpoint of this run");
            }
            if (!trained.readout().equals(config.readout())) {
                throw new InputException(where + ": the checkpoint was trained with another readout than "
                        + run.config() + ": " + trained.readout() + " vs " + config.readout()
                        + " (checkpoint vs run); give a checkpoint of this run");
            }
        }
    }

    public RunDirectory run() {
        return run;
    }

    public TrainingConfig config() {
        return config;
    }

    /** How the checkpoints were chosen: "best", "last" or the directory given. */
    public String choice() {
        return choice;
    }

    /** One checkpoint per member predicting (one alone when a directory was given). */
    public List<Checkpoint> checkpoints() {
        return checkpoints;
    }

    /** The typer name the model was trained with ("gnina", "element"), to prepare new poses alike. */
    public String typer() {
        return checkpoints.get(0).state().typing().typer();
    }

    /** The fingerprint of the dataset the model was trained on. */
    public String trainingFingerprint() {
        return checkpoints.get(0).state().dataset().fingerprint();
    }

    /**
     * Checks that the dataset fits the model: its typing (typer, radius mode, channel names and radii), hence its
     * channel list and the network's input channels, and a grid center for every target when the grids are centred on
     * fixed per-target points.
     *
     * @param where names the dataset in messages (its directory)
     * @throws InputException naming the first differing field, the model's value first
     */
    public void check(DatasetMetadata dataset, SortedSet<String> targets, String where) {
        for (Checkpoint cp : checkpoints) {
            CheckpointState.TypingInfo model = cp.state().typing();
            String difference = typingDifference(model, dataset);
            if (!difference.isEmpty()) {
                throw new InputException(where + ": the dataset was prepared with another typing than the model ("
                        + cp.directory() + "): " + difference + " (model vs dataset); prepare the poses with the"
                        + " model's typing (--typer " + model.typer() + ")");
            }
            ModelSpec expected = TrainingComponents.model(config, cp.state().member(),
                    dataset.channelNames().size());
            expected.requireSame(ModelSpec.decode(cp.state().modelSpec(), cp.directory().toString()),
                    cp.directory().toString());
        }
        if (config.grid().center() == GridSpec.Center.FIXED) {
            for (String t : targets) {
                if (!config.grid().fixedCenters().containsKey(t)) {
                    throw new InputException(where + ": target '" + t + "' has no grid center: the model centres"
                            + " its grids on fixed points per target (grid.center: fixed, centers for "
                            + config.grid().fixedCenters().keySet() + " in " + run.config() + "); predict poses"
                            + " of those targets");
                }
            }
        }
    }

    /**
     * The first typing field that differs, "" when none: {@link TypingSpec#difference} when both sides record their
     * whole spec, else every field either records.
     */
    static String typingDifference(CheckpointState.TypingInfo model, DatasetMetadata dataset) {
        DatasetMetadata asMetadata = new DatasetMetadata(DatasetMetadata.FORMAT_VERSION, model.typer(),
                model.channelNames(), model.channelRadii(), model.radiusMode(), model.receptorChannels());
        Optional<TypingSpec> a = asMetadata.typingSpec();
        Optional<TypingSpec> b = dataset.typingSpec();
        if (a.isPresent() && b.isPresent()) {
            return a.get().difference(b.get()).orElse("");
        }
        List<String> d = model.differences(CheckpointState.TypingInfo.of(dataset));
        return d.isEmpty() ? "" : d.get(0);
    }

    /**
     * Predictions of every compound of a dataset.
     *
     * @param compounds   per compound, in the dataset's key order
     * @param fingerprint the dataset's fingerprint
     * @param runSplit    true when it is the dataset the model was trained on, so compounds carry the run's split;
     *                    otherwise every compound's split is none
     */
    public record Prediction(List<PredictedCompound> compounds, String fingerprint, boolean runSplit) {
        public Prediction {
            compounds = List.copyOf(compounds);
        }
    }

    /**
     * Checks the dataset ({@link #check}) and predicts every compound; the split is the run's (from the checkpoint's
     * split file) when the dataset's fingerprint is the training dataset's, else none.
     */
    public Prediction predict(Dataset dataset, PredictionListener listener) {
        String where = dataset.directory().toString();
        check(dataset.metadata(), dataset.targets(), where);
        String fingerprint = dataset.verifiedFingerprint();
        boolean same = fingerprint.equals(trainingFingerprint());
        SplitAssignment split = SplitAssignment.of(Map.of());
        if (same) {
            // Every row: the dataset may be seen through another pose selection than training's, which can hold
            // compounds that were not split (split none) or lack some that were.
            Path file = checkpoints.get(0).directory().resolve(Checkpoint.SPLIT);
            split = SplitAssignment.readAll(Files.isRegularFile(file) ? file : run.split());
        }
        List<Path> dirs = new ArrayList<>();
        for (Checkpoint cp : checkpoints) {
            dirs.add(cp.directory());
        }
        return new Prediction(RunPredictor.predict(config, dataset, dirs, split, listener), fingerprint, same);
    }

    /**
     * What made the predictions, for provenance.json: the run, how the checkpoints were chosen, and per member the
     * checkpoint, the epochs it had completed (and compounds into the next, for a mid-epoch checkpoint) and the best
     * epoch so far; keys prefixed {@code member_<m>_} for an ensemble.
     */
    public Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("run", run.root().toString());
        p.put("checkpoint_choice", choice);
        int members = config.training().ensemble();
        if (checkpoints.size() != members) {
            p.put("members_used", checkpoints.size() + " of " + members);
        }
        for (Checkpoint cp : checkpoints) {
            CheckpointState s = cp.state();
            String prefix = checkpoints.size() > 1 ? "member_" + s.member() + "_" : "";
            p.put(prefix + "checkpoint", cp.directory().toString());
            p.put(prefix + "checkpoint_epoch", Integer.toString(s.epoch()));
            if (s.position() > 0) {
                p.put(prefix + "checkpoint_position", s.position() + " compounds into epoch " + (s.epoch() + 1));
            }
            p.put(prefix + "best_epoch", Integer.toString(s.bestEpoch()));
        }
        p.put("training_dataset", checkpoints.get(0).state().dataset().directory());
        p.put("training_dataset_fingerprint", trainingFingerprint());
        p.putAll(MachineInfo.describe());
        return p;
    }

    /** One line: "best (epoch 7)", "last (epochs 8, 9)", "/runs/a/checkpoints/epoch-0003 (epoch 3)". */
    public String describe() {
        List<String> epochs = new ArrayList<>();
        for (Checkpoint cp : checkpoints) {
            CheckpointState s = cp.state();
            epochs.add(s.position() > 0 ? String.format(Locale.ROOT, "%d + %d compounds", s.epoch(), s.position())
                    : Integer.toString(s.epoch()));
        }
        return choice + " (epoch" + (epochs.size() > 1 ? "s " : " ") + String.join(", ", epochs) + ")";
    }
}
