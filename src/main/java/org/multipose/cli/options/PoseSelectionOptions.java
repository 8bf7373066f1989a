package org.multipose.cli.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.multipose.base.InputException;
import org.multipose.config.PoseFilter;
import org.multipose.config.PoseRank;
import org.multipose.config.PoseSelection;
import picocli.CommandLine.Option;

/**
 * The pose-selection options of {@code prepare}, {@code predict} and {@code evaluate} — {@code --top-poses},
 * {@code --rank-by}, {@code --pose-filter}, {@code --all-poses} — as a {@link PoseSelection} (the config's
 * {@code data.pose_selection} in option form).
 */
public final class PoseSelectionOptions {

    @Option(names = "--top-poses", paramLabel = "K",
            description = "keep the first K poses of each compound (by --rank-by, default pose_index)")
    Integer top;

    @Option(names = "--rank-by", paramLabel = "pose_index|file|TAG[ desc]",
            description = "the order for --top-poses: pose_index (the pose-index tag, else the rank in the file),"
                    + " file (file and record order) or a pose score, lowest first ('TAG desc': highest first)")
    String rankBy;

    @Option(names = "--pose-filter", paramLabel = "'TAG OP NUMBER'",
            description = "keep only poses whose score passes, e.g. 'rmsd_to_reference <= 2' (OP <, <=, >, >=, =="
                    + ", !=; a pose without the score fails); repeatable, all must pass")
    List<String> filters = new ArrayList<>();

    @Option(names = "--all-poses", description = "use every pose (e.g. with a run trained on a selection)")
    boolean allPoses;

    /**
     * The selection the options give, or empty when none of them was given (the caller's default applies).
     *
     * @throws InputException for a malformed option or a conflicting combination
     */
    public Optional<PoseSelection> selection() {
        boolean given = top != null || rankBy != null || !filters.isEmpty();
        if (allPoses && given) {
            throw new InputException("--all-poses uses every pose; drop --top-poses, --rank-by and --pose-filter, or"
                    + " --all-poses");
        }
        if (allPoses) {
            return Optional.of(PoseSelection.defaults());
        }
        if (!given) {
            return Optional.empty();
        }
        if (top != null && top < 1) {
            throw new InputException("--top-poses " + top + ": give at least 1");
        }
        if (rankBy != null && top == null) {
            throw new InputException("--rank-by orders the poses for --top-poses; give --top-poses K as well");
        }
        PoseRank rank = PoseRank.POSE_INDEX;
        if (rankBy != null) {
            try {
                rank = PoseRank.parse(rankBy);
            } catch (IllegalArgumentException e) {
                throw new InputException("--rank-by " + e.getMessage());
            }
        }
        List<PoseFilter> parsed = new ArrayList<>();
        for (String f : filters) {
            try {
                parsed.add(PoseFilter.parse(f));
            } catch (IllegalArgumentException e) {
                throw new InputException("--pose-filter " + e.getMessage());
            }
        }
        return Optional.of(new PoseSelection(Optional.ofNullable(top), rank, parsed));
    }
}
