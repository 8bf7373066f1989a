package org.multipose.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.multipose.config.GridSpec;
import org.multipose.config.InputException;
import org.multipose.config.OutputPaths;
import org.multipose.config.Reject;
import org.multipose.eval.PoseRefiner;
import org.multipose.eval.PoseScorer;
import org.multipose.eval.RefineOptions;
import org.multipose.eval.RefinedSdf;
import org.multipose.eval.Refinement;
import org.multipose.eval.ScoringModel;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.LigandReader;
import org.multipose.structure.Molecule;
import org.multipose.structure.PdbReceptorReader;
import org.multipose.structure.ReadResult;
import org.multipose.structure.ReceptorOptions;
import org.multipose.structure.ReceptorRead;
import org.multipose.structure.SdfLigandReader;
import org.multipose.structure.SmilesPolicy;
import org.multipose.train.EngineThreads;
import org.multipose.typing.TypedAtoms;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline refine}: moves docked poses rigidly down a trained model's predicted free energy (the gradient of
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
    public static final String TAG_BEFORE = "multipose_y_kt_before";
    /** SD tag: y of the refined pose, kT. */
    public static final String TAG_AFTER = "multipose_y_kt_after";
    /** SD tag: heavy-atom RMSD between the pose as given and as refined, Å. */
    public static final String TAG_RMSD = "multipose_rmsd_moved";
    /** SD tag: accepted refinement steps. */
    public static final String TAG_STEPS = "multipose_steps";

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
        if (LigandReader.formatOf(ligand) != LigandReader.Format.SDF) {
            throw new InputException("--ligand " + ligand + ": refine reads and writes SD files; convert the poses"
                    + " (e.g. obabel " + ligand.getFileName() + " -O poses.sdf)");
        }
        if (threads < 1) {
            throw new InputException("--threads must be ≥ 1, got " + threads);
        }
        // Before anything loads the engine: PyTorch reads its thread counts once.
        EngineThreads.configure(threads);
        List<SdfLigandReader.RecordText> records = SdfLigandReader.split(ligand);
        if (records.isEmpty()) {
            throw new InputException("--ligand " + ligand + ": the file holds no record");
        }
        int k = pose == null ? 1 : pose;
        if (!all && (k < 1 || k > records.size())) {
            throw new InputException(ligand + ": --pose " + k + " is out of range; the file has " + records.size()
                    + " record(s) (numbered from 1)");
        }
        List<SdfLigandReader.RecordText> chosen = all ? records : List.of(records.get(k - 1));
        ReadResult<Molecule> read = SdfLigandReader.parse(chosen, ligand, CompoundIdRule.title(),
                SmilesPolicy.FIRST_PER_COMPOUND);
        if (!all && read.items().isEmpty()) {
            Reject r = read.rejects().get(0);
            throw new InputException(ligand + " " + r.record() + " cannot be used: " + r.reason());
        }
        List<Reject> skipped = new ArrayList<>(read.rejects());

        try (ScoringModel model = ScoringModel.load(run, checkpoint)) {
            ReceptorRead rr = PdbReceptorReader.read(receptor, ReceptorOptions.defaults());
            for (Reject r : rr.rejects()) {
                err.println("refine: skipped " + r.file() + " " + r.record() + ": " + r.reason());
            }
            TypedAtoms rec = model.typer().typeReceptor(rr.receptor());
            Map<String, List<TypedAtoms>> compoundPoses = compoundPoses(model, records, ligand);
            StringBuilder sdf = new StringBuilder();
            int refined = 0;
            double sumBefore = 0;
            double sumAfter = 0;
            for (Molecule mol : read.items()) {
                TypedAtoms lig = model.typer().typeLigand(mol);
                if (lig.size() == 0) {
                    Reject r = new Reject(ligand.toString(), "record " + mol.record(), mol.compoundId(),
                            "no heavy atoms: the typer gave none of the record's atoms a channel");
                    if (!all) {
                        throw new InputException(ligand + " " + r.record() + " cannot be used: " + r.reason());
                    }
                    skipped.add(r);
                    continue;
                }
                double[] center = model.center(lig, compoundPoses.getOrDefault(mol.compoundId(), List.of(lig)),
                        target);
                Refinement r;
                try (PoseScorer scorer = model.scorer(rec, lig, center, threads)) {
                    r = PoseRefiner.refine(scorer, lig.coords(), options);
                }
                Map<String, String> tags = new LinkedHashMap<>();
                tags.put(TAG_BEFORE, String.format(Locale.ROOT, "%.6f", r.yBefore()));
                tags.put(TAG_AFTER, String.format(Locale.ROOT, "%.6f", r.yAfter()));
                tags.put(TAG_RMSD, String.format(Locale.ROOT, "%.4f", r.rmsdMoved()));
                tags.put(TAG_STEPS, Integer.toString(r.steps()));
                sdf.append(RefinedSdf.write(records.get(mol.record() - 1), r.motion().apply(mol.coords()), tags));
                refined++;
                sumBefore += r.yBefore();
                sumAfter += r.yAfter();
                if (!quiet) {
                    o.printf(Locale.ROOT, "refine: record %d (%s): y %.4f → %.4f kT, moved %.3f Å (%.1f°, %.3f Å"
                            + " centroid) in %d steps; %s%n", mol.record(), mol.compoundId(), r.yBefore(),
                            r.yAfter(), r.rmsdMoved(), Math.toDegrees(r.motion().angle()), r.motion().distance(),
                            r.steps(), r.stop().text());
                    o.flush();
                }
            }
            for (Reject r : skipped) {
                err.println("refine: skipped " + r.file() + " " + r.record() + ": " + r.reason());
            }
            if (refined == 0) {
                throw new InputException(ligand + ": no record could be refined (" + skipped.size()
                        + " skipped, reasons above)");
            }
            write(out, sdf.toString());
            o.printf(Locale.ROOT, "refine: %d pose(s) of %s with %s %s (%d member%s, %d receptor atoms); mean y"
                    + " %.4f → %.4f kT; %d skipped; wrote %s%n", refined, ligand, run,
                    model.describe(checkpoint), model.members().size(), model.members().size() == 1 ? "" : "s",
                    rec.size(), sumBefore / refined, sumAfter / refined, skipped.size(), out.toAbsolutePath());
        }
        return 0;
    }

    /**
     * Every record's typed heavy atoms by compound id, in file order, for a model centred per compound (its grid
     * center is the centroid of all the compound's poses, as in training when the file holds the same poses); empty
     * for the other center rules.
     */
    private static Map<String, List<TypedAtoms>> compoundPoses(ScoringModel model,
            List<SdfLigandReader.RecordText> records, Path file) {
        Map<String, List<TypedAtoms>> out = new LinkedHashMap<>();
        if (model.grid().center() != GridSpec.Center.COMPOUND) {
            return out;
        }
        for (Molecule m : SdfLigandReader.parse(records, file, CompoundIdRule.title(),
                SmilesPolicy.FIRST_PER_COMPOUND).items()) {
            TypedAtoms t = model.typer().typeLigand(m);
            if (t.size() > 0) {
                out.computeIfAbsent(m.compoundId(), k -> new ArrayList<>()).add(t);
            }
        }
        return out;
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

    /** Writes {@code text} to {@code file} through a temporary file renamed into place. */
    private static void write(Path file, String text) {
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
