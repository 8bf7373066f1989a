package org.multipose.data;

import java.util.Locale;
import java.util.Objects;
import org.multipose.config.PoseSelection;

/**
 * What a {@link PoseSelection} kept of a set of compounds: poses in and kept, poses left out and why, compounds left
 * without any pose (dropped, not rejected). Written into a prepared dataset's {@code summary.json} and a run's
 * provenance.
 *
 * @param selection      the selection
 * @param compoundsIn    compounds before the selection
 * @param compoundsKept  compounds with at least one pose kept
 * @param posesIn        poses before the selection
 * @param posesKept      poses kept
 * @param failedFilter   poses left out by a filter
 * @param missingScore   of those, poses without a filter's score
 * @param beyondTop      poses that passed the filters but were beyond the first {@code top}
 */
public record PoseSelectionCounts(PoseSelection selection, int compoundsIn, int compoundsKept, long posesIn,
        long posesKept, long failedFilter, long missingScore, long beyondTop) {

    public PoseSelectionCounts {
        Objects.requireNonNull(selection, "selection");
    }

    /** Nothing counted yet. */
    public static PoseSelectionCounts none(PoseSelection selection) {
        return new PoseSelectionCounts(selection, 0, 0, 0, 0, 0, 0, 0);
    }

    /** These counts plus one compound's result. */
    public PoseSelectionCounts plus(int posesBefore, PoseSelector.Result r) {
        return new PoseSelectionCounts(selection, compoundsIn + 1, compoundsKept + (r.kept().isEmpty() ? 0 : 1),
                posesIn + posesBefore, posesKept + r.kept().size(), failedFilter + r.failedFilter(),
                missingScore + r.missingScore(), beyondTop + r.beyondTop());
    }

    /** Poses left out. */
    public long posesLeftOut() {
        return posesIn - posesKept;
    }

    /** Compounds dropped because no pose was kept. */
    public int compoundsDropped() {
        return compoundsIn - compoundsKept;
    }

    /**
     * One line: "top 1 by pose_index: 32 of 128 poses kept (96 beyond the top 1), 32 of 32 compounds", with the
     * compounds left without poses when there are any.
     */
    public String describe() {
        if (selection.all()) {
            return String.format(Locale.ROOT, "all poses: %d poses of %d compounds", posesIn, compoundsIn);
        }
        StringBuilder why = new StringBuilder();
        if (failedFilter > 0) {
            why.append(failedFilter).append(" failed the filter").append(missingScore > 0 ? " (" + missingScore
                    + " without its score)" : "");
        }
        if (beyondTop > 0) {
            why.append(why.length() > 0 ? ", " : "").append(beyondTop).append(" beyond the top ")
                    .append(selection.top().orElseThrow());
        }
        return String.format(Locale.ROOT, "%s: %d of %d poses kept%s, %d of %d compounds%s", selection.describe(),
                posesKept, posesIn, why.length() > 0 ? " (" + why + ")" : "", compoundsKept, compoundsIn,
                compoundsDropped() > 0 ? " (" + compoundsDropped() + " left without poses, not used)" : "");
    }
}
