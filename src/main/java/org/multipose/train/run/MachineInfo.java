package org.multipose.train.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The machine a run or prediction came from: CPU model, the instruction-set extensions that decide which vector
 * kernels PyTorch / oneDNN and the JVM pick, and the core count. Recorded in checkpoints and provenance.json because
 * results are bit-identical only on the same kind of CPU (docs/reliability.md): kernels chosen by ISA sum in other
 * orders.
 */
public final class MachineInfo {

    /** The ISA flags of /proc/cpuinfo that select kernels, in the order they are reported. */
    static final List<String> KERNEL_FLAGS = List.of("sse4_2", "avx", "fma", "avx2", "avx512f", "avx512bw",
            "avx512vl", "avx512_vnni", "avx512_bf16", "avx_vnni", "amx_tile", "amx_bf16", "amx_int8");

    private static final Map<String, String> INFO = read(Path.of("/proc/cpuinfo"));

    private MachineInfo() {
    }

    /** cpu (model name with family, model and stepping), cpu_isa (space-separated kernel flags), cores, os_arch. */
    public static Map<String, String> describe() {
        return INFO;
    }

    static Map<String, String> read(Path cpuinfo) {
        String model = "unknown";
        Map<String, String> id = new LinkedHashMap<>(); // cpu family, model, stepping: the generation a name hides
        Set<String> flags = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (key.equals("model name") && model.equals("unknown")) {
                    model = value;
                } else if ((key.equals("cpu family") || key.equals("model") || key.equals("stepping"))
                        && !id.containsKey(key)) {
                    id.put(key, value);
                } else if (key.equals("flags") && flags.isEmpty()) {
                    flags.addAll(List.of(value.split("\\s+")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no /proc: the model stays "unknown" and the ISA list empty.
        }
        StringBuilder isa = new StringBuilder();
        for (String f : KERNEL_FLAGS) {
            if (flags.contains(f)) {
                isa.append(isa.length() == 0 ? "" : " ").append(f);
            }
        }
        Map<String, String> m = new LinkedHashMap<>();
        StringBuilder gen = new StringBuilder();
        id.forEach((k, v) -> gen.append(gen.length() == 0 ? "" : " ").append(k.equals("cpu family") ? "family" : k)
                .append(' ').append(v));
        m.put("cpu", model + (gen.length() == 0 ? "" : " (" + gen + ")"));
        m.put("cpu_isa", isa.length() == 0 ? "unknown" : isa.toString());
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("os_arch", System.getProperty("os.arch"));
        return java.util.Collections.unmodifiableMap(m);
    }
}
