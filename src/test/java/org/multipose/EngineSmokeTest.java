package org.multipose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The PyTorch engine loads offline from the bundled natives and computes. */
class EngineSmokeTest {

    @Test
    void pytorchEngineComputesOffline() {
        assertEquals("PyTorch", Engine.getInstance().getEngineName());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1f, 2f, 3f});
            // 1 + 4 + 9, by hand.
            assertEquals(14f, a.mul(a).sum().getFloat(), 0f);
        }
    }
}
