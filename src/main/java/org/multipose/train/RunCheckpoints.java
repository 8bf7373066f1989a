package org.multipose.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.multipose.config.InputException;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;

/**
 * Which checkpoints of a finished (or interrupted) run to use after training, one per ensemble member, and their
 * models: {@code best} or {@code last} (each member's pointer), or one checkpoint directory (a path, or a name under
 * a single model's {@code checkpoints/}). The member count is the run's layout: {@code RUN/checkpoints} for a single
 * model, {@code RUN/member-1 … member-n/checkpoints} for an ensemble (n as recorded in member 1's checkpoint).
 */
public final class RunCheckpoints {

    private RunCheckpoints() {
    }

    /**
     * The checkpoints {@code choice} names in the run {@code runDir}.
     *
     * @throws InputException for a missing run, a run without the pointer, or a choice that names no checkpoint
     */
    public static List<Checkpoint> choose(Path runDir, String choice) {
        if (!Files.isDirectory(runDir)) {
            throw new InputException(runDir + ": no such run directory; --run takes a directory made by"
                    + " ./pipeline train");
        }
        RunDirectory run = RunDirectory.open(runDir);
        String c = choice.trim();
        boolean single = Files.isDirectory(run.checkpoints(1, 1));
        if (!c.equals(Checkpoint.BEST) && !c.equals(Checkpoint.LAST)) {
            Path given = Path.of(c);
            Path named = run.checkpoints(1, 1).resolve(c);
            if (!Files.isDirectory(given) && single && !given.isAbsolute() && Files.isDirectory(named)) {
                given = named;
            }
            if (!Files.isDirectory(given)) {
                throw new InputException("--checkpoint " + choice + ": not best, last or a checkpoint directory;"
                        + " give one of them (e.g. " + (single ? run.checkpoints(1, 1) : run.checkpoints(1, 2))
                                .resolve("epoch-0001") + ")");
            }
            return List.of(Checkpoint.read(given));
        }
        if (single) {
            return List.of(pointed(run, 1, 1, c));
        }
        if (!Files.isDirectory(run.checkpoints(1, 2))) {
            throw new InputException(run.root() + ": the run has no checkpoints yet (no " + RunDirectory.CHECKPOINTS
                    + "/ nor member-1/" + RunDirectory.CHECKPOINTS + "/); train it first");
        }
        Checkpoint first = pointed(run, 1, 2, c);
        int members = first.state().members();
        List<Checkpoint> out = new ArrayList<>(List.of(first));
        for (int m = 2; m <= members; m++) {
            out.add(pointed(run, m, members, c));
        }
        return out;
    }

    private static Checkpoint pointed(RunDirectory run, int member, int members, String pointer) {
        Path cps = run.checkpoints(member, members);
        Optional<Path> p = Checkpoint.pointed(cps, pointer);
        if (p.isEmpty()) {
            String who = members > 1 ? "member " + member + " has" : "it has";
            boolean last = Checkpoint.pointed(cps, Checkpoint.LAST).isPresent();
            throw new InputException(run.root() + ": " + who + " no checkpoint '" + pointer + "' (no "
                    + run.root().relativize(cps.resolve(pointer)) + "); " + (last
                            ? "no epoch has finished yet: use --checkpoint last, or resume the run"
                            : "train the run first (./pipeline train --resume " + run.root() + ")"));
        }
        return Checkpoint.read(p.get());
    }

    /**
     * A float32 model of the checkpoint's own spec with its weights (the caller closes it).
     *
     * @throws InputException when the spec or the weights file is bad
     */
    public static PoseModel model(Checkpoint checkpoint) {
        ModelSpec spec = ModelSpec.decode(checkpoint.state().modelSpec(), checkpoint.directory().toString());
        PoseModel model = PoseModel.create(spec, 0);
        try {
            checkpoint.loadWeights(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }
}
