package org.multipose.refine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.multipose.structure.SdfLigandReader;

/**
 * Writes a refined pose as its original SD record with new coordinates: the x, y, z columns (1–30) of every V2000
 * atom line are replaced and everything else — title, header, the rest of each atom line, bonds, properties block,
 * SD data items — is kept as it was; then the given SD tags are set (an existing item of that name gets the new
 * value, otherwise the item is appended).
 *
 * <p>Hand-written rather than CDK's MDLV2000Writer: re-serialising would rewrite the header's program and time
 * line, the charge and isotope blocks and any fields CDK does not model; patching the coordinate columns keeps the
 * record byte for byte apart from what refinement changed.
 */
public final class RefinedSdf {

    private RefinedSdf() {
    }

    /**
     * The record's text with new coordinates and tags, ending with its {@code $$$$} line.
     *
     * @param record the original record (as {@link SdfLigandReader#split} cut it; it parsed, so its layout is
     *               checked)
     * @param coords x, y, z per atom in the record's atom order, Å (3N)
     * @param tags   SD tags to set, name → value, in order
     * @throws IllegalArgumentException when the atom count differs from the record's or a value does not fit
     *                                  V2000's %10.4f columns
     */
    public static String write(SdfLigandReader.RecordText record, float[] coords, Map<String, String> tags) {
        List<String> lines = new ArrayList<>(record.lines());
        int atoms = Integer.parseInt(lines.get(3).substring(0, 3).trim());
        if (coords.length != 3 * atoms) {
            throw new IllegalArgumentException(record.where() + " has " + atoms + " atoms, got coordinates of "
                    + coords.length / 3.0);
        }
        for (int a = 0; a < atoms; a++) {
            String line = lines.get(4 + a);
            String xyz = String.format(Locale.ROOT, "%10.4f%10.4f%10.4f", coords[3 * a], coords[3 * a + 1],
                    coords[3 * a + 2]);
            if (xyz.length() != 30) {
                throw new IllegalArgumentException(record.where() + " atom " + (a + 1) + ": coordinates " + xyz.trim()
                        + " do not fit the V2000 columns");
            }
            lines.set(4 + a, xyz + line.substring(30));
        }
        return withTags(lines, tags);
    }

    /**
     * The record's text as it is, with the given SD tags set (an existing item of that name gets the new value,
     * otherwise the item is appended), ending with its {@code $$$$} line: how {@code score} adds its tags.
     *
     * @param record the original record (as {@link SdfLigandReader#split} cut it; it parsed, so it has an M  END line)
     * @param tags   SD tags to set, name → value, in order
     */
    public static String withTags(SdfLigandReader.RecordText record, Map<String, String> tags) {
        return withTags(new ArrayList<>(record.lines()), tags);
    }

    private static String withTags(List<String> lines, Map<String, String> tags) {
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            set(lines, t.getKey(), t.getValue());
        }
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append('\n');
        }
        if (!tags.isEmpty() || hasItems(lines)) {
            b.append('\n');
        }
        return b.append("$$$$\n").toString();
    }

    /** Sets data item {@code name} to {@code value}: replaces an existing item's value lines, else appends it. */
    private static void set(List<String> lines, String name, String value) {
        int end = mEnd(lines);
        for (int i = end + 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith(">") && name.equals(itemName(lines.get(i)))) {
                int j = i + 1;
                while (j < lines.size() && !lines.get(j).isEmpty()) {
                    lines.remove(j);
                }
                lines.add(i + 1, value);
                return;
            }
        }
        if (hasItems(lines)) {
            lines.add("");
        }
        lines.add("> <" + name + ">");
        lines.add(value);
    }

    private static boolean hasItems(List<String> lines) {
        int end = mEnd(lines);
        for (int i = end + 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith(">")) {
                return true;
            }
        }
        return false;
    }

    /** The index of the "M  END" line (the properties block's end). */
    private static int mEnd(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("M  END")) {
                return i;
            }
        }
        throw new IllegalArgumentException("the record has no M  END line");
    }

    /** The name between the angle brackets of a data header line ("> <name>" or ">  <name> (1)"), or "". */
    private static String itemName(String header) {
        int a = header.indexOf('<');
        int b = header.indexOf('>', a + 1);
        return a < 0 || b < 0 ? "" : header.substring(a + 1, b);
    }
}
