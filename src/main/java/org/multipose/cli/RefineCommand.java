package org.multipose.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.multipose.base.InputException;
import org.multipose.base.Reject;
import org.multipose.config.OutputPaths;
import org.multipose.refine.RefineOptions;
import org.multipose.refine.Refinement;
import org.multipose.workflow.RefineJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline refine} (parsed and printed here, run by {@link RefineJob}): moves docked poses rigidly down a trained model's predicted free energy (the gradient of
 * y through the network and the density to the ligand's atoms) and writes them as SD records with the new
 * coordinates and the before / after values as SD tags.
 */
@Command(
        name = "refine",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Refine docked poses with a trained model: rigid-body steepest descent of the model's"
                + " predicted free energy y (kT) with respect to the ligand's position and orientation, the grid"
                + " held at the original pose's center. Writes the moved poses as SD records with tags "
                + RefineCommand.TAG_BEFORE + ", " + RefineCommand.TAG_AFTER + ", " + RefineCommand.TAG_RMSD + " and "
                + RefineCommand.TAG_STEPS + "."})
public final class RefineCommand implements Callable<Integer> {

    /** SD tag: y of the pose as given, kT. */
    public static final String TAG_BEFORE = RefineJob.TAG_BEFORE;
    /** SD tag: y of the refined pose, kT. */
    public static final String TAG_AFTER = RefineJob.TAG_AFTER;
    /** SD tag: heavy-atom RMSD between the pose as given and as refined, Å. */
    public static final String TAG_RMSD = RefineJob.TAG_RMSD;
    /** SD tag: accepted refinement steps. */
    public static final String TAG_STEPS = RefineJob.TAG_STEPS;

    @Option(names = "--run", required = true, paramLabel = "RUN", description = "a run directory made by train")
    Path run;

    @Option(names = "--checkpoint", paramLabel = "best|last|DIR",
            description = "each member's best or last checkpoint, or one checkpoint directory (default: "
                    + "${DEFAULT-VALUE}); an ensemble refines on the mean of its members' y")
    String checkpoint = "best";

    @Option(names = "--receptor", required = true, paramLabel = "R.pdb", description = "the receptor (PDB)")
    Path receptor;

    @Option(names = "--ligand", required = true, paramLabel = "L.sdf", description = "docked poses (SD file)")
    Path ligand;

    @Option(names = "--pose", paramLabel = "K", description = "refine record K (1-based; default: 1)")
    Integer pose;

    @Option(names = "--all", description = "refine every record of the ligand file")
    boolean all;

    @Option(names = "--target", paramLabel = "NAME",
            description = "the target whose fixed grid center to use (models trained with grid.center: fixed)")
    String target = "";

    @Option(names = "--steps", paramLabel = "N", description = "accepted steps at most (default: ${DEFAULT-VALUE})")
    int steps = RefineOptions.defaults().maxSteps();

    @Option(names = "--step", paramLabel = "Å", description = "the largest atom move of one step, Å (default:"
            + " ${DEFAULT-VALUE})")
    double step = RefineOptions.defaults().step();

    @Option(names = "--max-rotation", paramLabel = "RAD", description = "the largest rotation of one step, radians"
            + " (default: ${DEFAULT-VALUE})")
    double maxRotation = RefineOptions.defaults().maxRotation();

    @Option(names = "--out", paramLabel = "FILE", description = "the refined poses (SD file; default:"
            + " ${DEFAULT-VALUE})")
    Path out = Path.of("refined.sdf");

    @Option(names = "--threads", paramLabel = "N", description = "gridding and PyTorch threads (default:"
            + " ${DEFAULT-VALUE})")
    int threads = 1;

    @Option(names = "--quiet", description = "no per-pose lines; only the summary")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RefineOptions options = options();
        OutputPaths.file(out, "--out");
        if (pose != null && all) {
            throw new InputException("--pose and --all exclude each other: give one record with --pose K, or --all");
        }
        Optional<Integer> record = all ? Optional.empty() : Optional.of(pose == null ? 1 : pose);
        RefineJob.Result r = RefineJob.run(new RefineJob.Request(run, checkpoint, receptor, ligand, record, target,
                options, out, threads), new RefineJob.Listener() {
                    @Override
                    public void skipped(Reject reject) {
                        err.println("refine: skipped " + reject.file() + " " + reject.record() + ": "
                                + reject.reason());
                    }

                    @Override
                    public void refined(int rec, String compoundId, Refinement x) {
                        if (!quiet) {
                            o.printf(Locale.ROOT, "refine: record %d (%s): y %.4f → %.4f kT, moved %.3f Å (%.1f°,"
                                    + " %.3f Å centroid) in %d steps; %s%n", rec, compoundId, x.yBefore(),
                                    x.yAfter(), x.rmsdMoved(), Math.toDegrees(x.motion().angle()),
                                    x.motion().distance(), x.steps(), x.stop().text());
                            o.flush();
                        }
                    }
                });
        o.printf(Locale.ROOT, "refine: %d pose(s) of %s with %s %s (%d member%s, %d receptor atoms); mean y"
                + " %.4f → %.4f kT; %d skipped; wrote %s%n", r.refined(), ligand, run, r.model(), r.members(),
                r.members() == 1 ? "" : "s", r.receptorAtoms(), r.meanBefore(), r.meanAfter(), r.skipped().size(),
                out.toAbsolutePath());
        return 0;
    }

    private RefineOptions options() {
        try {
            RefineOptions d = RefineOptions.defaults();
            return new RefineOptions(steps, step, maxRotation, d.gradientTolerance(), d.moveTolerance(),
                    d.maxHalvings());
        } catch (IllegalArgumentException e) {
            throw new InputException("--steps / --step / --max-rotation: " + e.getMessage());
        }
    }
}
