package org.multipose.predict;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.multipose.combination.Combination;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.PoseLogits;
import org.multipose.combination.Readout;
import org.multipose.config.GridSpec;
import org.multipose.config.TrainingConfig;
import org.multipose.data.CompoundPoses;
import org.multipose.data.DatasetMetadata;
import org.multipose.data.PoseRecord;
import org.multipose.data.ReceptorRecord;
import org.multipose.data.Split;
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
 * A run's checkpoints loaded once and predicting compounds one at a time, in any order: what a worker that streams
 * its share of a dataset (a Spark task) needs. Each compound gets exactly what {@link RunPredictor} gives it — the
 * same evaluation pass per member, the same member order in every sum — so the two agree to the bit (tested in the
 * Spark module). Not thread-safe; close it to free the models.
 */
public final class CompoundPredictor implements AutoCloseable {

    private record Member(PoseModel model, PoseGridder gridder, TrainingStep step, Path checkpoint) {}

    private final List<Member> members = new ArrayList<>();
    private final NDManager manager;
    private final LabelReadouts readouts;
    private final List<String> rmsdTags = new ArrayList<>();

    /**
     * Loads every checkpoint (one per ensemble member) for datasets with {@code metadata}'s typing.
     *
     * @param config the run's config (grid, model, combination, readout, threads)
     */
    public CompoundPredictor(TrainingConfig config, DatasetMetadata metadata, List<Path> checkpoints) {
        EngineThreads.configure(config.threads());
        int channels = metadata.channelNames().size();
        GridSpec grid = config.grid();
        PoseLogits logits = RunPredictor.predictionLogits(config);
        Combination combination = TrainingComponents.combination(config.combination());
        readouts = new LabelReadouts(config.readout());
        TrainingComponents.rmsdTag(config.loss()).ifPresent(rmsdTags::add);
        rmsdTags.addAll(RunPredictor.RMSD_TAGS);
        manager = NDManager.newBaseManager();
        try {
            for (Path cp : checkpoints) {
                Checkpoint checkpoint = Checkpoint.read(cp);
                // each member's own network (an ensemble from gnina:default mixes Dense and default2018)
                ModelSpec spec = TrainingComponents.model(config, checkpoint.state().member(), channels);
                PoseModel model = PoseModel.create(spec, 0);
                PoseGridder gridder = new PoseGridder(grid, channels, metadata.receptorChannels(),
                        GridCenter.of(config.grid()), config.threads());
                members.add(new Member(model, gridder, new TrainingStep(model, gridder, combination,
                        config.backward(), logits, 0), cp));
                checkpoint.loadWeights(model);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The prediction of one compound (its poses as the dataset's selection keeps them) with its split. */
    public PredictedCompound predict(CompoundPoses cp, ReceptorRecord receptor, Optional<Split> split) {
        int m = members.size();
        double[] pk = new double[m];
        double[] kt = new double[m];
        double[][] poses = null;
        Readout readout = RunPredictor.readout(readouts, cp.compound());
        for (int k = 0; k < m; k++) {
            Member member = members.get(k);
            CombinationResult r = RunPredictor.finite(member.step(), cp, receptor, manager, member.checkpoint());
            kt[k] = r.combined();
            pk[k] = LabelReadouts.toPk(readout.apply(r.combined()), readout);
            int n = r.poseCount();
            if (poses == null) {
                poses = new double[3][n];
            }
            for (int i = 0; i < n; i++) {
                poses[0][i] += r.prediction(i) / m;
                poses[1][i] += r.weight(i) / m;
                poses[2][i] += r.coefficient(i) / m;
            }
        }
        List<PoseRecord> records = cp.poses();
        List<PredictedCompound.Pose> out = new ArrayList<>();
        OptionalDouble dock = OptionalDouble.empty();
        for (int i = 0; i < records.size(); i++) {
            PoseRecord p = records.get(i);
            double y = poses[0][i];
            out.add(new PredictedCompound.Pose(p.poseIndex(), y, LabelReadouts.toPk(readout.apply(y), readout),
                    poses[1][i], poses[2][i], RunPredictor.score(p, rmsdTags),
                    RunPredictor.score(p, RunPredictor.DOCK_TAGS)));
            if (p.poseIndex() == 1) {
                dock = RunPredictor.score(p, RunPredictor.DOCK_TAGS);
            }
        }
        return new PredictedCompound(cp.key(), split, cp.compound().label(), RunPredictor.mean(pk),
                m > 1 ? OptionalDouble.of(RunPredictor.sd(pk)) : OptionalDouble.empty(), RunPredictor.mean(kt),
                records.get(0).atomCount(), dock, out);
    }

    @Override
    public void close() {
        for (Member member : members) {
            member.gridder().close();
            member.model().close();
        }
        members.clear();
        manager.close();
    }
}
