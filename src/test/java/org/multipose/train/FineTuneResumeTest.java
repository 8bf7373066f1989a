package org.multipose.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.config.TrainingConfig;
import org.multipose.eval.ValidationMetrics;
import org.multipose.model.FloatTensor;
import org.multipose.model.NamedTensors;
import org.multipose.train.run.Checkpoint;
import org.multipose.train.run.CheckpointState;
import org.multipose.train.run.RunDirectory;

/**
 * A whole fine-tuning-style run on the toy set (24 compounds, 3 epochs, batches of 4, a mid-epoch checkpoint every 5
 * compounds): the first two stages frozen, no augmentation (so the trunk cache serves them), the pose head's
 * CNNscore as the Boltzmann prior and gnina's pose loss next to the MSE, the batched route. Frozen parameters never
 * move and have no optimizer slots; the log says what is frozen and that the trunk is cached; a run killed in the
 * middle of epoch 2 and resumed ends with the same weights and optimizer moments, bit for bit.
 */
class FineTuneResumeTest {

    private static final List<String> SETTINGS = List.of("augment={rotate: false, translate: 0.0, jitter: 0.0}",
            "model={architecture: small, widths: [2, 2, 3, 3, 4], freeze: [unit1_conv, 'unit2_*']}");
    private static final String EXTRA = "combination: {method: boltzmann, kt: 1.0, pose_prior: true}\n"
            + "backward: batched\n"
            + "loss: [{kind: mse}, {kind: pose_class, rmsd_threshold: 1.2, rmsd_tag: rmsd, weight: 0.5}]\n"
            + "optimizer: {kind: adam, lr: 0.01}\n"
            + "training: {epochs: 3, batch_size: 4, checkpoint_every: 5}\n";

    @TempDir
    static Path tmp;
    static Path dataset;
    static Path reference;

    @BeforeAll
    static void uninterrupted() {
        dataset = ToyData.write(tmp.resolve("ds"), ToyData.compounds(24, 5));
        TrainingConfig c = TrainingRuns.config(dataset, tmp.resolve("runs"), "reference", EXTRA, SETTINGS);
        TrainingRuns.start(c);
        reference = TrainingRuns.runDir(c);
    }

    @Test
    void frozenParametersNeverMoveAndHaveNoSlots() {
        Map<String, FloatTensor> first = TrainingRuns.weights(reference.resolve("checkpoints/epoch-0001"));
        Map<String, FloatTensor> last = TrainingRuns.weights(reference.resolve("checkpoints/epoch-0003"));
        assertEquals(first.keySet(), last.keySet());
        assertTrue(last.containsKey("pose_output.weight"), "the network got a pose head for the prior");
        for (String k : first.keySet()) {
            boolean frozen = k.startsWith("unit1_conv.") || k.startsWith("unit2_conv.");
            if (frozen) {
                assertArrayEquals(first.get(k).data(), last.get(k).data(), 0f, k + " is frozen");
            } else {
                assertFalse(java.util.Arrays.equals(first.get(k).data(), last.get(k).data()), k + " is trained");
            }
        }
        NamedTensors slots = TrainingRuns.optimizerSlots(reference.resolve("checkpoints/epoch-0003"));
        assertEquals(2 * (first.size() - 4), slots.size(), "exp_avg and exp_avg_sq of each trained parameter");
        for (String k : slots.entries().keySet()) {
            assertFalse(k.contains("unit1_conv") || k.contains("unit2_conv"), k);
        }
        String log = TrainingRuns.read(reference.resolve("train.log"));
        assertTrue(log.contains("frozen: unit1_conv, unit2_conv;"), log);
        assertTrue(log.contains("the first 2 of 5 stages are frozen: their output is computed once per pose and kept"
                + " (trunk cache)"), log);
        assertTrue(log.contains("trunk cache: "), log);
    }

    @Test
    void killedMidEpochAndResumedEqualsUninterrupted() {
        TrainingConfig c = TrainingRuns.config(dataset, tmp.resolve("runs"), "killed", EXTRA, SETTINGS);
        RunDirectory run = RunDirectory.create(TrainingRuns.runDir(c));
        TrainingListener kill = new TrainingListener() {
            @Override
            public void batchFinished(int member, int e, int done, int compounds, double loss) {
                if (e == 2 && done == 12) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThrows(IllegalStateException.class,
                () -> Trainer.start(c, dataset, run, new ValidationMetrics(), kill).run());
        CheckpointState s = Checkpoint.read(run.root().resolve("checkpoints/last")).state();
        assertEquals(1, s.epoch());
        assertEquals(8, s.position());
        TrainingRuns.resume(run.root());
        Path a = reference.resolve("checkpoints/epoch-0003");
        Path b = run.root().resolve("checkpoints/epoch-0003");
        Map<String, FloatTensor> wa = TrainingRuns.weights(a);
        Map<String, FloatTensor> wb = TrainingRuns.weights(b);
        for (String k : wa.keySet()) {
            assertArrayEquals(wa.get(k).data(), wb.get(k).data(), 0f, k);
        }
        NamedTensors sa = TrainingRuns.optimizerSlots(a);
        NamedTensors sb = TrainingRuns.optimizerSlots(b);
        assertEquals(sa.entries().keySet(), sb.entries().keySet());
        for (String k : sa.entries().keySet()) {
            assertArrayEquals(sa.get(k).data(), sb.get(k).data(), 0f, k);
        }
    }
}
