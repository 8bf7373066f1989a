package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void versionNamesTheStack() {
        CliRun r = run("--version");
        assertEquals(0, r.exit());
        String s = r.out();
        assertTrue(s.contains("multipose 0.1.0"), s);
        assertTrue(s.contains("DJL 0.35.1"), s);
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun r = run("no-such-command");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no-such-command"), r.err());
    }
}
