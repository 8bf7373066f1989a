package org.multipose.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import org.junit.jupiter.api.Test;
import org.multipose.cli.CliRun;
import org.multipose.cli.Main;

class TrainBenchTest {

    @Test
    void benchTrainRunsAndReportsRatios() {
        CliRun r = run("bench", "train", "--poses", "2", "--runs", "1", "--warmup", "0", "--threads", "1",
                "--receptor-atoms", "100", "--no-memory");
        String s = r.out();
        assertEquals(0, r.exit(), s);
        assertTrue(s.contains("synthetic receptor of 100 atoms"), s);
        assertTrue(s.matches("(?s).*\\n2 +dictionary .*x.*\\n2 +batched .*x.*"), s);
        assertTrue(s.contains("N = 2: dictionary / batched step time"), s);
    }

    @Test
    void aStepOfSeveralCompoundsIsOneBatch() {
        CliRun r = run("bench", "train", "--poses", "2", "--compounds", "3", "--no-prefetch", "--runs", "1",
                "--warmup", "0", "--grid-warmup", "0", "--threads", "1", "--receptor-atoms", "100", "--no-memory");
        String s = r.out();
        assertEquals(0, r.exit(), s);
        assertTrue(s.contains("3 compound(s) per step, no prefetch"), s);
        assertTrue(s.matches("(?s).*\\n2 +batched .*x.*"), s);
        CliRun bad = run("bench", "train", "--compounds", "0");
        assertEquals(Main.EXIT_INPUT, bad.exit());
        assertTrue(bad.err().contains("--compounds"), bad.err());
        CliRun both = run("bench", "train", "--prefetch", "--no-prefetch");
        assertEquals(Main.EXIT_INPUT, both.exit());
        assertTrue(both.err().contains("--prefetch and --no-prefetch exclude each other"), both.err());
    }

    @Test
    void badOptionIsAnInputError() {
        CliRun r = run("bench", "train", "--poses", "0");
        assertEquals(Main.EXIT_INPUT, r.exit());
        assertTrue(r.err().contains("--poses 0"), r.err());
    }
}
