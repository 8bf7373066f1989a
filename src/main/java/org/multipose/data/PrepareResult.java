package org.multipose.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a prepare run wrote: the dataset directory, its summary (counts in / out / rejected by reason, label
 * statistics, fingerprint), the typed receptor atoms per target and notes for the user.
 *
 * @param directory     the dataset directory
 * @param summary       what summary.json says
 * @param receptorAtoms target → typed receptor atoms stored for it
 * @param notes         things worth telling (receptor residues typed by a fallback, targets that matched no label)
 */
public record PrepareResult(Path directory, DatasetSummary summary, SortedMap<String, Integer> receptorAtoms,
        List<String> notes) {

    /** Reject categories of labels that found no poses. */
    public static final List<String> LABEL_WITHOUT_POSES = List.of(Preparer.LABEL_WITHOUT_POSES,
            Preparer.LABEL_OF_OTHER_TARGET);

    public PrepareResult {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(summary, "summary");
        receptorAtoms = Collections.unmodifiableSortedMap(new TreeMap<>(receptorAtoms));
        notes = List.copyOf(notes);
    }

    /** Labels in the table that matched no compound with poses. */
    public int labelsWithoutPoses() {
        int n = 0;
        for (String c : LABEL_WITHOUT_POSES) {
            n += summary.rejectsByReason().getOrDefault(c, 0);
        }
        return n;
    }
}
