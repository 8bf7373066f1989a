package org.multipose.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Exact resume and determinism on the toy set (30 compounds: 18 train, batches of 4, a mid-epoch checkpoint at the
 * first batch boundary after every 5 compounds, i.e. at 8, 12 and 16; 4 epochs; Adam; augmentation on). A run is
 * "killed" by an exception thrown from its progress listener, which is what a crash looks like to the loop: the
 * checkpoints written before it stay, nothing after. Resumed runs must end with the very same float32 weights and
 * optimizer moments (bit for bit) and the same per-epoch losses as an uninterrupted run.
 */
class ResumeTest {

    private static final String EXTRA = "loss: [{kind: censored_mse}]\n"
            + "optimizer: {kind: adam, lr: 0.01}\n"
            + "schedule: {kind: cosine, min_lr: 0.001}\n"
            + "training: {epochs: 4, batch_size: 4, checkpoint_every: 5}\n";

    @TempDir
    static Path tmp;
    static Path dataset;
    static Path reference;

    @BeforeAll
    static void uninterrupted() {
        dataset = ToyData.write(tmp.resolve("ds"), ToyData.compounds(30, 21));
        TrainingConfig c = TrainingRuns.config(dataset, tmp.resolve("runs"), "reference", EXTRA, List.of());
        TrainingRuns.start(c);
        reference = TrainingRuns.runDir(c);
    }

    /** A listener that throws when epoch {@code epoch} reaches {@code done} compounds (0 = when it starts). */
    private static final class Kill implements TrainingListener {
        private final int epoch;
        private final int done;

        Kill(int epoch, int done) {
            this.epoch = epoch;
            this.done = done;
        }

        @Override
        public void epochStarted(int member, int e, int compounds, int from) {
            if (e == epoch && done == 0) {
                throw new IllegalStateException("killed");
            }
        }

        @Override
        public void batchFinished(int member, int e, int d, int compounds, double loss) {
            if (e == epoch && d == done) {
                throw new IllegalStateException("killed");
            }
        }
    }

    private static Path killedRun(String name, Kill kill) {
        TrainingConfig c = TrainingRuns.config(dataset, tmp.resolve("runs"), name, EXTRA, List.of());
        RunDirectory run = RunDirectory.create(TrainingRuns.runDir(c));
        Trainer t = Trainer.start(c, dataset, run, new ValidationMetrics(), kill);
        assertThrows(IllegalStateException.class, t::run);
        return run.root();
    }

    private static void assertSameFinalState(Path run) {
        Path a = reference.resolve("checkpoints/epoch-0004");
        Path b = run.resolve("checkpoints/epoch-0004");
        Map<String, FloatTensor> wa = TrainingRuns.weights(a);
        Map<String, FloatTensor> wb = TrainingRuns.weights(b);
        assertEquals(wa.keySet(), wb.keySet());
        for (String k : wa.keySet()) {
            assertArrayEquals(wa.get(k).data(), wb.get(k).data(), 0f, k);
        }
        NamedTensors sa = TrainingRuns.optimizerSlots(a);
        NamedTensors sb = TrainingRuns.optimizerSlots(b);
        assertEquals(sa.entries().keySet(), sb.entries().keySet());
        for (String k : sa.entries().keySet()) {
            assertArrayEquals(sa.get(k).data(), sb.get(k).data(), 0f, k);
        }
        assertEquals(losses(reference), losses(run), "per-epoch train and validation losses");
    }

