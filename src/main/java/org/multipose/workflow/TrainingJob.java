package org.multipose.workflow;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.multipose.config.ConfigLoader;
import org.multipose.config.PrepareConfig;
import org.multipose.config.TrainingConfig;
import org.multipose.data.PrepareProgress;
import org.multipose.data.PrepareResult;
import org.multipose.data.Preparer;
import org.multipose.eval.BootstrapOptions;
import org.multipose.eval.EvaluationReport;
import org.multipose.eval.MetricsJson;
import org.multipose.eval.PredictionCsv;
import org.multipose.eval.PredictionTable;
import org.multipose.eval.PredictionWriter;
import org.multipose.eval.ReportContext;
import org.multipose.eval.ValidationMetrics;
import org.multipose.predict.PredictionListener;
import org.multipose.predict.TrainedModel;
import org.multipose.train.EngineThreads;
import org.multipose.train.MemberResult;
import org.multipose.train.PretrainedStart;
import org.multipose.train.Trainer;
import org.multipose.train.TrainingListener;
import org.multipose.train.run.RunDirectory;
import org.multipose.typing.Typers;

/**
 * The main job as a library call (what {@code pipeline train} runs): prepare the dataset into the run when the config
 * says {@code data.prepare}, train every member, predict every compound with each member's best checkpoint, and
 * evaluate; writes the run directory (checkpoints, {@code metrics.jsonl}, {@code predictions.csv},
 * {@code pose_predictions.csv}, {@code metrics.json}, {@code provenance.json}) and returns what it wrote.
 *
 * <pre>{@code
 * TrainingConfig cfg = ConfigLoader.load(Path.of("configs/quickstart.yaml"), List.of("training.epochs=3"));
 * TrainingJob.Result r = TrainingJob.newRun(cfg, "quickstart.yaml", TrainingJob.Progress.NONE, "my-tool 1.0");
 * r.evaluation().overall("test");   // metrics with bootstrap intervals (as in metrics.json)
 * r.predictions().compounds();      // per-compound predictions (as in predictions.csv)
 * }</pre>
 */
public final class TrainingJob {

    private TrainingJob() {}

    /**
     * Where progress goes.
     *
     * @param training epochs, batches and log lines
     * @param prepare  the dataset preparation's progress
     */
    public record Progress(TrainingListener training, PrepareProgress prepare) {

        /** No progress reporting (the run's {@code train.log} is written all the same). */
        public static final Progress NONE = new Progress(TrainingListener.NONE, PrepareProgress.NONE);
    }

    /**
     * What a finished job wrote and measured.
     *
     * @param run         the run directory
     * @param members     one result per ensemble member
     * @param predictions the per-compound and per-pose predictions of every compound (as in predictions.csv)
     * @param evaluation  the model and baselines per split and target, with bootstrap intervals (as in metrics.json)
     * @param seconds     wall time from preparation (or training) to the written report, s
     * @param threads     the thread counts the job ran with
     */
    public record Result(RunDirectory run, List<MemberResult> members, PredictionTable predictions,
            EvaluationReport evaluation, double seconds, EngineThreads.Counts threads) {

        public Result {
            members = List.copyOf(members);
        }
    }

    /**
     * Checks a config before anything is written: call it first when the run directory should not be created for a
     * config that cannot train. Configures the engine's thread counts (PyTorch reads them once, at its first use).
     *
     * @throws org.multipose.base.InputException naming the key
     */
    public static void validate(TrainingConfig config) {
        EngineThreads.configure(config.threads());
        Trainer.validate(config);
    }

