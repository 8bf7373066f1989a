package org.multipose.predict;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.multipose.base.InputException;
import org.multipose.combination.Combination;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.PoseLogits;
import org.multipose.combination.Readout;
import org.multipose.config.GridSpec;
import org.multipose.config.TrainingConfig;
import org.multipose.data.AffinityLabel;
import org.multipose.data.CompoundPoses;
import org.multipose.data.CompoundRecord;
import org.multipose.data.Dataset;
import org.multipose.data.PoseRecord;
import org.multipose.data.ReceptorRecord;
import org.multipose.data.SplitAssignment;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;
import org.multipose.train.EngineThreads;
import org.multipose.train.GridCenter;
import org.multipose.train.PoseGridder;
import org.multipose.train.TrainingComponents;
import org.multipose.train.TrainingStep;
import org.multipose.train.loss.LabelReadouts;
import org.multipose.train.run.Checkpoint;

/**
 * Predictions of trained checkpoints (one per ensemble member) for every compound of a dataset: the evaluation pass
 * of {@link TrainingStep#predict} (no augmentation, no backward), the ensemble mean and standard deviation of the
 * pK readout, and per-pose values. The readout of an unlabelled compound is pK.
 */
public final class RunPredictor {

    /** SD tags read as a pose's docking score, in this order. */
    static final List<String> DOCK_TAGS = List.of("vina_score", "dock_score", "minimizedAffinity");
    /** SD tags read as a pose's RMSD to the reference, in this order (after the config's pose-loss tag). */
    static final List<String> RMSD_TAGS = List.of("rmsd_to_reference", "rmsd_to_best", "rmsd");

    /** How {@link TrainingStep}'s message states a non-finite pose prediction. */
    private static final Pattern NON_FINITE = Pattern.compile("predicts (\\S+) kT");

    private RunPredictor() {
    }

    /**
     * @param config      the run's config (grid, model, combination, readout)
     * @param dataset     the dataset
     * @param checkpoints one checkpoint directory per member (e.g. each member's best)
     * @param split       the run's split (compounds not in it are reported without a split)
     */
    public static List<PredictedCompound> predict(TrainingConfig config, Dataset dataset, List<Path> checkpoints,
            SplitAssignment split) {
        return predict(config, dataset, checkpoints, split, PredictionListener.NONE);
    }

    /**
     * As {@link #predict(TrainingConfig, Dataset, List, SplitAssignment)}, telling {@code listener} after each
     * compound.
     */
    public static List<PredictedCompound> predict(TrainingConfig config, Dataset dataset, List<Path> checkpoints,
            SplitAssignment split, PredictionListener listener) {
        EngineThreads.configure(config.threads());
        int channels = dataset.metadata().channelNames().size();
        GridSpec grid = config.grid();
        PoseLogits logits = predictionLogits(config);
        Combination combination = TrainingComponents.combination(config.combination());
        LabelReadouts readouts = new LabelReadouts(config.readout());
        List<String> rmsdTags = new ArrayList<>();
        TrainingComponents.rmsdTag(config.loss()).ifPresent(rmsdTags::add);
        rmsdTags.addAll(RMSD_TAGS);
        int members = checkpoints.size();
        List<CompoundRecord> compounds = dataset.compounds();
        double[][] memberPk = new double[compounds.size()][members];
        double[][] memberKt = new double[compounds.size()][members];
        double[][][] memberPoses = new double[compounds.size()][][];
        for (int m = 0; m < members; m++) {
            Checkpoint checkpoint = Checkpoint.read(checkpoints.get(m));
            // each member's own network (an ensemble from gnina:default mixes Dense and default2018)
            ModelSpec spec = TrainingComponents.model(config, checkpoint.state().member(), channels);
            try (PoseModel model = PoseModel.create(spec, 0);
                    PoseGridder gridder = new PoseGridder(grid, channels, dataset.metadata().receptorChannels(),
                            GridCenter.of(config.grid()), config.threads());
                    NDManager manager = NDManager.newBaseManager()) {
                checkpoint.loadWeights(model);
                TrainingStep step = new TrainingStep(model, gridder, combination, config.backward(), logits, 0);
                for (int c = 0; c < compounds.size(); c++) {
                    CompoundPoses cp = dataset.get(compounds.get(c).key());
                    ReceptorRecord receptor = dataset.receptor(cp.key().target()).orElseThrow();
                    CombinationResult r = finite(step, cp, receptor, manager, checkpoints.get(m));
                    Readout readout = readout(readouts, cp.compound());
                    memberKt[c][m] = r.combined();
                    memberPk[c][m] = LabelReadouts.toPk(readout.apply(r.combined()), readout);
                    int n = r.poseCount();
                    if (memberPoses[c] == null) {
                        memberPoses[c] = new double[3][n];
                    }
                    for (int i = 0; i < n; i++) {
                        memberPoses[c][0][i] += r.prediction(i) / members;
                        memberPoses[c][1][i] += r.weight(i) / members;
                        memberPoses[c][2][i] += r.coefficient(i) / members;
                    }
                    listener.compoundPredicted(m + 1, members, c + 1, compounds.size());
                }
                listener.memberTimed(m + 1, step.phaseTimes());
            }
        }
        List<PredictedCompound> out = new ArrayList<>(compounds.size());
        for (int c = 0; c < compounds.size(); c++) {
            CompoundRecord rec = compounds.get(c);
            List<PoseRecord> poseRecords = dataset.poses(rec.key());
            Readout readout = readout(readouts, rec);
            List<PredictedCompound.Pose> poses = new ArrayList<>();
            for (int i = 0; i < poseRecords.size(); i++) {
                PoseRecord p = poseRecords.get(i);
                double y = memberPoses[c][0][i];
                poses.add(new PredictedCompound.Pose(p.poseIndex(), y, LabelReadouts.toPk(readout.apply(y), readout),
                        memberPoses[c][1][i], memberPoses[c][2][i], score(p, rmsdTags), score(p, DOCK_TAGS)));
            }
            OptionalDouble dock = OptionalDouble.empty();
            for (PoseRecord p : poseRecords) {
                if (p.poseIndex() == 1) {
                    dock = score(p, DOCK_TAGS);
                }
            }
            out.add(new PredictedCompound(rec.key(), split.find(rec.key()), rec.label(), mean(memberPk[c]),
                    members > 1 ? OptionalDouble.of(sd(memberPk[c])) : OptionalDouble.empty(), mean(memberKt[c]),
                    poseRecords.get(0).atomCount(), dock, poses));
        }
        return out;
    }

