package org.multipose.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.multipose.data.SplitAssignment;
import org.multipose.model.PoseModel;
import org.multipose.train.optim.Optimizer;
import org.multipose.train.run.Checkpoint;
import org.multipose.train.run.CheckpointState;

/**
 * Which checkpoints of a member exist on disk: every write moves the {@code last} pointer (and {@code best} when it is
 * the best epoch), then everything but the two most recent writes and the best one is deleted, so a run keeps at
 * most three checkpoints however long it trains.
 */
final class CheckpointPolicy {

    private static final int KEEP_RECENT = 2;

    private final Path checkpoints;
    private final LinkedHashSet<String> recent = new LinkedHashSet<>();
    private String bestName = "";
    private String lastName = "";

    CheckpointPolicy(Path checkpoints) {
        this.checkpoints = checkpoints;
    }

    /** The member's checkpoints folder. */
    Path directory() {
        return checkpoints;
    }

    /** Writes checkpoint {@code name}, points {@code last} (and {@code best} if {@code best}) at it, prunes. */
    void write(String name, CheckpointState state, PoseModel model, Optimizer optimizer, String configYaml,
            SplitAssignment split, boolean best) {
        Checkpoint.write(checkpoints, name, state, model, optimizer, configYaml, split);
        Checkpoint.point(checkpoints, Checkpoint.LAST, name);
        if (best) {
            Checkpoint.point(checkpoints, Checkpoint.BEST, name);
            bestName = name;
        }
        recent.remove(name);
        recent.add(name);
        while (recent.size() > KEEP_RECENT) {
            recent.remove(recent.iterator().next());
        }
        lastName = name;
        List<String> keep = new ArrayList<>(recent);
        if (!bestName.isEmpty()) {
            keep.add(bestName);
        }
        Checkpoint.prune(checkpoints, keep);
    }

    /** Continues after {@code last}, the checkpoint a resumed member starts from. */
    void resumedFrom(Checkpoint last) {
        lastName = last.directory().getFileName().toString();
        bestName = Checkpoint.pointed(checkpoints, Checkpoint.BEST).map(p -> p.getFileName().toString()).orElse("");
        recent.add(lastName);
    }

    /** Whether a checkpoint was written or resumed from. */
    boolean hasLast() {
        return !lastName.isEmpty();
    }

    /** The last checkpoint written (or resumed from). */
    Path last() {
        return checkpoints.resolve(lastName);
    }

    /** The best checkpoint, else the last. */
    Path best() {
        return bestName.isEmpty() ? last() : checkpoints.resolve(bestName);
    }
}
