package org.multipose.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The peak native memory of one benchmark step, as {@code bench combination} and {@code bench train} report it: the
 * bench runs itself again in a fresh JVM per measurement (so no measurement inherits another's allocator state), with
 * a fixed, pre-touched Java heap (Java allocations then never move RSS) and a fixed glibc mmap threshold (glibc then
 * returns every large block on free, so RSS follows live native memory). In that JVM the step runs once untimed,
 * VmHWM is reset to the current RSS, and the rise of VmHWM over VmRSS across two more runs is printed as
 * {@value #MARK} followed by kB. Linux only (/proc/self).
 */
final class PeakMemory {

    /** The line the probe JVM prints its result on, before the number of kB. */
    static final String MARK = "PEAK_KB ";

    private PeakMemory() {}

    /**
     * Runs {@code pipeline bench <benchArgs>} in a fresh JVM (through {@link #main}) (this JVM's options but agents and heap sizes; heap
     * fixed at 256 MiB and pre-touched) and returns the peak it printed, in MB.
     *
     * @param what names the measurement in the error when the probe fails
     * @throws IllegalStateException when the probe exits non-zero or prints no {@value #MARK} line
     */
    static double measureMb(List<String> benchArgs, String what) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-Xm")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PeakMemory.class.getName()));
        cmd.addAll(benchArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("MALLOC_MMAP_THRESHOLD_", "65536");
        env.put("MALLOC_TRIM_THRESHOLD_", "65536");
        Process p = pb.start();
        String peak = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith(MARK)) {
                    peak = line.substring(MARK.length()).trim();
                }
            }
        }
        if (p.waitFor() != 0 || peak == null) {
            throw new IllegalStateException("memory probe " + what + " failed (exit " + p.exitValue() + ")");
        }
        return Long.parseLong(peak) / 1024.0;
    }

    /**
     * Entry point of the probe JVM: the {@code bench} command with {@code args} (this package's own, so the probe
     * needs nothing of the launcher's).
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    /** In the probe JVM: one untimed run of {@code step}, then the peak RSS rise over two runs, kB. */
    static long rise(Runnable step) throws IOException {
        step.run();
        Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM to the current RSS
        long before = status("VmRSS:");
        step.run();
        step.run();
        return status("VmHWM:") - before;
    }

    private static long status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/self/status");
    }
}
