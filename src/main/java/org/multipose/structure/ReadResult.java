package org.multipose.structure;

import java.util.List;
import java.util.Objects;
import org.multipose.base.Reject;

/**
 * What a reader produced from one input: the items it could read, in file order, and a {@link Reject} for every
 * record it skipped (naming the file, the record or line, and the reason). A file with some bad records still yields
 * its good ones.
 *
 * @param items   the records read, in file order (unmodifiable)
 * @param rejects the records skipped, in file order (unmodifiable)
 * @param <T>     the item type
 */
public record ReadResult<T>(List<T> items, List<Reject> rejects) {

    public ReadResult {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        rejects = List.copyOf(Objects.requireNonNull(rejects, "rejects"));
    }
}
