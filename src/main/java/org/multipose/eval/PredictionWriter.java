package org.multipose.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.multipose.config.PoseSelection;
import org.multipose.data.Dataset;
import org.multipose.data.PoseSelectionCounts;
import org.multipose.predict.PredictedCompound;
import org.multipose.predict.PredictionListener;
import org.multipose.predict.TrainedModel;

/**
 * Predicts a dataset with a trained model and writes the predictions tables ({@value PredictionCsv#COMPOUND_FILE},
 * {@value PredictionCsv#POSE_FILE}) and {@value ReportContext#PROVENANCE_FILE}: the one path shared by the end of
 * {@code train}, {@code predict} and {@code evaluate}, so the three write the same rows for the same checkpoint and
 * data.
 */
public final class PredictionWriter {

    private PredictionWriter() {}

    /**
     * What was predicted and written.
     *
     * @param table       the predictions table
     * @param dataset     the dataset directory (absolute)
     * @param fingerprint its fingerprint
     * @param runSplit    true when it is the model's training dataset (rows carry the run's split), else split none
     * @param provenance  what provenance.json holds
     * @param written     the files written
     * @param selection   the pose selection predicted with and what it kept
     */
    public record Result(PredictionTable table, Path dataset, String fingerprint, boolean runSplit,
            Map<String, String> provenance, List<Path> written, PoseSelectionCounts selection) {
        public Result {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(selection, "selection");
            provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
            written = List.copyOf(written);
        }

        /** Compounds with a label (exact or censored). */
        public int labelled() {
            int n = 0;
            for (CompoundPrediction c : table.compounds()) {
                n += c.label().isPresent() ? 1 : 0;
            }
            return n;
        }
    }

    /**
     * Checks the dataset against the model ({@link TrainedModel#check}), predicts every compound with the poses the
     * run's {@code data.pose_selection} keeps, and writes the tables and provenance.json into {@code out} (created if
     * needed).
     *
     * @param generator written as provenance {@code generator}, e.g. "multipose predict 0.1.0"
     * @param extra     more provenance entries, after the model's and the dataset's
     * @throws org.multipose.base.InputException when the dataset does not fit the model
     */
    public static Result predictAndWrite(TrainedModel model, Path datasetDir, Path out, String generator,
            Map<String, String> extra, PredictionListener listener) {
        return predictAndWrite(model, datasetDir, model.config().data().poseSelection(), out, generator, extra,
                listener);
    }

    /**
     * As {@link #predictAndWrite(TrainedModel, Path, Path, String, Map, PredictionListener)} with the poses
     * {@code selection} keeps (e.g. the top-ranked pose only of a run trained on every pose); the selection and what
     * it kept are written into the provenance.
     */
    public static Result predictAndWrite(TrainedModel model, Path datasetDir, PoseSelection selection, Path out,
            String generator, Map<String, String> extra, PredictionListener listener) {
        Path dir = datasetDir.toAbsolutePath().normalize();
        TrainedModel.Prediction p;
        PoseSelectionCounts counts;
        try (Dataset ds = Dataset.open(dir, selection)) {
            counts = ds.selectionCounts();
            p = model.predict(ds, listener);
        }
        PredictionTable table = table(p.compounds());
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("generator", generator);
        provenance.putAll(model.provenance());
        provenance.put("dataset", dir.toString());
        provenance.put(ReportContext.FINGERPRINT_KEY, p.fingerprint());
        provenance.put("split", p.runSplit() ? "the run's split (the dataset the model was trained on)"
                : "none (not the dataset the model was trained on)");
        provenance.put("pose_selection", selection.describe() + (selection.equals(
                model.config().data().poseSelection()) ? " (the run's data.pose_selection)"
                        : " (not the run's: " + model.config().data().poseSelection().describe() + ")"));
        provenance.put("poses_selected", counts.describe());
        provenance.putAll(extra);
        table.write(out);
        List<Path> written = new ArrayList<>();
        written.add(out.resolve(PredictionCsv.COMPOUND_FILE));
        if (table.hasPoses()) {
            written.add(out.resolve(PredictionCsv.POSE_FILE));
        }
        written.add(ReportContext.writeProvenance(out, provenance));
        return new Result(table, dir, p.fingerprint(), p.runSplit(), provenance, written, counts);
    }

    /** The predictions table of a model's predictions: one row per compound and one per pose. */
    public static PredictionTable table(List<PredictedCompound> predictions) {
        List<CompoundPrediction> compounds = new ArrayList<>();
        List<PosePrediction> poses = new ArrayList<>();
        for (PredictedCompound p : predictions) {
            PredictedCompound.Pose top = p.topPose();
            Optional<PkLabel> label = p.label().map(l -> new PkLabel(l.pk(), l.qualifier(), l.sigmaPk()));
            compounds.add(new CompoundPrediction(p.key(), p.split(), p.label().map(l -> l.measure()), label,
                    p.predictedPk(), p.combinedKt(), p.poses().size(), top.poseIndex(), top.weight(), p.heavyAtoms(),
                    p.dockScore(), p.predictedSd()));
            for (PredictedCompound.Pose q : p.poses()) {
                poses.add(new PosePrediction(p.key(), q.poseIndex(), q.yKt(), q.predictedPk(), q.weight(),
                        q.coefficient(), q.rmsd(), q.dockScore()));
            }
        }
        return new PredictionTable(compounds, poses);
    }
}
