package org.multipose.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.multipose.config.TrainingConfig;
import org.multipose.train.run.Checkpoint;
import org.multipose.train.run.EpochRecord;
import org.multipose.train.run.RunDirectory;

/**
 * The workload of {@link TrainingMemoryTest}, run in a child JVM with a fixed, pre-touched heap: a real training
 * run on the toy set (60 compounds, 36 for training, 2–4 poses each) for 10 epochs = 360 compound steps, with
 * validation each epoch. After every epoch it prints {@code epoch <e> rss <KiB> arrays <n>}, where arrays counts
 * every NDArray alive in the engine (the system manager's, which include every sub-manager's).
 *
 * <p>Argument: the gradient route (dictionary or batched).
 */
public final class TrainingMemoryProbe {

    private TrainingMemoryProbe() {
    }

    public static void main(String[] args) throws IOException {
        Path tmp = Files.createTempDirectory("memory-probe");
        try {
            Path ds = ToyData.write(tmp.resolve("ds"), ToyData.compounds(60, 9));
            TrainingConfig c = TrainingRuns.config(ds, tmp.resolve("runs"), "probe",
                    "loss: [{kind: censored_mse}]\ntraining: {epochs: 10, batch_size: 4}\n",
                    List.of("backward=" + args[0]));
            NDManager probe = NDManager.newBaseManager();
            NDManager system = probe.getParentManager();
            TrainingListener listener = new TrainingListener() {
                @Override
                public void epochFinished(EpochRecord r) {
                    try {
                        System.out.println("epoch " + r.epoch() + " rss " + NativeMemoryProbe.rssKiB() + " arrays "
                                + system.getManagedArrays().size());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            };
            Trainer.start(c, ds, RunDirectory.create(TrainingRuns.runDir(c)), ValidationScorer.NONE, listener).run();
            probe.close();
        } finally {
            Checkpoint.deleteTree(tmp);
        }
    }
}
