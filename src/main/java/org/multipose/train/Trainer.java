package org.multipose.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.multipose.base.InputException;
import org.multipose.config.ConfigLoader;
import org.multipose.config.PrepareConfig;
import org.multipose.config.TrainingConfig;
import org.multipose.data.Dataset;
import org.multipose.data.Split;
import org.multipose.model.LayerPattern;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;
import org.multipose.train.run.RunDirectory;
import org.multipose.typing.Typers;

/**
 * The training loop of a run (docs/guide/training.md): split the labelled compounds, then for each ensemble member, for
 * each epoch, shuffle the training compounds (order from {@code derive(member seed, "shuffle", epoch)}), step through
 * them in batches ({@link BatchStep}: exact mean gradient, one optimizer update), validate every
 * {@code eval_every} epochs (loss and metrics, no augmentation, no backward), step the learning-rate schedule
 * (reduce-on-plateau on the validation loss), apply early stopping, append the epoch to {@code metrics.jsonl} and
 * write a checkpoint ({@link Checkpoint}) at the end of every epoch and, with {@code checkpoint_every} K &gt; 0, at the
 * first batch boundary after every K compounds. What the members share is a {@link TrainingContext}; each member runs
 * in a {@link MemberTraining}, whose state lives in parts that save and restore themselves.
 *
 * <p><b>Exact resume.</b> Every random stream derives from the run seed ({@link CheckpointState.SeedInfo}); a
 * checkpoint holds the weights, the optimizer's slots and scalars, the schedule and stopping states, the position in
 * the epoch (a batch boundary) and the epoch's running loss sums, so {@link #resume} continues to the same weights,
 * bit for bit, as an uninterrupted run with the same thread count.
 *
 * <p><b>Divergence.</b> A NaN or infinite prediction, loss or gradient norm stops the run with a
 * {@link TrainingDivergedException} naming the compound and the last good checkpoint, which is left as it was.
 */
public final class Trainer {

    /** How the stop reason of a member whose network died begins ({@link DeadNetworkMonitor}). */
    public static final String DEAD_NETWORK = "dead network";

    private final TrainingConfig config;
    private final Path datasetDir;
    private final RunDirectory run;
    private final boolean resume;
    private final ValidationScorer scorer;
    private final TrainingListener listener;

    private Trainer(TrainingConfig config, Path datasetDir, RunDirectory run, boolean resume, ValidationScorer scorer,
            TrainingListener listener) {
        this.config = config;
        this.datasetDir = datasetDir;
        this.run = run;
        this.resume = resume;
        this.scorer = scorer;
        this.listener = listener;
    }

    /**
     * A new run in {@code run} (an empty directory) on the dataset in {@code datasetDir}.
     *
     * @param scorer   validation metrics (e.g. {@code ValidationMetrics} from eval)
     * @param listener progress
     */
    public static Trainer start(TrainingConfig config, Path datasetDir, RunDirectory run, ValidationScorer scorer,
            TrainingListener listener) {
        return new Trainer(config, datasetDir, run, false, scorer, listener);
    }

    /**
     * Continues the run in {@code run} from each member's last checkpoint, with the run's own config.
     *
     * @param datasetDir the dataset (the run's {@code dataset/} when it prepared one, else the config's)
     */
    public static Trainer resume(RunDirectory run, Path datasetDir, ValidationScorer scorer,
            TrainingListener listener) {
        TrainingConfig config = ConfigLoader.load(run.config(), List.of());
        return new Trainer(config, datasetDir, run, true, scorer, listener);
    }

    /** The dataset a run trains on: its own {@code dataset/} when the config prepares one, else data.dataset. */
    public static Path datasetOf(TrainingConfig config, RunDirectory run) {
        return config.data().dataset().orElse(run.dataset());
    }

    public TrainingConfig config() {
        return config;
    }

