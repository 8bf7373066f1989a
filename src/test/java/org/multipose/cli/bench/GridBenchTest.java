package org.multipose.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import org.junit.jupiter.api.Test;
import org.multipose.cli.CliRun;
import org.multipose.cli.Main;

class GridBenchTest {

    @Test
    void benchGridRunsAndReportsRatios() {
        CliRun r = run("bench", "grid", "--atoms", "20", "--channels", "2", "--runs", "1", "--warmup", "0");
        String s = r.out();
        assertEquals(0, r.exit(), s);
        assertTrue(s.contains("20 atoms, 2 channels, 48³ points"), s);
        assertTrue(s.contains("forward (index types, zero-filled)"), s);
        assertTrue(s.contains("backward to coordinates (index types)"), s);
        assertTrue(s.contains("second-order backward"), s);
    }

    @Test
    void badOptionIsAnInputError() {
        CliRun r = run("bench", "grid", "--atoms", "0");
        assertEquals(Main.EXIT_INPUT, r.exit());
        assertTrue(r.err().contains("--atoms"), r.err());
    }
}
