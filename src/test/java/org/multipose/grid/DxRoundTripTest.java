package org.multipose.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.config.GridSpec;

class DxRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void oneChannelRoundTripsExactly() throws IOException {
        GridFixture fx = GridFixture.gaussian1(); // 17 points per side, origin (−2.75, −6.5, −3.25)
        float[] grid = new float[fx.gridLength()];
        try (GridMaker gm = new GridMaker(fx.spec)) {
            gm.forward(fx.coords, fx.weights, fx.radii, fx.center, grid);
        }
        Path file = dir.resolve("ch1.dx");
        DxWriter.write(file, grid, 1, fx.spec, fx.center, "channel 1\nof a test grid");
        List<String> lines = Files.readAllLines(file);
        assertEquals("# channel 1 of a test grid", lines.get(0));
        assertEquals("object 1 class gridpositions counts 17 17 17", lines.get(1));
        assertEquals("origin -2.75 -6.5 -3.25", lines.get(2));
        assertEquals("delta 0.5 0 0", lines.get(3));
        assertEquals("delta 0 0.5 0", lines.get(4));
        assertEquals("delta 0 0 0.5", lines.get(5));
        assertEquals("object 2 class gridconnections counts 17 17 17", lines.get(6));
        assertEquals("object 3 class array type double rank 0 items 4913 data follows", lines.get(7));
        assertEquals(3, lines.get(8).split(" ").length, "three values per line");
        assertEquals("component \"data\" value 3", lines.get(lines.size() - 1));

        DxGrid back = DxReader.read(file);
        assertArrayEquals(new int[] {17, 17, 17}, back.counts());
        assertArrayEquals(new double[] {-2.75, -6.5, -3.25}, back.origin());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, back.delta());
        int n3 = fx.spec.pointsPerChannel();
        float[] channel1 = Arrays.copyOfRange(grid, n3, 2 * n3);
        assertArrayEquals(channel1, back.values()); // z fastest, bit-exact
        assertTrue(back.values()[(8 * 17 + 8) * 17 + 8] != 0, "the channel is not empty");
    }

    @Test
    void truncatedFileIsNamed() throws IOException {
        GridSpec spec = GridSpec.of(0.5, 1, 1, 1, false);
        Path file = dir.resolve("t.dx");
        DxWriter.write(file, new float[spec.pointsPerChannel()], 0, spec, new double[3], "x");
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, 9));
        String m = assertThrows(InputException.class, () -> DxReader.read(file)).getMessage();
        assertTrue(m.contains("t.dx") && m.contains("truncated"), m);
    }
}
