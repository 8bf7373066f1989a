package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void versionNamesTheStack() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--version"));
        String s = out.toString();
        assertTrue(s.contains("multipose 0.1.0"), s);
        assertTrue(s.contains("DJL 0.35.1"), s);
    }

    @Test
    void unknownCommandIsAUsageError() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("no-such-command"));
        assertTrue(err.toString().contains("no-such-command"), err.toString());
    }
}
