package org.multipose.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.multipose.cli.Main;
import picocli.CommandLine;

class TrainBenchTest {

    @Test
    void benchTrainRunsAndReportsRatios() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("bench", "train", "--poses", "2", "--runs", "1", "--warmup", "0", "--threads", "1",
                "--receptor-atoms", "100", "--no-memory");
        String s = out.toString();
        assertEquals(0, code, s);
        assertTrue(s.contains("synthetic receptor of 100 atoms"), s);
        assertTrue(s.matches("(?s).*\\n2 +dictionary .*x.*\\n2 +batched .*x.*"), s);
        assertTrue(s.contains("N = 2: dictionary / batched step time"), s);
    }

    @Test
    void badOptionIsAnInputError() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(Main.EXIT_INPUT, cl.execute("bench", "train", "--poses", "0"));
        assertTrue(err.toString().contains("--poses 0"), err.toString());
    }
}
