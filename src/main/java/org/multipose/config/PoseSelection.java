package org.multipose.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which poses of each compound are used (YAML {@code data.pose_selection}; {@code prepare} and {@code predict}
 * options {@code --top-poses}, {@code --rank-by}, {@code --pose-filter}): the poses passing every filter, then of
 * those the first {@code top} in the order {@code rank_by}. Pose indices are kept (never renumbered), so "top 1"
 * keeps pose 1 when it passed; a pose left out by the selection is not a reject but is counted; a compound left
 * without poses is dropped (counted). The default keeps every pose.
 *
 * @param top    keep at most this many poses per compound (first by {@code rankBy}); empty = all
 * @param rankBy the order in which poses count as first
 * @param filter conditions every kept pose passes
 */
public record PoseSelection(
        @Range(min = 1) @Doc("keep the first this many poses of each compound in rank_by order (~: all)")
                Optional<Integer> top,
        @Doc("the order for top: the pose index (the pose-index tag, else the rank in the file), the file and record"
                + " order, or a pose score") PoseRank rankBy,
        @Doc("conditions on pose scores every kept pose passes (a pose without the score fails)")
                List<PoseFilter> filter) {

    public PoseSelection {
        Objects.requireNonNull(top, "top");
        Objects.requireNonNull(rankBy, "rankBy");
        filter = List.copyOf(filter);
        if (top.isPresent() && top.get() < 1) {
            throw new ConfigProblem("top", "must be >= 1, got " + top.get());
        }
    }

    /** Every pose. */
    public static PoseSelection defaults() {
        return new PoseSelection(Optional.empty(), PoseRank.POSE_INDEX, List.of());
    }

    /** The first {@code k} poses by pose index. */
    public static PoseSelection top(int k) {
        return new PoseSelection(Optional.of(k), PoseRank.POSE_INDEX, List.of());
    }

    /** True when it keeps every pose. */
    public boolean all() {
        return top.isEmpty() && filter.isEmpty();
    }

    /**
     * One line: "all poses", "top 1 by pose_index", "poses with rmsd_to_reference <= 2, then top 3 by
     * minimizedAffinity".
     */
    public String describe() {
        if (all()) {
            return "all poses";
        }
        StringBuilder b = new StringBuilder();
        if (!filter.isEmpty()) {
            b.append("poses with ").append(String.join(" and ", filter.stream().map(PoseFilter::toString).toList()));
        }
        if (top.isPresent()) {
            b.append(b.length() > 0 ? ", then " : "").append("top ").append(top.get()).append(" by ").append(rankBy);
        }
        return b.toString();
    }
}
