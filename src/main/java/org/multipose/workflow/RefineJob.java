package org.multipose.workflow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.multipose.base.InputException;
import org.multipose.base.TextFiles;
import org.multipose.base.Reject;
import org.multipose.config.GridSpec;
import org.multipose.predict.PoseScorer;
import org.multipose.predict.ScoringModel;
import org.multipose.refine.PoseRefiner;
import org.multipose.refine.RefineOptions;
import org.multipose.refine.RefinedSdf;
import org.multipose.refine.Refinement;
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

/**
 * Pose refinement as a library call (what {@code pipeline refine} runs): moves docked poses rigidly down a trained
 * model's predicted free energy y and writes them as SD records with the new coordinates and the before / after values
 * as SD tags ({@link #TAG_BEFORE}, {@link #TAG_AFTER}, {@link #TAG_RMSD}, {@link #TAG_STEPS}).
 */
public final class RefineJob {

    /** SD tag: y of the pose as given, kT. */
    public static final String TAG_BEFORE = "multipose_y_kt_before";
    /** SD tag: y of the refined pose, kT. */
    public static final String TAG_AFTER = "multipose_y_kt_after";
    /** SD tag: heavy-atom RMSD between the pose as given and as refined, Å. */
    public static final String TAG_RMSD = "multipose_rmsd_moved";
    /** SD tag: accepted refinement steps. */
    public static final String TAG_STEPS = "multipose_steps";

    private RefineJob() {}

    /**
     * What to refine.
     *
     * @param run        a run directory made by train
     * @param checkpoint "best", "last" or one checkpoint directory
     * @param receptor   the receptor (PDB)
     * @param ligand     docked poses (SD file)
     * @param record     the record to refine (1-based); empty: every record
     * @param target     the target whose fixed grid center to use ("" when the model's grid is not fixed)
     * @param options    step limits
     * @param out        the refined poses' SD file (written through a temporary file renamed into place)
     * @param threads    gridding and PyTorch threads, ≥ 1
     */
    public record Request(Path run, String checkpoint, Path receptor, Path ligand, Optional<Integer> record,
            String target, RefineOptions options, Path out, int threads) {}

    /** What happens as the job goes: a skipped input, a refined pose. */
    public interface Listener {

        /** A receptor record or a ligand record that was skipped, with the reason. */
        default void skipped(Reject reject) {}

        /** Pose {@code record} of compound {@code compoundId} was refined. */
        default void refined(int record, String compoundId, Refinement refinement) {}

        Listener NONE = new Listener() {};
    }

    /**
     * What the job did.
     *
     * @param refined       poses refined and written
     * @param skipped       ligand records skipped (each also given to {@link Listener#skipped})
     * @param meanBefore    mean y of the refined poses as given, kT; {@code meanAfter} as refined
     * @param model         the model as described for the log, e.g. "best checkpoint(s)"
     * @param members       ensemble members
     * @param receptorAtoms typed receptor atoms
     */
    public record Result(int refined, List<Reject> skipped, double meanBefore, double meanAfter, String model,
            int members, int receptorAtoms) {

        public Result {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Refines the chosen records and writes {@code out}.
     *
     * @throws InputException for a bad request, an unusable single record, or when no record could be refined
     */
    public static Result run(Request q, Listener listener) {
        Path ligand = q.ligand();
        if (LigandReader.formatOf(ligand) != LigandReader.Format.SDF) {
            throw new InputException("--ligand " + ligand + ": refine reads and writes SD files; convert the poses"
                    + " (e.g. obabel " + ligand.getFileName() + " -O poses.sdf)");
        }
        if (q.threads() < 1) {
            throw new InputException("--threads must be ≥ 1, got " + q.threads());
        }
        // Before anything loads the engine: PyTorch reads its thread counts once.
        EngineThreads.configure(q.threads());
        List<SdfLigandReader.RecordText> records = SdfLigandReader.split(ligand);
        if (records.isEmpty()) {
            throw new InputException("--ligand " + ligand + ": the file holds no record");
        }
        boolean all = q.record().isEmpty();
        int k = q.record().orElse(1);
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
        try (ScoringModel model = ScoringModel.load(q.run(), q.checkpoint())) {
            ReceptorRead rr = PdbReceptorReader.read(q.receptor(), ReceptorOptions.defaults());
            for (Reject r : rr.rejects()) {
                listener.skipped(r);
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
                        q.target());
                Refinement r;
                try (PoseScorer scorer = model.scorer(rec, lig, center, q.threads())) {
                    r = PoseRefiner.refine(scorer, lig.coords(), q.options());
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
                listener.refined(mol.record(), mol.compoundId(), r);
            }
            for (Reject r : skipped) {
                listener.skipped(r);
            }
            if (refined == 0) {
                throw new InputException(ligand + ": no record could be refined (" + skipped.size()
                        + " skipped, reasons above)");
            }
            TextFiles.writeAtomically(q.out(), sdf.toString());
            return new Result(refined, skipped, sumBefore / refined, sumAfter / refined,
                    model.describe(q.checkpoint()), model.members().size(), rec.size());
        }
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
                out.computeIfAbsent(m.compoundId(), key -> new ArrayList<>()).add(t);
            }
        }
        return out;
    }
}
