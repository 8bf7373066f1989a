package org.multipose.data;

import java.nio.file.Path;
import java.util.ArrayList;
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
        Splitter.requireDistinct(compounds);
        List<CompoundKey> keys = new ArrayList<>();
        for (CompoundRecord c : compounds) {
            keys.add(c.key());
        }
        return SplitAssignment.read(file, keys);
    }
}
