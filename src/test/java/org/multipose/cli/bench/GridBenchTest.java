package org.multipose.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.multipose.cli.Main;
import picocli.CommandLine;

class GridBenchTest {

    @Test
    void benchGridRunsAndReportsRatios() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("bench", "grid", "--atoms", "20", "--channels", "2", "--runs", "1", "--warmup", "0");
        String s = out.toString();
        assertEquals(0, code, s);
        assertTrue(s.contains("20 atoms, 2 channels, 48³ points"), s);
        assertTrue(s.contains("forward (index types, zero-filled)"), s);
        assertTrue(s.contains("backward to coordinates (index types)"), s);
        assertTrue(s.contains("second-order backward"), s);
    }

    @Test
    void badOptionIsAnInputError() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(Main.EXIT_INPUT, cl.execute("bench", "grid", "--atoms", "0"));
        assertTrue(err.toString().contains("--atoms"), err.toString());
    }
}
