package org.multipose.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a memory probe (a class with a main method in the test classpath) in a child JVM whose Java heap is fixed
 * and pre-touched (-Xms = -Xmx = 256 MiB, -XX:+AlwaysPreTouch), so its VmRSS moves only with native memory; the
 * child gets this JVM's module and native-access flags and DJL's offline mode. Used by {@link NativeMemoryTest}
 * and {@link TrainingMemoryTest}.
 */
final class ProbeJvm {

    private ProbeJvm() {}

    /**
     * Runs {@code main} with the program argument {@code arg} (and the extra JVM options), waits up to 120 s, asserts
     * exit code 0 and returns what it printed (stdout and stderr).
     */
    static String run(Class<?> main, String arg, String... jvmOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--enable-native-access") || a.startsWith("-Dai.djl")
                    || a.startsWith("--sun-misc") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-Dai.djl.offline=true"));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), arg));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe timed out");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /**
     * The lines of {@code out} that start with {@code prefix}, each as the numbers at the given space-separated field
     * positions (0-based), in order.
     */
    static List<long[]> lines(String out, String prefix, int... fields) {
        List<long[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith(prefix)) {
                String[] f = line.trim().split(" ");
                long[] row = new long[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    row[i] = Long.parseLong(f[fields[i]]);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
