package org.multipose.structure;

import java.nio.file.Path;
import java.util.Locale;
import org.multipose.base.InputException;

/**
 * Reads ligand poses from a file, choosing the format by the file name: {@code .sdf}, {@code .sd}, {@code .mol}
 * (SD / molfile) or {@code .mol2}, each optionally gzip-compressed ({@code .sdf.gz}).
 */
public final class LigandReader {

    private LigandReader() {}

    /** The ligand formats we read. */
    public enum Format { SDF, MOL2 }

    /**
     * Reads every record of a ligand file.
     *
     * @param file the SDF or MOL2 file
     * @param ids  where each record's compound id comes from
     * @return the records read and a reject for every record skipped
     * @throws InputException when the file is missing, unreadable or of an unknown format
     */
    public static ReadResult<Molecule> read(Path file, CompoundIdRule ids) {
        return switch (formatOf(file)) {
            case SDF -> SdfLigandReader.read(file, ids);
            case MOL2 -> Mol2LigandReader.read(file, ids);
        };
    }

    /**
     * The format a file name says.
     *
     * @throws InputException for other names
     */
    public static Format formatOf(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".sdf") || n.endsWith(".sd") || n.endsWith(".mol")) {
            return Format.SDF;
        }
        if (n.endsWith(".mol2")) {
            return Format.MOL2;
        }
        throw new InputException("ligand file " + file + ": unknown format; name it .sdf, .sd, .mol or .mol2"
                + " (optionally .gz)");
    }

    /** True when the name is one {@link #read} understands. */
    public static boolean isLigandFile(Path file) {
        try {
            formatOf(file);
            return true;
        } catch (InputException e) {
            return false;
        }
    }
}
