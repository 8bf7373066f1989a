package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.testsupport.SharedData;

/**
 * A smoke-sized training run on the real docked sets (plb-vina: 5 targets, 99 compounds, 891 poses), through the
 * command line: the config prepares the dataset into the run, then one epoch of a tiny network on 1 Å / 11 Å grids
 * with a by-target split (cdk2 held out). It must complete and write metrics.jsonl, the checkpoint pointers, the
 * predictions tables and metrics.json. Skipped when ../shared/data is absent.
 */
class TrainCommandRealDataTest {

    @TempDir
    Path tmp;

    @Test
    void oneEpochOnTheDockedSets() throws Exception {
        Path plb = SharedData.require().resolve("plb-vina");
        StringBuilder receptors = new StringBuilder();
        for (String t : List.of("tyk2", "p38", "mcl1", "ptp1b", "cdk2")) {
            receptors.append(t).append(": ").append(plb.resolve(t).resolve("protein.pdb")).append(", ");
        }
        Path config = tmp.resolve("plb.yaml");
        Files.writeString(config, "seed: 3\nthreads: 1\n"
                + "data:\n  prepare:\n"
                + "    poses: '" + plb + "/{target}/poses/*.sdf'\n"
                + "    receptors: {" + receptors.substring(0, receptors.length() - 2) + "}\n"
                + "    affinities: " + plb.resolve("affinities.csv") + "\n"
                + "    columns: {value: original_value, unit: original_unit, stderr: error}\n"
                + "split: {method: target, holdout_targets: [cdk2], fractions: [0.8, 0.2, 0.0]}\n"
                + "grid: {resolution: 1.0, dimension: 11.0}\n"
                + "model: {architecture: small, widths: [4, 4, 8, 8, 8]}\n"
                + "loss: [{kind: mse}, {kind: hinge}]\n"
                + "training: {epochs: 1, batch_size: 8}\n"
                + "output: {runs_dir: " + tmp.resolve("runs") + ", name: plb}\n");
        long t0 = System.nanoTime();
        CliRun r = run("train", "--config", config.toString(), "--quiet");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.exit(), r.out() + "\n" + r.err());
        Path run = tmp.resolve("runs/plb");
        List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(1, metrics.size());
        JsonNode m = new ObjectMapper().readTree(metrics.get(0));
        assertEquals(1, m.get("epoch").asInt());
        assertTrue(Double.isFinite(m.get("train_loss").asDouble()) && m.get("train_loss").asDouble() > 0, metrics.get(0));
        assertTrue(m.get("val_loss").isNumber(), metrics.get(0));
        assertTrue(m.has("val_spearman") && m.has("val_rmse"), metrics.get(0));
        JsonNode test = null;
        for (JsonNode g : new ObjectMapper().readTree(run.resolve("metrics.json").toFile()).path("groups")) {
            if (g.path("split").asText().equals("test") && g.path("target").isNull()) {
                test = g;
            }
        }
        assertEquals(10, test.path("exact").asInt(), "cdk2's 10 ligands are the test set");
        assertTrue(test.path("predictors").path("dock_score").path("available").asBoolean(), "Vina scores kept");
        assertTrue(Files.isSymbolicLink(run.resolve("checkpoints/best")));
        assertEquals(100, Files.readAllLines(run.resolve("predictions.csv")).size(), "header + 99 compounds");
        assertTrue(r.out().contains("train: run " + run), r.out());
        System.out.printf("plb-vina smoke run: %.1f s%n%s", seconds, r.out());
    }
}
