package org.multipose.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
        String out = ProbeJvm.run(TrainingMemoryProbe.class, route);
        List<long[]> epochs = ProbeJvm.lines(out, "epoch ", 3, 5);
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
