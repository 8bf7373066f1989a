package org.multipose.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One {@code pipeline} invocation in this JVM, as the launcher would run it ({@link Main#commandLine()}, with its
 * exception handler), with what it printed captured.
 *
 * @param exit the exit code
 * @param out  what it printed to the command line's standard output
 * @param err  what it printed to the command line's standard error
 */
public record CliRun(int exit, String out, String err) {

    /** Runs {@code pipeline args...}. */
    public static CliRun run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
