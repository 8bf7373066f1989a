package org.multipose.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.multipose.combination.Combination;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.GradientRoute;
import org.multipose.combination.PKReadout;
import org.multipose.combination.Readout;
import org.multipose.config.ReadoutConfig;
import org.multipose.data.CompoundPoses;
import org.multipose.data.ReceptorRecord;
import org.multipose.model.PoseModel;
import org.multipose.train.loss.CompoundTarget;
import org.multipose.train.loss.LabelReadouts;
import org.multipose.train.loss.MseLoss;
import org.multipose.train.optim.GradientClipping;
import org.multipose.train.optim.Optimizer;
import org.multipose.train.optim.Sgd;

/**
 * One real training step on {@link ToyData}'s tiny network and grids, for tests outside this package (e.g. the
 * extension examples): MSE on the pK readout, plain SGD (no momentum, no decay, no clipping), no augmentation.
 */
public final class TrainingFixture {

    private TrainingFixture() {
    }

    /**
     * What a step did.
     *
     * @param result the compound's combination result in the step
     * @param before the parameters before it, by name
     * @param after  the parameters after it
     */
    public record Step(CombinationResult result, Map<String, double[]> before, Map<String, double[]> after) {}

    /** A toy compound with its several poses and a label. */
    public static CompoundPoses compound() {
        return ToyData.compounds(3, 17).get(0);
    }

    /** One SGD step (learning rate 0.1) with {@code combination} over {@code compound}, from the same initial net. */
    public static Step oneStep(Combination combination, CompoundPoses compound) {
        ReceptorRecord receptor = ToyData.receptor();
        Readout pk = new PKReadout();
        CompoundTarget target = new LabelReadouts(ReadoutConfig.defaults())
                .target(compound.compound().label().orElseThrow(), pk, compound.poses(), Optional.empty());
        try (PoseModel model = PoseModel.create(ToyData.model(), 3, DataType.FLOAT64);
                PoseGridder gridder = new PoseGridder(ToyData.GRID, 4, 0, new GridCenter.LigandCentroid(), 1);
                NDManager manager = NDManager.newBaseManager();
                Optimizer sgd = new Sgd(new Sgd.Settings(0, 0, false, 0), GradientClipping.none())) {
            Map<String, double[]> before = parameters(model);
            TrainingStep step = new TrainingStep(model, gridder, combination, GradientRoute.DICTIONARY);
            BatchStep.Outcome o = BatchStep.run(step, sgd, 0.1, List.of(new BatchStep.Example(compound, receptor,
                    new MseLoss().bind(pk, target), i -> 0L)), Augmentation.NONE, manager);
            return new Step(o.results().get(0), before, parameters(model));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, double[]> parameters(PoseModel model) {
        Map<String, double[]> out = new LinkedHashMap<>();
        model.parameters().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }
}
