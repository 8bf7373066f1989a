package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.testsupport.MarkdownDocs;

/**
 * The README's main command (read from README.md, "The two commands"), shortened to 1 epoch, three times in one JVM
 * (so the runs share the native allocator's state, which is what exposed the upstream convolution fault): every run
 * succeeds and writes the same weights and the same predictions, byte for byte. docs/reliability.md has the 20-run
 * check of the full quickstart.
 */
class QuickstartRepeatTest {

    @TempDir
    Path tmp;

    @Test
    void threeOneEpochQuickstartRunsAreIdentical() throws IOException {
        List<String> readme = MarkdownDocs.words(MarkdownDocs.readmeTwoCommands().get(0));
        assertEquals("./pipeline", readme.get(0), "the README's main command");
        List<String> command = new ArrayList<>(readme.subList(1, readme.size()));
        int config = command.indexOf("--config") + 1;
        assertTrue(config > 0 && config < command.size(), "the README's main command names no --config FILE");
        command.set(config, MarkdownDocs.PROJECT.resolve(command.get(config)).toString());
        byte[] weights = null;
        byte[] predictions = null;
        for (int i = 1; i <= 3; i++) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--set", "training.epochs=1", "--set", "output.runs_dir=" + tmp, "--set",
                    "output.name=repeat-" + i, "--quiet"));
            CliRun r = run(args.toArray(String[]::new));
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
