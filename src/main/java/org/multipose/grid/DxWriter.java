package org.multipose.grid;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.multipose.config.GridSpec;

/**
 * Writes one channel of a grid as an OpenDX scalar field, the format PyMOL, ChimeraX and VMD read (as APBS and
 * libmolgrid write it): positions (origin, three delta lines, counts), connections, then the values, three per
 * line, z fastest — the same order as a channel of a grid. Values are written with {@link Float#toString}, the
 * shortest decimal that reads back to the same float, so a round trip is exact. Hand-written because the format
 * is a dozen lines and no library on our stack writes it.
 */
public final class DxWriter {

    private DxWriter() {}

    /**
     * Writes channel {@code channel} of {@code grid} (T·n³, [channel][x][y][z]) made with {@code spec} around
     * {@code center} (Å). {@code comment} goes in a leading {@code #} line (newlines are replaced by spaces).
     */
    public static void write(Path file, float[] grid, int channel, GridSpec spec, double[] center, String comment)
            throws IOException {
        int n = spec.pointsPerSide();
        int n3 = spec.pointsPerChannel();
        if (grid.length % n3 != 0 || channel < 0 || (long) (channel + 1) * n3 > grid.length) {
            throw new IllegalArgumentException("channel " + channel + " is not in a grid of " + grid.length
                    + " values with n = " + n);
        }
        double[] o = spec.origin(center);
        double h = spec.resolution();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("# " + comment.replace('\n', ' ').replace('\r', ' ') + "\n");
            w.write("object 1 class gridpositions counts " + n + " " + n + " " + n + "\n");
            w.write("origin " + o[0] + " " + o[1] + " " + o[2] + "\n");
            w.write("delta " + h + " 0 0\n");
            w.write("delta 0 " + h + " 0\n");
            w.write("delta 0 0 " + h + "\n");
            w.write("object 2 class gridconnections counts " + n + " " + n + " " + n + "\n");
            w.write("object 3 class array type double rank 0 items " + n3 + " data follows\n");
            StringBuilder line = new StringBuilder(64);
            int base = channel * n3;
            for (int i = 0; i < n3; i++) {
                line.append(grid[base + i]);
                if (i % 3 == 2 || i == n3 - 1) {
                    line.append('\n');
                    w.write(line.toString());
                    line.setLength(0);
                } else {
                    line.append(' ');
                }
            }
            w.write("attribute \"dep\" string \"positions\"\n");
            w.write("object \"density\" class field\n");
            w.write("component \"positions\" value 1\n");
            w.write("component \"connections\" value 2\n");
            w.write("component \"data\" value 3\n");
        }
    }
}
