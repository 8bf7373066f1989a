package org.multipose.data;

import java.util.List;
import org.multipose.base.Reject;

/**
 * A target's receptor read and typed by {@link PoseParser#receptor}: the record a dataset stores, the reader's
 * rejects and the typer's notes (residues typed by a fallback), prefixed with the target.
 */
public record TypedReceptor(ReceptorRecord record, List<Reject> rejects, List<String> notes) {
    public TypedReceptor {
        rejects = List.copyOf(rejects);
        notes = List.copyOf(notes);
    }
}
