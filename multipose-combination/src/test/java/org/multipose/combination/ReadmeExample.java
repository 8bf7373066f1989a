package org.multipose.combination;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.multipose.combination.BoltzmannCombination;
import org.multipose.combination.Combination;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.CompoundGradient;
import org.multipose.combination.CompoundLoss;
import org.multipose.combination.GradientDictionary;
import org.multipose.combination.GradientRoute;
import org.multipose.combination.LossGradient;
import org.multipose.combination.MultiPoseModel;
import org.multipose.combination.PKReadout;
import org.multipose.combination.Readout;

/** One compound with four poses: a Boltzmann-combined prediction, a pK loss, two optimizer steps (two routes). */
public class ReadmeExample {

    public static void main(String[] args) {
        System.out.println(Arrays.toString(run()));
    }

    /** Returns the loss before the first step, after it, and after the second. */
    static double[] run() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // A per-pose model: 8 features of one pose (1, 8) -> its free energy in kT (1, 1).
            SequentialBlock block = new SequentialBlock()
                    .add(Linear.builder().setUnits(16).build())
                    .add(Activation::tanh)
                    .add(Linear.builder().setUnits(1).build());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 8));
            ParameterStore store = new ParameterStore(manager, false);
            float[][] poses = new float[4][8];
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 8; j++) {
                    poses[i][j] = (float) Math.sin(1.0 + i + 3.0 * j);
                }
            }
            Combination combination = new BoltzmannCombination(); // kT = 1, predictions in kT
            Readout pK = new PKReadout();                          // pK = −ŷ / ln 10
            double label = 1.5;                                    // measured pK
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build();

            // Route 1, by hand: one forward + backward per pose, each gradient captured into a dictionary
            // (capture copies it out and zeroes the model's buffers for the next pose).
            double[] y = new double[4];
            List<GradientDictionary> perPose = new ArrayList<>();
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                for (int i = 0; i < 4; i++) {
                    try (NDManager scratch = manager.newSubManager()) {
                        NDArray x = scratch.create(poses[i], new Shape(1, 8));
                        NDArray yi = block.forward(store, new NDList(x), true).head();
                        y[i] = yi.getFloat(0, 0);
                        collector.backward(yi);
                    }
                    perPose.add(GradientDictionary.capture(block, manager));
                }
            }
            CombinationResult r = combination.forward(y);
            double residual = pK.apply(r.combined()) - label;
            double lossBefore = residual * residual;
            double dLossDCombined = pK.backward(r.combined(), 2 * residual);
            System.out.println("pose weights " + Arrays.toString(r.weights()));
            try (GradientDictionary gradient = combination.backward(r, dLossDCombined, new double[0], perPose,
                    manager)) {
                gradient.applyTo(sgd, block.getParameters());
            }
            perPose.forEach(GradientDictionary::close);

            // Route 2, with MultiPoseModel: one batched forward, one backward of Σ k_i·y_i, same gradient.
            CompoundLoss loss = res -> {
                double d = pK.apply(res.combined()) - label;
                return LossGradient.onCombined(d * d, pK.backward(res.combined(), 2 * d));
            };
            MultiPoseModel model = new MultiPoseModel(block, store, combination);
            List<NDList> inputs = new ArrayList<>();
            for (float[] p : poses) {
                inputs.add(new NDList(manager.create(p, new Shape(1, 8))));
            }
            double lossAfterFirst;
            try (CompoundGradient step = model.gradient(inputs, loss, GradientRoute.BATCHED, manager)) {
                lossAfterFirst = step.loss().loss();
                step.gradient().applyTo(sgd, block.getParameters());
            }
            double lossAfterSecond = loss.evaluate(model.predict(inputs)).loss();
            return new double[] {lossBefore, lossAfterFirst, lossAfterSecond};
        }
    }
}