    /**
     * A new run: validates the config, resolves {@code model.pretrained} (weights folder from {@code weightsDir},
     * else model.weights_dir, else {@code $MULTIPOSE_GNINA_WEIGHTS} in {@code env}), creates the run directory under
     * output.runs_dir (named after {@code configName} unless output.name is set) and runs the job.
     *
     * @param configName the config's file name, for the run's name
     * @param producer   who made the outputs, recorded in provenance.json (e.g. "multipose train 0.9")
     */
    public static Result newRun(TrainingConfig config, String configName, Optional<Path> weightsDir,
            Map<String, String> env, Progress progress, String producer) {
        validate(config);
        // The run records where its pretrained weights came from and how many members the entry has.
        TrainingConfig resolved = PretrainedStart.resolve(config, weightsDir, env);
        String name = resolved.output().runName(configName, LocalDateTime.now());
        RunDirectory run = RunDirectory.create(resolved.output().runsDir(), name, resolved.output().name().isEmpty());
        return run(resolved, run, false, progress, producer);
    }

    /** {@link #newRun(TrainingConfig, String, Optional, Map, Progress, String)} with the process environment. */
    public static Result newRun(TrainingConfig config, String configName, Progress progress, String producer) {
        return newRun(config, configName, Optional.empty(), System.getenv(), progress, producer);
    }

    /** Continues the interrupted run in {@code runDir} exactly, with its own config, then predicts and evaluates. */
    public static Result resume(Path runDir, Progress progress, String producer) {
        RunDirectory run = RunDirectory.open(runDir);
        TrainingConfig config = ConfigLoader.load(run.config(), List.of());
        return run(config, run, true, progress, producer);
    }

    private static Result run(TrainingConfig cfg, RunDirectory run, boolean resume, Progress progress,
            String producer) {
        EngineThreads.Counts threads = EngineThreads.configure(cfg.threads());
        long t0 = System.nanoTime();
        if (!resume && cfg.data().prepare().isPresent()) {
            PrepareConfig prepare = cfg.data().prepare().get();
            PrepareResult p = new Preparer(Typers.create(prepare.typer(), "data.prepare.typer"), cfg.threads(),
                    progress.prepare()).run(prepare, run.dataset());
            String line = String.format(Locale.ROOT, "prepared %s: %d compounds, %d poses, %d rejects (%.1f s)",
                    p.directory(), p.summary().stats().compounds(), p.summary().stats().poses(),
                    p.summary().rejects(), (System.nanoTime() - t0) / 1e9);
            run.log(line);
            progress.training().message(line);
        }
        Path dataset = Trainer.datasetOf(cfg, run);
        Trainer trainer = resume ? Trainer.resume(run, dataset, new ValidationMetrics(), progress.training())
                : Trainer.start(cfg, dataset, run, new ValidationMetrics(), progress.training());
        List<MemberResult> members = trainer.run();
        List<Path> best = new ArrayList<>();
        Map<String, String> extra = new LinkedHashMap<>();
        for (MemberResult m : members) {
            best.add(m.best());
            String prefix = members.size() > 1 ? "member_" + m.member() + "_" : "";
            extra.put(prefix + "epochs", Integer.toString(m.epochs()));
            extra.put(prefix + "stop_reason", m.stopReason());
        }
        TrainedModel model = TrainedModel.of(run, cfg, best, TrainedModel.BEST);
        PredictionTable table = PredictionWriter.predictAndWrite(model, dataset, run.root(), producer, extra,
                PredictionListener.NONE).table();
        BootstrapOptions boot = BootstrapOptions.withSeed(cfg.seed());
        EvaluationReport evaluation = EvaluationReport.evaluate(table, boot, cfg.evaluation().pooled());
        MetricsJson.write(evaluation, ReportContext.load(producer, run.root(), Optional.of(run.root())),
                run.root().resolve(MetricsJson.FILE));
        double seconds = (System.nanoTime() - t0) / 1e9;
        run.log(String.format(Locale.ROOT, "done in %.1f s; wrote %s, %s, %s, %s", seconds, PredictionCsv.COMPOUND_FILE,
                PredictionCsv.POSE_FILE, MetricsJson.FILE, ReportContext.PROVENANCE_FILE));
        return new Result(run, members, table, evaluation, seconds, threads);
    }
}
