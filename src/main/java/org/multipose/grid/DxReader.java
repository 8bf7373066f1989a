package org.multipose.grid;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.multipose.base.InputException;

/**
 * Reads the OpenDX scalar fields that {@link DxWriter} (and APBS, libmolgrid) write: counts, origin, three
 * axis-aligned delta lines, then the values. Only that subset of OpenDX; anything else is an
 * {@link InputException} naming the file and line.
 */
public final class DxReader {

    private DxReader() {}

    public static DxGrid read(Path file) throws IOException {
        int[] counts = null;
        double[] origin = null;
        double[] delta = new double[3];
        int deltas = 0;
        float[] values = null;
        int filled = 0;
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                String[] f = s.split("\\s+");
                try {
                    if (values != null && filled < values.length) {
                        for (String x : f) {
                            if (filled == values.length) {
                                throw bad(file, lineNo, "more values than the " + values.length + " announced");
                            }
                            values[filled++] = Float.parseFloat(x);
                        }
                    } else if (s.startsWith("object 1 class gridpositions counts") && f.length == 8) {
                        counts = new int[] {Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7])};
                    } else if (f[0].equals("origin") && f.length == 4) {
                        origin = new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                            Double.parseDouble(f[3])};
                    } else if (f[0].equals("delta") && f.length == 4) {
                        if (deltas == 3) {
                            throw bad(file, lineNo, "more than three delta lines");
                        }
                        for (int ax = 0; ax < 3; ax++) {
                            double v = Double.parseDouble(f[1 + ax]);
                            if ((ax == deltas) != (v != 0)) {
                                throw bad(file, lineNo, "only axis-aligned deltas are supported");
                            }
                        }
                        delta[deltas] = Double.parseDouble(f[1 + deltas]);
                        deltas++;
                    } else if (s.startsWith("object 3 class array")) {
                        if (counts == null) {
                            throw bad(file, lineNo, "data before the gridpositions counts");
                        }
                        int items = Integer.parseInt(f[f.length - 3]);
                        long expected = (long) counts[0] * counts[1] * counts[2];
                        if (items != expected) {
                            throw bad(file, lineNo, items + " items but counts give " + expected);
                        }
                        values = new float[items];
                    }
                } catch (NumberFormatException ex) {
                    throw bad(file, lineNo, "not a number: " + ex.getMessage());
                }
            }
        }
        if (counts == null || origin == null || deltas != 3 || values == null) {
            throw new InputException(file + ": not an OpenDX grid (missing counts, origin, deltas or data);"
                    + " write it with pipeline grid or DxWriter");
        }
        if (filled != values.length) {
            throw new InputException(file + ": " + filled + " values but " + values.length + " announced;"
                    + " the file is truncated");
        }
        return new DxGrid(counts, origin, delta, values);
    }

    private static InputException bad(Path file, int line, String what) {
        return new InputException(file + " line " + line + ": " + what + "; expected an OpenDX scalar grid as"
                + " written by DxWriter");
    }
}
