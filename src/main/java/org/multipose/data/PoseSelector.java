package org.multipose.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.multipose.base.InputException;
import org.multipose.config.PoseFilter;
import org.multipose.config.PoseRank;
import org.multipose.config.PoseSelection;

/**
 * Applies a {@link PoseSelection} to one compound's poses: first every filter (a pose without the filter's score
 * fails it), then the first {@code top} of the poses left in the selection's order ({@link PoseRank}: pose index;
 * file then record; or a score, lowest first unless descending — poses without that score come after those with
 * it; ties by pose index). The poses kept are returned in the order given (pose index) with their indices
 * unchanged.
 *
 * <p>The one place the selection's rule lives: {@code prepare} applies it before writing, a run's {@link Dataset}
 * view ({@link Dataset#open(java.nio.file.Path, PoseSelection)}) when training and predicting, and any other
 * command that scores poses can call {@link #select} on a compound's poses.
 */
public final class PoseSelector {

    private final PoseSelection selection;

    private PoseSelector(PoseSelection selection) {
        this.selection = Objects.requireNonNull(selection, "selection");
    }

    /** The selector of {@code selection}. */
    public static PoseSelector of(PoseSelection selection) {
        return new PoseSelector(selection);
    }

    public PoseSelection selection() {
        return selection;
    }

    /** True when every pose is kept. */
    public boolean keepsAll() {
        return selection.all();
    }

    /**
     * What the selection made of one compound's poses.
     *
     * @param kept         the poses kept, in the order given, indices unchanged
     * @param failedFilter poses left out by a filter (including those without the filter's score)
     * @param missingScore of those, the poses that lack a filter's score
     * @param beyondTop    poses that passed the filters but were beyond the first {@code top}
     */
    public record Result(List<PoseRecord> kept, int failedFilter, int missingScore, int beyondTop) {
        public Result {
            kept = List.copyOf(kept);
        }
    }

    /** Selects among one compound's poses (any order; the result keeps it). */
    public Result select(List<PoseRecord> poses) {
        if (keepsAll()) {
            return new Result(poses, 0, 0, 0);
        }
        List<PoseRecord> passed = new ArrayList<>(poses.size());
        int failed = 0;
        int missing = 0;
        for (PoseRecord p : poses) {
            boolean ok = true;
            boolean lacks = false;
            for (PoseFilter f : selection.filter()) {
                Double v = p.scores().get(f.tag());
                if (v == null) {
                    lacks = true;
                    ok = false;
                } else if (!f.test(v)) {
                    ok = false;
                }
            }
            if (ok) {
                passed.add(p);
            } else {
                failed++;
                missing += lacks ? 1 : 0;
            }
        }
        int beyond = 0;
        if (selection.top().isPresent() && passed.size() > selection.top().get()) {
            List<PoseRecord> ranked = new ArrayList<>(passed);
            ranked.sort(order(selection.rankBy()));
            Set<PoseRecord> first = Collections.newSetFromMap(new IdentityHashMap<>());
            first.addAll(ranked.subList(0, selection.top().get()));
            beyond = passed.size() - first.size();
            passed.removeIf(p -> !first.contains(p));
        }
        return new Result(passed, failed, missing, beyond);
    }

    /** The order of a rank: the first pose is the one {@code top: 1} keeps. */
    static Comparator<PoseRecord> order(PoseRank rank) {
        Comparator<PoseRecord> byIndex = Comparator.comparingInt(PoseRecord::poseIndex);
        return switch (rank.kind()) {
            case POSE_INDEX -> byIndex;
            case FILE -> Comparator.comparing(PoseRecord::sourceFile).thenComparingInt(PoseRecord::sourceRecord)
                    .thenComparing(byIndex);
            case SCORE -> {
                double sign = rank.descending() ? -1 : 1;
                Comparator<PoseRecord> byScore = Comparator.comparingDouble(p -> {
                    Double v = p.scores().get(rank.tag());
                    return v == null ? Double.POSITIVE_INFINITY : sign * v; // without the score: last
                });
                yield byScore.thenComparing(byIndex);
            }
        };
    }

    /**
     * Checks that every score the selection names is a score of some pose ({@code scores}: every score name in the
     * data), so a misspelt tag is an error rather than a selection that keeps nothing.
     *
     * @param where names the data in the message
     * @throws InputException naming the score and the scores there are
     */
    public void requireScores(Collection<String> scores, String where) {
        SortedSet<String> named = new TreeSet<>();
        for (PoseFilter f : selection.filter()) {
            named.add(f.tag());
        }
        if (selection.top().isPresent() && selection.rankBy().kind() == PoseRank.Kind.SCORE) {
            named.add(selection.rankBy().tag());
        }
        for (String n : named) {
            if (!scores.contains(n)) {
                throw new InputException(where + ": pose selection (" + selection.describe() + "): no pose has the"
                        + " score '" + n + "'; the poses' scores are " + (scores.isEmpty() ? "none"
                                : String.join(", ", new TreeSet<>(scores))) + "; check the name (--pose-filter,"
                        + " --rank-by, data.pose_selection)");
            }
        }
    }
}
