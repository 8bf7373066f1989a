package org.multipose.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GridSpecTest {

    @Test
    void defaultsGive48PointsSpanningCenterPlusMinus1175() {
        GridSpec s = GridSpec.defaults();
        assertEquals(0.5, s.resolution());
        assertEquals(23.5, s.dimension());
        assertEquals(1.0, s.radiusScale());
        assertEquals(1.0, s.gaussianMultiple());
        assertFalse(s.binary());
        assertEquals(48, s.pointsPerSide());
        assertEquals(48 * 48 * 48, s.pointsPerChannel());
        assertArrayEquals(new double[] {-10.75, -11.75, -12.75}, s.origin(new double[] {1, 0, -1}));
        assertEquals(49, GridSpec.of(0.5, 24, 1, 1, false).pointsPerSide());
    }

    @Test
    void tailEndAndCutoff() {
        assertEquals(1.5, GridSpec.defaults().tailEnd(), 1e-15);
        assertEquals(5.5 / 3, GridSpec.of(0.5, 23.5, 1, 1.5, false).tailEnd(), 1e-15); // (1 + 2·2.25)/3
        GridSpec truncated = GridSpec.of(0.5, 23.5, 1, -1.5, false);
        assertTrue(truncated.truncated());
        assertEquals(1.5, truncated.tailEnd());
        assertEquals(1.5, truncated.cutoffMultiple());
        assertEquals(1.0, GridSpec.of(0.5, 23.5, 1, 1, true).cutoffMultiple());
    }

    @Test
    void badValuesAreNamedWithAFix() {
        String m = assertThrows(ConfigProblem.class, () -> GridSpec.of(0, 23.5, 1, 1, false)).getMessage();
        assertTrue(m.contains("resolution") && m.contains("0.5"), m);
        m = assertThrows(ConfigProblem.class, () -> GridSpec.of(0.5, -1, 1, 1, false)).getMessage();
        assertTrue(m.contains("dimension"), m);
        m = assertThrows(ConfigProblem.class, () -> GridSpec.of(0.5, 23.5, 0, 1, false)).getMessage();
        assertTrue(m.contains("radius scale"), m);
        m = assertThrows(ConfigProblem.class, () -> GridSpec.of(0.5, 23.5, 1, 0, false)).getMessage();
        assertTrue(m.contains("Gaussian radius multiple") && m.contains("truncated"), m);
        assertThrows(ConfigProblem.class, () -> GridSpec.of(0.5, 23.5, 1, -11, false));
        m = assertThrows(ConfigProblem.class, () -> GridSpec.of(0.01, 23.5, 1, 1, false)).getMessage();
        assertTrue(m.contains("points per side"), m);
        assertThrows(ConfigProblem.class, () -> GridSpec.of(Double.NaN, 23.5, 1, 1, false));
        assertEquals("gaussian_multiple", assertThrows(ConfigProblem.class,
                () -> GridSpec.of(0.5, 23.5, 1, 0.05, false)).key());
        assertEquals("fixed_centers", assertThrows(ConfigProblem.class, () -> new GridSpec(0.5, 23.5, 1, 1, false,
                GridSpec.Center.FIXED, java.util.Map.of())).key());
    }

    @Test
    void differencesNameTheCenterRule() {
        GridSpec ligand = new GridSpec(0.5, 23.5, 1, 1, false, GridSpec.Center.LIGAND, java.util.Map.of());
        assertEquals(java.util.List.of("center: compound vs ligand"), GridSpec.defaults().differences(ligand));
        GridSpec a = new GridSpec(0.5, 23.5, 1, 1, false, GridSpec.Center.FIXED,
                java.util.Map.of("T", java.util.List.of(1.0, 2.0, 3.0)));
        GridSpec b = new GridSpec(0.5, 23.5, 1, 1, false, GridSpec.Center.FIXED,
                java.util.Map.of("T", java.util.List.of(1.0, 2.0, 4.0)));
        assertEquals(java.util.List.of("fixed centers: {T=[1.0, 2.0, 3.0]} vs {T=[1.0, 2.0, 4.0]}"),
                a.differences(b));
    }

    @Test
    void differencesNameTheFields() {
        GridSpec a = GridSpec.defaults();
        assertEquals(java.util.List.of(), a.differences(GridSpec.of(0.5, 23.5, 1.0, 1.0, false)));
        assertEquals(java.util.List.of("resolution: 0.5 vs 0.375", "binary: false vs true"),
                a.differences(GridSpec.of(0.375, 23.5, 1.0, 1.0, true)));
    }
}