    /** (epoch, train loss, val loss) per metrics line. */
    private static List<List<Double>> losses(Path run) {
        List<List<Double>> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try {
            for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
                JsonNode n = json.readTree(line);
                out.add(List.of(n.get("epoch").asDouble(), n.get("train_loss").asDouble(),
                        n.get("val_loss").asDouble()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    @Test
    void theReferenceKeptItsCheckpointsAndPointers() throws Exception {
        assertTrue(Files.isSymbolicLink(reference.resolve("checkpoints/last")));
        assertEquals(reference.resolve("checkpoints/epoch-0004").toRealPath(),
                reference.resolve("checkpoints/last").toRealPath());
        assertTrue(Files.isSymbolicLink(reference.resolve("checkpoints/best")));
        assertEquals(4, losses(reference).size());
        assertTrue(Files.isRegularFile(reference.resolve("split.csv")));
        assertTrue(Files.isRegularFile(reference.resolve("config.yaml")));
        CheckpointState s = Checkpoint.read(reference.resolve("checkpoints/last")).state();
        assertTrue(s.finished());
        assertEquals(4 * 5, s.optimizerSteps(), "18 compounds in batches of 4: 5 steps per epoch");
    }

    @Test
    void stoppedAfterAnEpochAndResumedEqualsUninterrupted() {
        Path run = killedRun("killed-after-epoch-2", new Kill(3, 0));
        CheckpointState s = Checkpoint.read(run.resolve("checkpoints/last")).state();
        assertEquals(2, s.epoch());
        assertEquals(0, s.position());
        assertFalse(s.finished());
        TrainingRuns.resume(run);
        assertSameFinalState(run);
    }

    @Test
    void stoppedMidEpochAndResumedEqualsUninterrupted() {
        // killed at 16 compounds into epoch 3, before its checkpoint at 16: the last one is at 12
        Path run = killedRun("killed-mid-epoch-3", new Kill(3, 16));
        CheckpointState s = Checkpoint.read(run.resolve("checkpoints/last")).state();
        assertEquals(2, s.epoch());
        assertEquals(12, s.position());
        assertTrue(s.trainCompounds() == 12 && s.trainLossSum() > 0, "the epoch's running loss is saved");
        assertTrue(Double.isFinite(s.bestLoss()));
        TrainingRuns.resume(run);
        assertSameFinalState(run);
    }

    @Test
    void resumeDeletesWhatAnInterruptedCheckpointWriteLeftAndNothingElse() throws Exception {
        Path run = killedRun("killed-mid-write", new Kill(3, 0));
        Path checkpoints = run.resolve("checkpoints");
        // what a process killed inside Checkpoint.write leaves: its temporary directory, half written
        Path unfinished = Files.createDirectories(checkpoints.resolve(".tmp-epoch-0003-8046327748297536717"));
        Files.writeString(unfinished.resolve(Checkpoint.STATE), "{\"format\": ");
        // not named as the writer names its temporaries, or not a directory: left alone
        Path notes = Files.createDirectories(checkpoints.resolve(".tmp-notes"));
        Path file = Files.writeString(checkpoints.resolve(".tmp-epoch-0003-12"), "a file, not a directory");

        TrainingRuns.resume(run);

        assertFalse(Files.exists(unfinished));
        assertTrue(Files.isDirectory(notes));
        assertTrue(Files.isRegularFile(file));
        String log = Files.readString(run.resolve(RunDirectory.LOG));
        assertTrue(log.contains("removed 1 unfinished checkpoint write(s) left by the interrupted run in "
                + checkpoints.toAbsolutePath().normalize() + ": .tmp-epoch-0003-8046327748297536717"), log);
        try (var s = Files.list(checkpoints)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\.tmp-epoch-.*-[0-9]{6,}")).toList(), "no temporary of the resumed run");
        }
        assertSameFinalState(run);
    }

    @Test
    void sameSeedAndThreadsGiveIdenticalWeights() {
        TrainingConfig c = TrainingRuns.config(dataset, tmp.resolve("runs"), "again", EXTRA, List.of());
        TrainingRuns.start(c);
        assertSameFinalState(TrainingRuns.runDir(c));
        // two threads (gridding slabs and PyTorch intra-op), twice: identical to each other
        TrainingConfig t1 = TrainingRuns.config(dataset, tmp.resolve("runs"), "two-threads-1", EXTRA,
                List.of("threads=2"));
        TrainingConfig t2 = TrainingRuns.config(dataset, tmp.resolve("runs"), "two-threads-2", EXTRA,
                List.of("threads=2"));
        TrainingRuns.start(t1);
        TrainingRuns.start(t2);
        Map<String, FloatTensor> w1 = TrainingRuns.weights(TrainingRuns.runDir(t1).resolve("checkpoints/last"));
        Map<String, FloatTensor> w2 = TrainingRuns.weights(TrainingRuns.runDir(t2).resolve("checkpoints/last"));
        for (String k : w1.keySet()) {
            assertArrayEquals(w1.get(k).data(), w2.get(k).data(), 0f, k);
        }
        // ... and another seed does not
        TrainingConfig d = TrainingRuns.config(dataset, tmp.resolve("runs"), "other-seed", EXTRA,
                List.of("seed=8"));
        TrainingRuns.start(d);
        float[] a = TrainingRuns.weights(reference.resolve("checkpoints/epoch-0004")).get("unit1_conv.weight").data();
        float[] b = TrainingRuns.weights(TrainingRuns.runDir(d).resolve("checkpoints/epoch-0004"))
                .get("unit1_conv.weight").data();
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void resumingAFinishedRunChangesNothing() throws Exception {
        TrainingConfig c = TrainingRuns.config(dataset, tmp.resolve("runs"), "finished", EXTRA, List.of());
        TrainingRuns.start(c);
        Path run = TrainingRuns.runDir(c);
        byte[] before = Files.readAllBytes(run.resolve("checkpoints/last/weights.mpt"));
        List<MemberResult> r = TrainingRuns.resume(run);
        assertEquals(4, r.get(0).epochs());
        assertArrayEquals(before, Files.readAllBytes(run.resolve("checkpoints/last/weights.mpt")));
    }
}