    /** Predictions need the pose logits only as the combination's prior (a pose loss is not evaluated here). */
    static PoseLogits predictionLogits(TrainingConfig config) {
        return TrainingComponents.poseLogits(config) == PoseLogits.PRIOR
                ? PoseLogits.PRIOR : PoseLogits.NONE;
    }

    /**
     * The evaluation pass of one compound, or — when the checkpoint predicts NaN or ±∞ for a pose — an input error
     * naming the checkpoint, the compound, the pose and its source record, and what to do. Such a checkpoint cannot
     * score that pose, and scoring only the other compounds would quietly change what the metrics are of, so the
     * whole prediction stops (exit code 2), never with an internal error.
     */
    static CombinationResult finite(TrainingStep step, CompoundPoses cp, ReceptorRecord receptor,
            NDManager manager, Path checkpoint) {
        CombinationResult r;
        try {
            r = step.predict(cp, receptor, manager);
        } catch (ArithmeticException e) {
            Matcher m = NON_FINITE.matcher(String.valueOf(e.getMessage()));
            throw notFinite(checkpoint, cp, firstNonFinite(step, cp, receptor, manager),
                    m.find() ? "y = " + m.group(1) + " kT" : String.valueOf(e.getMessage()));
        }
        if (!Double.isFinite(r.combined())) {
            throw notFinite(checkpoint, cp, -1, "the combined prediction is " + r.combined() + " kT");
        }
        return r;
    }

    /** The index (into the compound's poses) of the first pose predicting a non-finite value, -1 when unknown. */
    private static int firstNonFinite(TrainingStep step, CompoundPoses cp, ReceptorRecord receptor,
            NDManager manager) {
        for (int i = 0; i < cp.poses().size(); i++) {
            CompoundPoses one = new CompoundPoses(new CompoundRecord(cp.key(), cp.compound().label(),
                    cp.compound().smiles(), 1), List.of(cp.poses().get(i)));
            try {
                step.predict(one, receptor, manager);
            } catch (ArithmeticException e) {
                return i;
            }
        }
        return -1;
    }

    private static InputException notFinite(Path checkpoint, CompoundPoses cp, int pose,
            String detail) {
        String which = pose < 0 ? "" : "pose " + cp.poses().get(pose).poseIndex() + " of ";
        String source = pose < 0 ? "" : " (" + cp.poses().get(pose).sourceFile() + " record "
                + cp.poses().get(pose).sourceRecord() + ")";
        return new InputException(checkpoint + ": the model's prediction for " + which + cp.key()
                + source + " is not a finite number (" + detail + "); this checkpoint cannot score it: predict with"
                + " another checkpoint (--checkpoint last, or an epoch-NNNN directory of the run), or leave the pose"
                + " out (--pose-filter, --top-poses)");
    }

    static Readout readout(LabelReadouts readouts, CompoundRecord c) {
        Optional<AffinityLabel> l = c.label();
        return l.isPresent() ? readouts.readout(l.get()) : new org.multipose.combination.PKReadout();
    }

    static OptionalDouble score(PoseRecord p, List<String> tags) {
        for (String t : tags) {
            Double v = p.scores().get(t);
            if (v != null && Double.isFinite(v)) {
                return OptionalDouble.of(v);
            }
        }
        return OptionalDouble.empty();
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation (n − 1). */
    static double sd(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
