package org.multipose.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A split given as a file ({@code target,compound_id,split}, see {@link SplitAssignment}): every compound of the
 * dataset must appear exactly once and no other compound may; violations are {@link
 * org.multipose.config.InputException}s naming the line.
 *
 * @param file the split file
 */
public record ManualSplitter(Path file) implements Splitter {

    public ManualSplitter {
        Objects.requireNonNull(file, "file");
    }

    @Override
    public SplitAssignment assign(List<CompoundRecord> compounds) {
        return SplitAssignment.read(file, Splitter.requireDistinct(compounds));
    }
}
