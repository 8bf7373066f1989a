package org.multipose.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.multipose.combination.BoltzmannCombination;
import org.multipose.combination.Combination;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.GradientDictionary;
import org.multipose.combination.GradientRoute;
import org.multipose.combination.MaxCombination;
import org.multipose.combination.MeanCombination;
import org.multipose.combination.PKReadout;
import org.multipose.combination.PoseLogits;
import org.multipose.combination.Readout;
import org.multipose.data.CompoundPoses;
import org.multipose.data.ReceptorRecord;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;
import org.multipose.train.loss.CompoundTarget;
import org.multipose.train.loss.LabelReadouts;
import org.multipose.train.loss.LossTerm;
import org.multipose.train.loss.MseLoss;
import org.multipose.train.loss.PoseClassLoss;
import org.multipose.train.loss.WeightedLoss;
import org.multipose.train.optim.GradientClipping;
import org.multipose.train.optim.Optimizer;
import org.multipose.train.optim.Sgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fine-tuning step: a network with a pose head whose first two stages are frozen, the pose prior σ(d_i) in the
 * combination (d_i = l₁ − l₀ of the pose head, so the prior depends on the trained parameters too), and a loss on
 * both ŷ and the pose logits (0.5·MSE of the pK readout + 0.5·gnina's pose classification), on 3 toy compounds of
 * 2–4 poses. Against one reference: DJL autograd through every pose of every compound at once, the combination and
 * both losses written as NDArray expressions, the mean over compounds — in float64.
 * <ul>
 *   <li>both routes × each combination (mean, LSE smooth minimum at scale 2, Boltzmann at kT 1.5) × with and
 *       without the trunk cache: the step's gradient equals the reference to 1e-10 relative to the parameter's
 *       largest entry, frozen parameters have none, and one plain SGD step (lr 0.05) moves every trainable parameter
 *       by lr·gradient (1e-12 absolute) and no frozen one at all (bit for bit);</li>
 *   <li>the step on kept trunk activations equals the step through the whole network to 1e-12 (float64) and 1e-5
 *       relative (float32, where only the order of float sums can differ), and after the first pass the trunk cache
 *       grids no receptor and runs no frozen stage again.</li>
 * </ul>
 */
class FineTuneStepTest {

    private static final double LR = 0.05;
    private static final Set<String> FROZEN = Set.of("unit1_conv.weight", "unit1_conv.bias", "unit2_conv.weight",
            "unit2_conv.bias");

    static ModelSpec spec() {
        return new ModelSpec(ModelSpec.SMALL, 4, 8, List.of(2, 2, 3, 3, 4), true);
    }

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (GradientRoute route : TrainingStep.ROUTES) {
            for (String c : List.of("mean", "max", "boltzmann")) {
                out.add(Arguments.of(route, c, 0));
                out.add(Arguments.of(route, c, 2));
            }
        }
        return out;
    }

    private static Combination combination(String name) {
        return switch (name) {
            case "mean" -> new MeanCombination();
            case "max" -> new MaxCombination(true, 2.0);
            default -> new BoltzmannCombination(1.5);
        };
    }

    /** ŷ of one compound from y (N) and d (N): weights ∝ σ(d_i)·exp(logit_i), as the definitions say. */
    private static NDArray combined(String name, NDArray y, NDArray d) {
        NDArray logPrior = d.neg().exp().add(1.0).log().neg();
        switch (name) {
            case "mean":
                return logPrior.softmax(0).mul(y).sum();
            case "max": {
                NDArray a = y.mul(-2.0).add(logPrior);
                NDArray m = a.max().stopGradient();
                return a.sub(m).exp().sum().log().add(m).div(-2.0);
            }
            default:
                return y.div(-1.5).add(logPrior).softmax(0).mul(y).sum();
        }
    }

    private static LossTerm loss() {
        return new WeightedLoss(List.of(new WeightedLoss.Term(new MseLoss(), 1),
                new WeightedLoss.Term(new PoseClassLoss(1.2), 1)));
    }

    private static List<CompoundTarget> targets(List<CompoundPoses> compounds, Readout pk) {
        LabelReadouts readouts = new LabelReadouts(org.multipose.config.ReadoutConfig.defaults());
        List<CompoundTarget> out = new ArrayList<>();
        for (CompoundPoses c : compounds) {
            out.add(readouts.target(c.compound().label().orElseThrow(), pk, c.poses(), Optional.of("rmsd")));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}, {2} cached stages")
    @MethodSource("cases")
    void theStepEqualsAutogradThroughTheWholeNetwork(GradientRoute route, String name, int cached) {
        List<CompoundPoses> compounds = ToyData.compounds(3, 29);
        ReceptorRecord receptor = ToyData.receptor();
        Readout pk = new PKReadout();
        List<CompoundTarget> targets = targets(compounds, pk);
        try (PoseModel model = PoseModel.create(spec(), 5, DataType.FLOAT64);
                PoseGridder gridder = new PoseGridder(ToyData.GRID, 4, 0, new GridCenter.LigandCentroid(), 1);
                NDManager manager = NDManager.newBaseManager()) {
            model.freeze(FROZEN);
            assertEquals(2, model.frozenStages());
            Map<String, double[]> reference = reference(model, gridder, compounds, receptor, targets, name, manager);
            assertEquals(model.trainableParameters().keySet(), reference.keySet());
            Map<String, double[]> before = new LinkedHashMap<>();
            model.parameters().forEach((k, v) -> before.put(k, v.toDoubleArray()));

            TrainingStep step = new TrainingStep(model, gridder, combination(name), route,
                    PoseLogits.PRIOR, cached);
            List<BatchStep.Example> batch = new ArrayList<>();
            for (int c = 0; c < compounds.size(); c++) {
                batch.add(new BatchStep.Example(compounds.get(c), receptor, loss().bind(pk, targets.get(c)), i -> 0L));
            }
            try (NDManager scratch = manager.newSubManager()) {
                GradientDictionary mean = BatchStep.meanGradient(step, batch, Augmentation.NONE, scratch,
                        new double[3], new CombinationResult[3]);
                assertEquals(List.copyOf(reference.keySet()), mean.names(), "only trainable parameters");
                for (Map.Entry<String, double[]> e : reference.entrySet()) {
                    assertClose(e.getValue(), mean.toDoubleArray(e.getKey()), 1e-10, e.getKey());
                }
            }
            try (Optimizer sgd = new Sgd(Sgd.Settings.plain(), GradientClipping.none())) {
                BatchStep.run(step, sgd, LR, batch, Augmentation.NONE, manager);
                assertTrue(sgd.saveState().slots().entries().isEmpty(), "plain SGD keeps no slots");
            }
            for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                double[] after = e.getValue().toDoubleArray();
                double[] b = before.get(e.getKey());
                if (FROZEN.contains(e.getKey())) {
                    assertArrayEquals(b, after, e.getKey() + " is frozen");
                    continue;
                }
                double[] g = reference.get(e.getKey());
                for (int j = 0; j < after.length; j++) {
                    assertEquals(b[j] - LR * g[j], after[j], 1e-12, e.getKey() + "[" + j + "] after one SGD step");
                }
            }
        }
    }

    /** ∂L/∂θ of the mean compound loss by autograd through all poses at once (trainable parameters only). */
    private static Map<String, double[]> reference(PoseModel model, PoseGridder gridder, List<CompoundPoses> compounds,
            ReceptorRecord receptor, List<CompoundTarget> targets, String name, NDManager manager) {
        float[] grid = new float[gridder.gridLength()];
        Map<String, double[]> out = new LinkedHashMap<>();
        try (NDManager ref = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray total = null;
            for (int c = 0; c < compounds.size(); c++) {
                CompoundPoses cp = compounds.get(c);
                int n = cp.poses().size();
                double[] x = new double[n * grid.length];
                for (int i = 0; i < n; i++) {
                    gridder.grid(receptor, cp.poses(), i, Augmentation.NONE, 0, grid);
                    for (int j = 0; j < grid.length; j++) {
                        x[i * grid.length + j] = grid[j];
                    }
                }
                NDList outputs = model.forward(ref.create(x, new Shape(n, 4, 8, 8, 8)));
                NDArray y = outputs.get(0);
                NDArray d = outputs.get(1).get(":, 1").sub(outputs.get(1).get(":, 0"));
                CompoundTarget t = targets.get(c);
                NDArray mse = combined(name, y, d).div(-Math.log(10)).sub(t.value()).square();
                // gnina's pose loss: mean over poses of softplus(d) − g·d, g = 1 for RMSD ≤ 1.2 Å
                double[] rmsd = t.poseRmsd();
                double[] good = new double[n];
                for (int i = 0; i < n; i++) {
                    good[i] = rmsd[i] <= 1.2 ? 1 : 0;
                }
                NDArray poseClass = d.exp().add(1.0).log().sub(d.mul(ref.create(good))).mean();
                NDArray lc = mse.mul(0.5).add(poseClass.mul(0.5));
                total = total == null ? lc : total.add(lc);
            }
            collector.backward(total.div(compounds.size()));
            for (Map.Entry<String, NDArray> e : model.trainableParameters().entrySet()) {
                try (NDArray g = e.getValue().getGradient()) {
                    out.put(e.getKey(), g.toDoubleArray());
                }
            }
        }
        GradientDictionary.zeroGradients(model.block().getParameters());
        return out;
    }

    @Test
    void keptTrunkActivationsGiveTheStepOfTheWholeNetwork() {
        for (DataType type : List.of(DataType.FLOAT64, DataType.FLOAT32)) {
            double tolerance = type == DataType.FLOAT64 ? 1e-12 : 1e-5;
            List<CompoundPoses> compounds = ToyData.compounds(4, 41);
            ReceptorRecord receptor = ToyData.receptor();
            Readout pk = new PKReadout();
            List<CompoundTarget> targets = targets(compounds, pk);
            for (GradientRoute route : TrainingStep.ROUTES) {
                List<Map<String, double[]>> grads = new ArrayList<>();
                for (int cached : new int[] {0, 2}) {
                    try (PoseModel model = PoseModel.create(spec(), 9, type);
                            PoseGridder gridder = new PoseGridder(ToyData.GRID, 4, 0, new GridCenter.LigandCentroid(),
                                    1);
                            NDManager manager = NDManager.newBaseManager()) {
                        model.freeze(FROZEN);
                        TrainingStep step = new TrainingStep(model, gridder, new MaxCombination(true, 1.0), route,
                                PoseLogits.PRIOR, cached);
                        List<BatchStep.Example> batch = new ArrayList<>();
                        for (int c = 0; c < compounds.size(); c++) {
                            batch.add(new BatchStep.Example(compounds.get(c), receptor,
                                    loss().bind(pk, targets.get(c)), i -> 0L));
                        }
                        Map<String, double[]> last = null;
                        long griddings = 0;
                        for (int pass = 0; pass < 2; pass++) {
                            try (NDManager scratch = manager.newSubManager()) {
                                GradientDictionary g = BatchStep.meanGradient(step, batch, Augmentation.NONE, scratch,
                                        new double[4], new CombinationResult[4]);
                                last = new LinkedHashMap<>();
                                for (String n : g.names()) {
                                    last.put(n, g.toDoubleArray(n));
                                }
                            }
                            if (pass == 0) {
                                griddings = gridder.receptorGriddings();
                            }
                        }
                        if (cached > 0) {
                            assertEquals(griddings, gridder.receptorGriddings(), "the second pass grids nothing");
                            assertEquals(ToyData.compounds(4, 41).stream().mapToLong(c -> c.poses().size()).sum(),
                                    step.trunkCache().orElseThrow().poses(), "each pose's trunk ran once");
                        } else {
                            assertTrue(gridder.receptorGriddings() > griddings, "without the cache every pass grids");
                            assertFalse(step.trunkCache().isPresent());
                        }
                        grads.add(last);
                    }
                }
                for (String n : grads.get(0).keySet()) {
                    assertClose(grads.get(0).get(n), grads.get(1).get(n), tolerance, type + " " + route + " " + n);
                }
            }
        }
    }

    private static void assertClose(double[] want, double[] got, double relTol, String what) {
        assertEquals(want.length, got.length, what);
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, what + " has a gradient");
        for (int j = 0; j < want.length; j++) {
            assertEquals(want[j], got[j], relTol * scale, what + "[" + j + "]");
        }
    }
}
