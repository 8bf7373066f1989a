package org.multipose.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.config.ConfigLoader;
import org.multipose.config.TrainingConfig;
import org.multipose.data.Dataset;
import org.multipose.data.PrepareProgress;
import org.multipose.eval.GroupEvaluation;
import org.multipose.eval.PredictionTable;
import org.multipose.refine.RefineOptions;
import org.multipose.refine.Refinement;
import org.multipose.train.TrainingListener;

/**
 * The main job called from Java, as the {@link TrainingJob} Javadoc shows: a tiny run on the bundled demo's first 30
 * compounds (prepared by the config), whose returned predictions and metrics are what it wrote into the run; then
 * {@link RefineJob} on one of its poses.
 */
class TrainingJobTest {

    private static Path demoSubset(Path tmp) throws Exception {
        Path demo = Path.of(System.getProperty("multipose.project.dir", ".")).resolve("datasets/demo");
        Files.createDirectories(tmp);
        Path dir = Files.createDirectories(tmp.resolve("demo30"));
        StringBuilder b = new StringBuilder();
        int records = 0;
        for (String line : Files.readAllLines(demo.resolve("poses.sdf"))) {
            b.append(line).append('\n');
            if (line.equals("$$$$") && ++records == 120) { // 4 poses per compound, consecutive records
                break;
            }
        }
        Files.writeString(dir.resolve("poses.sdf"), b);
        Files.write(dir.resolve("affinities.csv"), Files.readAllLines(demo.resolve("affinities.csv")).subList(0, 31));
        Files.copy(demo.resolve("receptor.pdb"), dir.resolve("receptor.pdb"));
        Path config = tmp.resolve("demo30.yaml");
        Files.writeString(config, "seed: 3\nthreads: 1\n"
                + "data: {prepare: {poses: demo30/poses.sdf, receptors: {demo: demo30/receptor.pdb},"
                + " affinities: demo30/affinities.csv}}\n"
                + "split: {fractions: [0.6, 0.2, 0.2]}\n"
                + "grid: {resolution: 2.0, dimension: 14.0}\n"
                + "model: {architecture: small, widths: [4, 4, 4, 4, 4]}\n"
                + "training: {epochs: 2, batch_size: 4}\n"
                + "output: {runs_dir: runs, name: library}\n");
        return config;
    }

    @Test
    void aLibraryCallerGetsThePredictionsAndMetricsItWrote(@TempDir Path tmp) throws Exception {
        TrainingConfig cfg = ConfigLoader.load(demoSubset(tmp), List.of());
        List<String> lines = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void message(String line) {
                lines.add(line);
            }
        };
        TrainingJob.Result r = TrainingJob.newRun(cfg, "demo30.yaml",
                new TrainingJob.Progress(listener, PrepareProgress.NONE), "TrainingJobTest");
        Path run = tmp.resolve("runs/library");
        assertEquals(run, r.run().root());
        assertEquals(1, r.members().size());
        assertEquals(2, r.members().get(0).epochs());
        assertTrue(lines.get(0).startsWith("prepared " + run.resolve("dataset") + ": 30 compounds, 120 poses, 0 rejects"),
                lines.toString());
        // every compound predicted, four poses each; the same rows as the predictions file written into the run
        assertEquals(30, r.predictions().compounds().size());
        assertEquals(120, r.predictions().poses().size());
        PredictionTable written = PredictionTable.read(run);
        assertEquals(written.compounds(), r.predictions().compounds());
        // 30 compounds at 0.6/0.2/0.2: 6 in test
        GroupEvaluation test = r.evaluation().overall("test").orElseThrow();
        assertEquals(6, test.compounds());
        assertTrue(Files.readString(run.resolve("metrics.json")).contains("\"test\""));
        assertTrue(Files.readString(run.resolve("provenance.json")).contains("TrainingJobTest"));
        assertTrue(r.seconds() > 0);

        // the trained run refines a pose from Java too
        Path out = tmp.resolve("refined.sdf");
        List<Integer> refinedRecords = new ArrayList<>();
        RefineJob.Result refined = RefineJob.run(new RefineJob.Request(run, "best", tmp.resolve("demo30/receptor.pdb"),
                tmp.resolve("demo30/poses.sdf"), Optional.of(2), "", RefineOptions.defaults(), out, 1),
                new RefineJob.Listener() {
                    @Override
                    public void refined(int record, String compoundId, Refinement x) {
                        refinedRecords.add(record);
                    }
                });
        assertEquals(1, refined.refined());
        assertEquals(List.of(2), refinedRecords);
        assertTrue(refined.meanAfter() <= refined.meanBefore(), refined.toString());
        assertTrue(Files.readString(out).contains("> <" + RefineJob.TAG_AFTER + ">"));
    }

    /** data.prepare.typer chooses the typing of the dataset the run prepares (element: 14 + 14 channels). */
    @Test
    void theConfigChoosesTheTyper(@TempDir Path tmp) throws Exception {
        TrainingConfig cfg = ConfigLoader.load(demoSubset(tmp), List.of("data.prepare.typer=element",
                "training.epochs=1"));
        TrainingJob.Result r = TrainingJob.newRun(cfg, "demo30.yaml", TrainingJob.Progress.NONE, "TrainingJobTest");
        try (Dataset d = Dataset.open(r.run().dataset())) {
            assertEquals("element", d.metadata().typer());
            assertEquals(28, d.metadata().channelNames().size());
            assertEquals(14, d.metadata().receptorChannels());
        }
        TrainingConfig bad = ConfigLoader.load(demoSubset(tmp.resolve("bad")), List.of("data.prepare.typer=xs"));
        String m = assertThrows(InputException.class, () -> TrainingJob.newRun(bad, "demo30.yaml",
                TrainingJob.Progress.NONE, "TrainingJobTest")).getMessage();
        assertTrue(m.startsWith("data.prepare.typer xs: use "), m);
        assertTrue(m.contains("element"), m);
        // gnina's pretrained networks take gnina's typing: refused before anything is prepared
        Path mixedConfig = demoSubset(tmp.resolve("mixed"));
        Files.writeString(mixedConfig, Files.readString(mixedConfig).replace(
                "model: {architecture: small, widths: [4, 4, 4, 4, 4]}",
                "model: {pretrained: gnina:crossdock_default2018}"));
        TrainingConfig mixed = ConfigLoader.load(mixedConfig, List.of("data.prepare.typer=element"));
        m = assertThrows(InputException.class, () -> TrainingJob.validate(mixed)).getMessage();
        assertEquals("data.prepare.typer: element, but model.pretrained: gnina:crossdock_default2018 was trained on"
                + " gnina's 28 XS channels; set data.prepare.typer: gnina (or drop model.pretrained)", m);
    }

    @Test
    void aConfigThatCannotTrainIsRefusedBeforeTheRunExists(@TempDir Path tmp) throws Exception {
        TrainingConfig cfg = ConfigLoader.load(demoSubset(tmp), List.of("device=gpu"));
        String m = assertThrows(InputException.class, () -> TrainingJob.newRun(cfg, "demo30.yaml",
                TrainingJob.Progress.NONE, "TrainingJobTest")).getMessage();
        assertTrue(m.contains("set device: cpu"), m);
        assertTrue(Files.notExists(tmp.resolve("runs/library")));
    }
}
