package org.multipose.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No native-memory growth over a long-ish training run (360 compound steps, see {@link TrainingMemoryProbe}), by the
 * method of {@link NativeMemoryTest}: a child JVM with -Xms = -Xmx = 256 MiB and a pre-touched heap, so VmRSS moves
 * only with native memory. The count of live NDArrays must be the same at the end of every epoch (from the first
 * on: no array outlives its step), and VmRSS after the warm-up (epochs 1–4: JIT and allocator pools) must stay
 * within 3 % over epochs 5–10.
 */
class TrainingMemoryTest {

    @ParameterizedTest
    @ValueSource(strings = {"dictionary", "batched"})
    void arraysAndRssStayFlat(String route) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--enable-native-access") || a.startsWith("-Dai.djl")
                    || a.startsWith("--sun-misc") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), TrainingMemoryProbe.class.getName(), route));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe timed out");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), out);
        List<long[]> epochs = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("epoch ")) {
                String[] f = line.trim().split(" ");
                epochs.add(new long[] {Long.parseLong(f[3]), Long.parseLong(f[5])});
            }
        }
        assertEquals(10, epochs.size(), out);
        for (long[] e : epochs) {
            assertEquals(epochs.get(0)[1], e[1], "live NDArrays at each epoch end: " + out);
        }
        long base = epochs.get(4)[0];
        long max = base;
        for (int i = 4; i < epochs.size(); i++) {
            max = Math.max(max, epochs.get(i)[0]);
        }
        double growth = (max - base) / (double) base;
        System.out.printf("%s: RSS after warm-up %d KiB, largest growth %.2f %%, %d live arrays%n", route, base,
                100 * growth, epochs.get(0)[1]);
        assertTrue(growth <= 0.03, "VmRSS grew " + 100 * growth + " % after warm-up: " + out);
    }
}
