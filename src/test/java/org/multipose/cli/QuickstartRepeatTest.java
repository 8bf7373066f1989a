package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.multipose.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, shortened to 1 epoch, three times in one JVM (so the runs share the native allocator's
 * state, which is what exposed the upstream convolution fault): every run succeeds and writes the same weights and
 * the same predictions, byte for byte. docs/reliability.md has the 20-run check of the full quickstart.
 */
class QuickstartRepeatTest {

    @TempDir
    Path tmp;

    @Test
    void threeOneEpochQuickstartRunsAreIdentical() throws IOException {
        Path config = Path.of(System.getProperty("multipose.project.dir", ".")).resolve("configs/quickstart.yaml");
        byte[] weights = null;
        byte[] predictions = null;
        for (int i = 1; i <= 3; i++) {
            CliRun r = run("train", "--config", config.toString(), "--set", "training.epochs=1", "--set",
                    "output.runs_dir=" + tmp, "--set", "output.name=repeat-" + i, "--quiet");
            assertEquals(0, r.exit(), "run " + i + ": " + r.err());
            Path dir = tmp.resolve("repeat-" + i);
            byte[] w = Files.readAllBytes(dir.resolve("checkpoints/last/weights.mpt"));
            byte[] p = Files.readAllBytes(dir.resolve("predictions.csv"));
            if (weights == null) {
                weights = w;
                predictions = p;
            } else {
                assertArrayEquals(weights, w, "run " + i + ": weights differ from run 1");
                assertArrayEquals(predictions, p, "run " + i + ": predictions.csv differs from run 1");
            }
        }
    }
}
