package org.multipose.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A split given as a file ({@code target,compound_id,split}, the id column may be named {@code id}; see
 * {@link SplitAssignment#read(Path, java.util.Collection, java.util.Collection)}): every compound to split must
 * appear exactly once; rows naming an {@code unscored} compound of the dataset (no label) are accepted and left out;
 * any other compound is an error. Violations are {@link org.multipose.base.InputException}s naming the line.
 *
 * @param file     the split file
 * @param unscored compounds of the dataset that the file may name but that are not split (not scored)
 */
public record ManualSplitter(Path file, Set<CompoundKey> unscored) implements Splitter {

    public ManualSplitter {
        Objects.requireNonNull(file, "file");
        unscored = Set.copyOf(unscored);
    }

    /** A split file that must name exactly the compounds given to {@link #assign}. */
    public ManualSplitter(Path file) {
        this(file, Set.of());
    }

    @Override
    public SplitAssignment assign(List<CompoundRecord> compounds) {
        return SplitAssignment.read(file, Splitter.requireDistinct(compounds), unscored);
    }
}
