package org.multipose.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine description written into checkpoints and provenance.json, from a /proc/cpuinfo excerpt. */
class MachineInfoTest {

    @TempDir
    Path tmp;

    @Test
    void readsModelGenerationAndTheKernelFlagsOnly() throws IOException {
        Path cpuinfo = Files.writeString(tmp.resolve("cpuinfo"), "processor\t: 0\nvendor_id\t: AuthenticAMD\n"
                + "cpu family\t: 26\nmodel\t\t: 2\nmodel name\t: AMD EPYC\nstepping\t: 1\n"
                + "flags\t\t: fpu sse4_2 avx f16c avx2 fma avx512f avx512bw avx512vl avx_vnni sha_ni\n\n"
                + "processor\t: 1\ncpu family\t: 99\nmodel name\t: other\n");
        Map<String, String> m = MachineInfo.read(cpuinfo);
        assertEquals("AMD EPYC (family 26 model 2 stepping 1)", m.get("cpu"));
        assertEquals("sse4_2 avx fma avx2 avx512f avx512bw avx512vl avx_vnni", m.get("cpu_isa"));
    }

    @Test
    void withoutProcTheValuesSayUnknown() {
        Map<String, String> m = MachineInfo.read(tmp.resolve("absent"));
        assertEquals("unknown", m.get("cpu"));
        assertEquals("unknown", m.get("cpu_isa"));
    }
}
