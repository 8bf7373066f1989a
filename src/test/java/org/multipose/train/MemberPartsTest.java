package org.multipose.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.config.EarlyStoppingConfig;
import org.multipose.data.SplitAssignment;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;
import org.multipose.testsupport.TestFiles;
import org.multipose.train.optim.BestWithPatience;
import org.multipose.train.optim.ConstantLr;
import org.multipose.train.optim.GradientClipping;
import org.multipose.train.optim.Optimizer;
import org.multipose.train.optim.ReduceOnPlateau;
import org.multipose.train.optim.SavedState;
import org.multipose.train.optim.Sgd;
import org.multipose.train.optim.StepLr;
import org.multipose.train.run.Checkpoint;
import org.multipose.train.run.CheckpointState;

/**
 * The parts a member's training loop is made of, each on its own: best-epoch tracking, the stop conditions (their
 * order and their saved state), the schedules' need for a validation loss, the epoch's running sums, and which
 * checkpoints stay on disk.
 */
class MemberPartsTest {

    @Test
    void theBestEpochIsTheFirstOfTheLowestLosses() {
        BestEpoch best = new BestEpoch();
        assertEquals(0, best.epoch());
        assertEquals(Double.POSITIVE_INFINITY, best.loss());
        assertTrue(best.offer(1, 2.0));
        assertTrue(best.offer(2, 1.5));
        assertFalse(best.offer(3, 1.5)); // a tie keeps the earlier epoch
        assertFalse(best.offer(4, 1.7));
        assertEquals(2, best.epoch());
        assertEquals(1.5, best.loss());
    }

    @Test
    void earlyStoppingNamesTheRuleAndTheBestEpoch() {
        // patience 2: epochs 3 and 4 bring no new best after epoch 2, so the member stops after epoch 4
        StopConditions stop = new StopConditions(Optional.of(new BestWithPatience(2)), EarlyStoppingConfig.Kind.BEST,
                0, 10, 7);
        assertEquals(Optional.empty(), stop.endEpoch(1, true, 1.0, 1, 0.1, 1.0));
        assertEquals(Optional.empty(), stop.endEpoch(2, true, 0.9, 2, 0.1, 1.0));
        assertEquals(Optional.empty(), stop.endEpoch(3, true, 0.95, 2, 0.1, 1.0));
        assertEquals(Optional.of("early stopping (best) after epoch 4; best epoch 2"),
                stop.endEpoch(4, true, 0.97, 2, 0.1, 1.0));
    }

    @Test
    void anEpochWithoutValidationDoesNotCountForTheRule() {
        StopConditions stop = new StopConditions(Optional.of(new BestWithPatience(1)), EarlyStoppingConfig.Kind.BEST,
                0, 10, 7);
        assertEquals(Optional.empty(), stop.endEpoch(1, true, 1.0, 1, 0.1, 1.0));
        assertEquals(Optional.empty(), stop.endEpoch(2, false, Double.NaN, 1, 0.1, 1.0));
        assertEquals(Optional.empty(), stop.endEpoch(3, false, Double.NaN, 1, 0.1, 1.0));
        assertEquals(Optional.of("early stopping (best) after epoch 4; best epoch 1"),
                stop.endEpoch(4, true, 1.2, 1, 0.1, 1.0));
    }

    @Test
    void theLastEpochEndsTheMemberAndTheSavedStateContinuesExactly() {
        StopConditions first = new StopConditions(Optional.of(new BestWithPatience(3)), EarlyStoppingConfig.Kind.BEST,
                2, 3, 7);
        assertEquals(Optional.empty(), first.endEpoch(1, true, 1.0, 1, 0.1, 1.0));
        assertEquals(Optional.empty(), first.endEpoch(2, true, 1.1, 1, 0.1, 1.0));
        SavedState saved = first.saveState();
        assertEquals("best", saved.kind());
        // the dead-network counters sit beside the rule's values
        assertEquals(0.0, saved.get("dead_network_constant_epochs"));
        StopConditions resumed = new StopConditions(Optional.of(new BestWithPatience(3)),
                EarlyStoppingConfig.Kind.BEST, 2, 3, 7);
        resumed.restoreState(saved);
        assertEquals(saved, resumed.saveState());
        assertEquals(Optional.of("all 3 epochs done; best epoch 1"), resumed.endEpoch(3, true, 1.2, 1, 0.1, 1.0));
        StopConditions none = new StopConditions(Optional.empty(), EarlyStoppingConfig.Kind.NONE, 0, 5, 7);
        assertEquals("none", none.saveState().kind());
    }

    @Test
    void onlyReduceOnPlateauWaitsForAValidationLoss() {
        assertTrue(new ReduceOnPlateau(0.1, 0.5, 2, 1e-4, ReduceOnPlateau.ThresholdMode.RELATIVE, 0, 0)
                .needsValidationLoss());
        assertFalse(new ConstantLr(0.1).needsValidationLoss());
        assertFalse(new StepLr(0.1, 0.5, 2).needsValidationLoss());
    }

    @Test
    void theEpochsRunningSumsResetWhenItCompletes() {
        EpochProgress p = new EpochProgress();
        p.batch(new double[] {1.0, 2.0}, 2, 7, 2);
        p.batch(new double[] {3.0}, 1, 3, 3);
        p.addSeconds(2.0);
        assertEquals(3, p.position());
        assertEquals(2.0, p.meanLoss());
        assertEquals(5.0, p.posesPerSecond());
        p.completeEpoch();
        assertEquals(1, p.epoch());
        assertEquals(0, p.position());
        assertEquals(0, p.lossCount());
        assertEquals(0.0, p.posesPerSecond());
    }

    /** Five writes, best at the second: the two most recent and the best stay, the others are deleted. */
    @Test
    void atMostTheTwoLatestAndTheBestCheckpointsStay(@TempDir Path dir) throws IOException {
        Path fixture = Files.createDirectories(dir.resolve("fixture"));
        Files.copy(TestFiles.resource("org/multipose/train/checkpoint-format1.json"), fixture.resolve(Checkpoint.STATE));
        CheckpointState state = Checkpoint.read(fixture).state();
        dir = Files.createDirectories(dir.resolve("checkpoints"));
        CheckpointPolicy policy = new CheckpointPolicy(dir);
        assertFalse(policy.hasLast());
        try (PoseModel model = PoseModel.create(ModelSpec.small(28), 3);
                Optimizer sgd = new Sgd(Sgd.Settings.plain(), GradientClipping.none())) {
            for (int e = 1; e <= 5; e++) {
                policy.write("epoch-000" + e, state, model, sgd, "seed: 1\n", SplitAssignment.of(Map.of()), e == 2);
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("best", "epoch-0002", "epoch-0004", "epoch-0005", "last"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(dir.resolve("epoch-0005"), policy.last());
        assertEquals(dir.resolve("epoch-0002"), policy.best());
        assertEquals(Optional.of(dir.resolve("epoch-0002")), Checkpoint.pointed(dir, Checkpoint.BEST));
    }
}