    /**
     * The checks that need no data (device, an affinity table to prepare, model, grid, loss, optimizer, schedule,
     * early stopping), so a command can refuse a config before it prepares a dataset or creates a run directory.
     *
     * @throws InputException naming the key
     */
    public static void validate(TrainingConfig config) {
        if (!config.device().isCpu()) {
            int gpus = ai.djl.engine.Engine.getInstance().getGpuCount();
            throw new InputException("device: " + config.device() + " requested, but " + (gpus == 0
                    ? "the engine sees no GPU (this build bundles PyTorch's CPU natives)"
                    : "GPU training is not supported by this version") + "; set device: cpu");
        }
        if (config.data().prepare().isPresent()) {
            String typer = config.data().prepare().get().typer();
            Typers.create(typer, "data.prepare.typer");
            if (config.model().pretrained().isPresent() && !typer.equals(PrepareConfig.DEFAULT_TYPER)) {
                throw new InputException("data.prepare.typer: " + typer + ", but model.pretrained: "
                        + config.model().pretrained().get() + " was trained on gnina's 28 XS channels; set"
                        + " data.prepare.typer: gnina (or drop model.pretrained)");
            }
        }
        if (config.data().prepare().isPresent() && config.data().prepare().get().affinities().isEmpty()) {
            throw new InputException("data.prepare.affinities is ~ (no affinity table), but training needs labels;"
                    + " give the affinity table (CSV)");
        }
        if (config.model().pretrained().isPresent()) {
            PretrainedStart.validate(config);
        }
        int members = config.model().pretrained().isPresent() ? PretrainedStart.members(config).size() : 1;
        for (int m = 1; m <= members; m++) {
            ModelSpec spec = TrainingComponents.model(config, m, 1);
            if (config.model().pretrained().isEmpty()) {
                try {
                    LayerPattern.select(config.model().freeze().stream().map(LayerPattern::new).toList(),
                            PoseModel.parameterNames(spec), "model.freeze", spec.architecture());
                } catch (IllegalArgumentException e) {
                    throw new InputException(e.getMessage(), e);
                }
            }
            TrainingComponents.requireTrainable(config, spec, TrainingComponents.frozen(config, spec));
        }
        TrainingComponents.combination(config.combination());
        TrainingComponents.loss(config.loss());
        TrainingComponents.rmsdTag(config.loss());
        TrainingComponents.optimizer(config.optimizer()).close();
        TrainingComponents.schedule(config.schedule(), config.optimizer().lr(),
                Math.max(1, config.training().epochs()));
        TrainingComponents.stopping(config.training().earlyStopping());
    }

    /**
     * Trains every member (skipping members whose last checkpoint says they finished).
     *
     * @return one result per member
     * @throws TrainingDivergedException on a NaN or infinite value
     * @throws InputException for a problem with the config, the dataset or a checkpoint
     */
    public List<MemberResult> run() {
        validate(config);
        EngineThreads.Counts threads = EngineThreads.configure(config.threads());
        try (Dataset dataset = Dataset.open(datasetDir, config.data().poseSelection())) {
            if (!dataset.selection().all()) {
                message("pose selection (data.pose_selection): " + dataset.selectionCounts().describe());
            }
            TrainingContext ctx = TrainingContext.create(config, datasetDir, run, resume, dataset, threads,
                    this::message);
            ModelSpec first = ctx.model(1);
            message((resume ? "resuming " : "training ") + run.root() + ": " + ctx.train().size() + " train, "
                    + ctx.val().size() + " val, " + ctx.split().members(Split.TEST).size() + " test compounds; model "
                    + config.model().pretrained().map(p -> p + ", ").orElse("") + first.architecture() + " "
                    + first.widths() + " (" + first.parameterCount() + " parameters"
                    + (new LinkedHashSet<>(ctx.models()).size() > 1 ? "; members differ: " + describe(ctx.models())
                            : "") + ") on " + ctx.grid().pointsPerSide() + "³ grids of " + first.inputChannels()
                    + " channels; backward " + config.backward().name().toLowerCase(Locale.ROOT) + "; threads "
                    + threads);
            List<MemberResult> out = new ArrayList<>();
            int n = config.training().ensemble();
            for (int m = 1; m <= n; m++) {
                out.add(new MemberTraining(ctx, run, resume, scorer, listener, this::message, m, n).train());
            }
            return out;
        }
    }

    /** The members' architectures, e.g. "1 dense, 2 default2018, 3 dense, …". */
    private static String describe(List<ModelSpec> models) {
        List<String> out = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            out.add((m + 1) + " " + models.get(m).architecture());
        }
        return String.join(", ", out);
    }

    private void message(String line) {
        run.log(line);
        listener.message(line);
    }
}
