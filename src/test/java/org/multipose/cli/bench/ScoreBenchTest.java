package org.multipose.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import org.junit.jupiter.api.Test;
import org.multipose.cli.CliRun;
import org.multipose.cli.Main;

class ScoreBenchTest {

    @Test
    void benchScoreRunsAndReportsRatios() {
        String poses = java.nio.file.Path.of(System.getProperty("multipose.project.dir", "."))
                .resolve("datasets/demo/poses.sdf").toString();
        CliRun r = run("bench", "score", "--models", "default2018", "--threads", "1", "--batch", "1", "--runs", "1",
                "--warmup", "0", "--receptor-atoms", "200", "--poses", poses);
        String s = r.out();
        assertEquals(0, r.exit(), s + r.err());
        assertTrue(s.contains("synthetic receptor of 200 atoms"), s);
        assertTrue(s.matches("(?s).*\\ndefault2018 +1 +1 +[0-9.]+ +[0-9.]+ +[0-9.]+x .*"), s);
    }

    @Test
    void badOptionIsAnInputError() {
        CliRun r = run("bench", "score", "--models", "dense");
        assertEquals(Main.EXIT_INPUT, r.exit());
        assertTrue(r.err().contains("--models dense"), r.err());
    }
}
