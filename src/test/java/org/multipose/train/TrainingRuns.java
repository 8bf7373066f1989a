package org.multipose.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.multipose.config.ConfigLoader;
import org.multipose.config.TrainingConfig;
import org.multipose.eval.ValidationMetrics;
import org.multipose.model.FloatTensor;
import org.multipose.model.NamedTensors;
import org.multipose.model.PoseModel;
import org.multipose.model.TensorFile;
import org.multipose.train.run.Checkpoint;
import org.multipose.train.run.RunDirectory;

/** Helpers for the loop tests: a toy config, running and resuming a run, reading a checkpoint's weights. */
final class TrainingRuns {

    private TrainingRuns() {
    }

    /** A toy config on {@code dataset} writing to {@code runs/name}, with YAML {@code extra} lines appended. */
    static TrainingConfig config(Path dataset, Path runs, String name, String extra, List<String> overrides) {
        String yaml = "seed: 7\n"
                + "threads: 1\n"
                + "data: {dataset: " + dataset.toAbsolutePath() + "}\n"
                + "split: {fractions: [0.6, 0.2, 0.2]}\n"
                + "grid: {resolution: 1.0, dimension: 7.0}\n"
                + "augment: {rotate: true, translate: 0.5, jitter: 0.05}\n"
                + "model: {architecture: small, widths: [2, 2, 3, 3, 4]}\n"
                + "output: {runs_dir: " + runs.toAbsolutePath() + ", name: " + name + "}\n"
                + extra;
        return ConfigLoader.parse(yaml, "test.yaml", runs, TrainingConfig.class, overrides);
    }

    static Path runDir(TrainingConfig c) {
        return c.output().runsDir().resolve(c.output().name().orElseThrow());
    }

    static List<MemberResult> start(TrainingConfig c) {
        RunDirectory run = RunDirectory.create(runDir(c));
        return Trainer.start(c, c.data().dataset().orElseThrow(), run, new ValidationMetrics(),
                TrainingListener.NONE).run();
    }

    static List<MemberResult> resume(Path runDir) {
        RunDirectory run = RunDirectory.open(runDir);
        TrainingConfig c = ConfigLoader.load(run.config(), List.of());
        return Trainer.resume(run, Trainer.datasetOf(c, run), new ValidationMetrics(), TrainingListener.NONE)
                .run();
    }

    /** The weights stored in a checkpoint directory, by name. */
    static Map<String, FloatTensor> weights(Path checkpoint) {
        return TensorFile.read(checkpoint.resolve(Checkpoint.WEIGHTS)).requireKind(PoseModel.WEIGHTS_KIND, "")
                .tensors().entries();
    }

    static NamedTensors optimizerSlots(Path checkpoint) {
        return TensorFile.read(checkpoint.resolve(Checkpoint.OPTIMIZER)).tensors();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
