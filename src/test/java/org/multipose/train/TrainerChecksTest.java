package org.multipose.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.config.TrainingConfig;
import org.multipose.data.AffinityLabel;
import org.multipose.data.CompoundPoses;
import org.multipose.data.CompoundRecord;
import org.multipose.data.DatasetMetadata;
import org.multipose.model.FloatTensor;
import org.multipose.model.PoseModel;
import org.multipose.predict.PredictedCompound;
import org.multipose.predict.RunPredictor;
import org.multipose.train.run.Checkpoint;
import org.multipose.train.run.CheckpointState;
import org.multipose.train.run.RunDirectory;

/** What stops a run with one clear line: divergence, a checkpoint that does not fit, missing σ or RMSD tags. */
class TrainerChecksTest {

    @TempDir
    Path tmp;

    @Test
    void anAbsurdLearningRateStopsWithTheCompoundAndAnIntactCheckpoint() {
        Path ds = ToyData.write(tmp.resolve("ds"), ToyData.compounds(30, 21));
        // plain SGD at lr 1000: the affinity bias overflows to ∞ in the 15th step (epoch 2), after the epoch-1
        // checkpoint; the optimizer's check names the parameter at that step
        TrainingConfig c = TrainingRuns.config(ds, tmp.resolve("runs"), "nan",
                "loss: [{kind: mse}]\noptimizer: {kind: sgd, lr: 1000, momentum: 0.0}\n"
                        + "training: {epochs: 3, batch_size: 2}\n", List.of());
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> TrainingRuns.start(c));
        String m = e.getMessage();
        assertTrue(m.matches("training diverged in epoch 2: parameter affinity_output.bias is no longer finite \\(max"
                + " \\|value\\| Infinity\\) after optimizer step 15 \\(gradient norm [0-9.E]+\\) \\(batch"
                + " \\[t/c0\\d\\d, t/c0\\d\\d\\]\\) at learning rate 1000.0; last good checkpoint: .*"), m);
        assertTrue(m.contains("last good checkpoint: "), m);
        assertTrue(m.contains("lower optimizer.lr"), m);
        assertTrue(!m.contains("\n"), "one line");
        Path run = TrainingRuns.runDir(c);
        Path last = run.resolve("checkpoints/last");
        assertTrue(m.contains(run.resolve("checkpoints/epoch-0001").toString() + " (intact)"), m);
        assertTrue(TrainingRuns.read(run.resolve("train.log")).contains("training diverged"));
        // the last good checkpoint loads, and its weights are finite
        Checkpoint cp = Checkpoint.read(last);
        assertTrue(cp.state().optimizerSteps() >= 1);
        try (PoseModel model = PoseModel.create(ToyData.model(), 0)) {
            cp.loadWeights(model);
            for (FloatTensor t : model.weights().entries().values()) {
                for (float v : t.data()) {
                    assertTrue(Float.isFinite(v));
                }
            }
        }
    }

    @Test
    void aNetworkThatDiesIsStoppedWithTheCauseNamed() throws Exception {
        Path ds = ToyData.write(tmp.resolve("ds"), ToyData.compounds(30, 21));
        // Adam at lr 1 (a thousand times the default): one step pushes every ReLU of the small network below zero
        // for every input, so the output is its last bias, whatever the pose — a dead network, not a mock
        TrainingConfig c = TrainingRuns.config(ds, tmp.resolve("runs"), "dead",
                "loss: [{kind: mse}]\noptimizer: {kind: adam, lr: 1}\ntraining: {epochs: 10, batch_size: 4}\n",
                List.of());
        MemberResult r = TrainingRuns.start(c).get(0);
        // epoch 1 still varies; epochs 2-4 predict one value: stopped after epoch 4, not 10
        assertEquals(4, r.epochs());
        assertTrue(r.stopReason().matches("dead network after epoch 4: in the last 3 epochs every prediction was the"
                + " same value \\(-?[0-9.]+ kT; training loss [0-9.]+\\) whatever the pose: the network's ReLUs are"
                + " off for every input \\(dead ReLUs\\), so no gradient reaches its weights and it predicts a"
                + " constant; start a new run with a lower optimizer.lr \\(now 1.0\\), another seed \\(now 7\\) or a"
                + " warm-up \\(schedule.warmup_epochs\\)"), r.stopReason());
        Path run = TrainingRuns.runDir(c);
        assertTrue(TrainingRuns.read(run.resolve("train.log")).contains("finished: dead network after epoch 4"));
        assertEquals(4, Files.readAllLines(run.resolve("metrics.jsonl")).size());
        // the checkpoint really predicts one value for different poses
        CheckpointState s = Checkpoint.read(run.resolve("checkpoints/last")).state();
        assertTrue(s.finished());
        assertEquals(r.stopReason(), s.stopReason());
        List<PredictedCompound> p;
        try (org.multipose.data.Dataset d = org.multipose.data.Dataset.open(ds)) {
            p = RunPredictor.predict(c, d, List.of(run.resolve("checkpoints/last")),
                    org.multipose.data.SplitAssignment.of(java.util.Map.of()));
        }
        double y0 = p.get(0).poses().get(0).yKt();
        for (PredictedCompound q : p) {
            for (PredictedCompound.Pose pose : q.poses()) {
                assertEquals(y0, pose.yKt(), 1e-5 * Math.abs(y0), q.key() + " pose " + pose.poseIndex());
            }
        }
        // the same run at the default learning rate is alive and trains its epochs (no false alarm)
        TrainingConfig healthy = TrainingRuns.config(ds, tmp.resolve("runs"), "alive",
                "loss: [{kind: mse}]\ntraining: {epochs: 5, batch_size: 4}\n", List.of());
        MemberResult alive = TrainingRuns.start(healthy).get(0);
        assertEquals(5, alive.epochs());
        assertTrue(alive.stopReason().startsWith("all 5 epochs done"), alive.stopReason());
        // and dead_network_epochs: 0 turns the check off
        TrainingConfig off = TrainingRuns.config(ds, tmp.resolve("runs"), "off", "loss: [{kind: mse}]\n"
                + "optimizer: {kind: adam, lr: 1}\ntraining: {epochs: 5, batch_size: 4, dead_network_epochs: 0}\n",
                List.of());
        assertEquals(5, TrainingRuns.start(off).get(0).epochs());
    }

    @Test
    void theDivergenceMessageStatesTheLearningRateInForce() {
        Path ds = ToyData.write(tmp.resolve("ds"), ToyData.compounds(30, 21));
        // cosine over 3 epochs from 1000: epoch 2 runs at 1000·(1 + cos(π/3))/2 = 750 (by hand)
        TrainingConfig c = TrainingRuns.config(ds, tmp.resolve("runs"), "cos",
                "loss: [{kind: mse}]\noptimizer: {kind: sgd, lr: 1000, momentum: 0.0}\n"
                        + "schedule: {kind: cosine, min_lr: 0.0}\ntraining: {epochs: 3, batch_size: 2}\n", List.of());
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> TrainingRuns.start(c));
        assertTrue(e.getMessage().matches("training diverged in epoch 2: .* at learning rate 750.0\\d* \\(configured"
                + " 1000.0\\); last good checkpoint: .*"), e.getMessage());
    }

    @Test
    void weightsOverflowedByAStepAreNeverCheckpointed() {
        Path ds = ToyData.write(tmp.resolve("ds"), ToyData.compounds(30, 21));
        // at lr 1e5 with a checkpoint after every batch, the bias overflows in a step: the optimizer's check names
        // it, and no checkpoint holds the overflowed weights
        TrainingConfig c = TrainingRuns.config(ds, tmp.resolve("runs"), "inf",
                "loss: [{kind: mse}]\noptimizer: {kind: sgd, lr: 1.0e5, momentum: 0.0}\n"
                        + "training: {epochs: 3, batch_size: 2, checkpoint_every: 1}\n", List.of());
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> TrainingRuns.start(c));
        assertTrue(e.getMessage().matches("training diverged in epoch 1: parameter affinity_output.bias is no longer"
                + " finite \\(max \\|value\\| Infinity\\) after optimizer step \\d+ \\(gradient norm [0-9.E]+\\)"
                + " \\(batch \\[t/c0\\d\\d, t/c0\\d\\d\\]\\) at learning rate 100000.0; last good checkpoint: .*"),
                e.getMessage());
        Checkpoint last = Checkpoint.read(TrainingRuns.runDir(c).resolve("checkpoints/last"));
        assertEquals(0, last.state().epoch(), "a checkpoint inside epoch 1");
        assertEquals(Double.POSITIVE_INFINITY, last.state().bestLoss(), "no best yet: +∞ survives the JSON round trip");
        try (PoseModel model = PoseModel.create(ToyData.model(), 0)) {
            last.loadWeights(model);
            for (FloatTensor t : model.weights().entries().values()) {
                for (float v : t.data()) {
                    assertTrue(Float.isFinite(v));
                }
            }
        }
    }

    /** Runs epoch 1 of {@code c} and stops as a crash would, before epoch 2. */
    private static Path startAndKillAfterEpoch1(TrainingConfig c) {
        RunDirectory run = RunDirectory.create(TrainingRuns.runDir(c));
        TrainingListener kill = new TrainingListener() {
            @Override
            public void epochStarted(int member, int epoch, int compounds, int done) {
                if (epoch == 2) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> Trainer.start(c, c.data().dataset().orElseThrow(), run,
                ValidationScorer.NONE, kill).run());
        return run.root();
    }

    @Test
    void resumingWithAnotherGridNamesTheField() throws Exception {
        Path ds = ToyData.write(tmp.resolve("ds"), ToyData.compounds(12, 3));
        TrainingConfig c = TrainingRuns.config(ds, tmp.resolve("runs"), "grid", "training: {epochs: 2}\n", List.of());
        Path run = startAndKillAfterEpoch1(c);
        Path config = run.resolve("config.yaml");
        String yaml = Files.readString(config);
        assertTrue(yaml.contains("radius_scale: 1.0"), yaml);
        Files.writeString(config, yaml.replace("radius_scale: 1.0", "radius_scale: 1.2"));
        InputException e = assertThrows(InputException.class, () -> TrainingRuns.resume(run));
        assertTrue(e.getMessage().contains("the checkpoint was trained with another grid: radius scale: 1.0 vs 1.2"),
                e.getMessage());
    }

    @Test
    void resumingOnADatasetWithAnotherTypingNamesTheField() {
        List<CompoundPoses> compounds = ToyData.compounds(12, 3);
        Path ds = ToyData.write(tmp.resolve("ds"), compounds);
        TrainingConfig c = TrainingRuns.config(ds, tmp.resolve("runs"), "typing", "training: {epochs: 2}\n",
                List.of());
        startAndKillAfterEpoch1(c);
        // the same compounds written again with another channel list
        Checkpoint.deleteTree(ds);
        ToyData.write(ds, compounds, DatasetMetadata.of("toy-typer", List.of("lig_C", "lig_N", "lig_S", "rec_C"),
                List.of(1.9, 1.8, 2.0, 1.9)));
        InputException e = assertThrows(InputException.class, () -> TrainingRuns.resume(TrainingRuns.runDir(c)));
        assertTrue(e.getMessage().contains("the checkpoint was trained on a dataset with another typing: channel names:"
                + " [lig_C, lig_N, lig_O, rec_C] vs [lig_C, lig_N, lig_S, rec_C], channel radii:"), e.getMessage());
    }

    @Test
    void gaussianNllWithoutSigmaIsRefusedAtStart() {
        List<CompoundPoses> compounds = new ArrayList<>(ToyData.compounds(12, 3));
        CompoundPoses first = compounds.get(0);
        AffinityLabel l = first.compound().label().orElseThrow();
        AffinityLabel bare = new AffinityLabel(l.key(), l.measure(), l.pk(), l.qualifier(), OptionalDouble.empty(), 1,
                Optional.empty());
        compounds.set(0, new CompoundPoses(new CompoundRecord(l.key(), Optional.of(bare), "", first.poses().size()),
                first.poses()));
        Path ds = ToyData.write(tmp.resolve("ds"), compounds);
        TrainingConfig c = TrainingRuns.config(ds, tmp.resolve("runs"), "sigma",
                "loss: [{kind: gaussian_nll}]\n", List.of("split.fractions=[1.0, 0.0, 0.0]"));
        InputException e = assertThrows(InputException.class, () -> TrainingRuns.start(c));
        assertEquals("loss gaussian_nll: 1 of 12 train/val labels have no σ (e.g. t/c001); give the affinity table"
                + " stderr or CI columns, or use mse / censored_mse instead", e.getMessage());
    }

    @Test
    void poseLossesNeedTheRmsdTag() {
        Path ds = ToyData.write(tmp.resolve("ds"), ToyData.compounds(12, 3));
        TrainingConfig c = TrainingRuns.config(ds, tmp.resolve("runs"), "rmsd",
                "loss: [{kind: mse}, {kind: pose_ce}]\n", List.of());
        InputException e = assertThrows(InputException.class, () -> TrainingRuns.start(c));
        assertTrue(e.getMessage().startsWith("loss[1] (pose_ce) needs the pose score"
                + " 'rmsd_to_reference'"
                + " (loss[].rmsd_tag), but pose 1 of t/c"), e.getMessage());
        assertTrue(e.getMessage().contains("has only [dock, rmsd]"), e.getMessage());
        // with the right tag it trains
        TrainingConfig ok = TrainingRuns.config(ds, tmp.resolve("runs"), "rmsd-ok",
                "loss: [{kind: mse}, {kind: pose_ce, rmsd_tag: rmsd}, {kind: hinge, rmsd_tag: rmsd}]\n"
                        + "training: {epochs: 1}\n", List.of());
        assertEquals(1, TrainingRuns.start(ok).get(0).epochs());
    }

    @Test
    void dropoutIsRefusedWithTheKey() {
        Path ds = ToyData.write(tmp.resolve("ds"), ToyData.compounds(12, 3));
        TrainingConfig c = TrainingRuns.config(ds, tmp.resolve("runs"), "dropout", "", List.of("model.dropout=0.2"));
        InputException e = assertThrows(InputException.class, () -> TrainingRuns.start(c));
        assertTrue(e.getMessage().startsWith("model.dropout: 0.2 is not supported"), e.getMessage());
    }
}
